//! Lexical checks of a CSV file before and while it is parsed: line numbers that
//! survive CRLF, readable csv-crate errors, unterminated quotes, and the one
//! number syntax of all tables.

use crate::error::{Error, Result};
use std::path::Path;

/// 1-based line of the record starting at byte `at` of `bytes`. The csv crate's own
/// line count lags by one in files with CRLF line ends (it sees the `\n` of the
/// previous line only when it reads the next record), so count from the bytes.
fn line_at(bytes: &[u8], at: u64) -> u64 {
    let mut start = (at as usize).min(bytes.len());
    while start < bytes.len() && (bytes[start] == b'\n' || bytes[start] == b'\r') {
        start += 1;
    }
    1 + bytes[..start].iter().filter(|&&c| c == b'\n').count() as u64
}

pub(super) fn csv_error(path: &Path, bytes: &[u8], err: csv::Error) -> Error {
    let line = err
        .position()
        .map(|p| line_at(bytes, p.byte()))
        .unwrap_or(0);
    let message = match err.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!(
            "row has {len} fields, expected {expected_len} like the header (ragged row or unquoted comma)"
        ),
        csv::ErrorKind::Utf8 { err, .. } => format!(
            "field {} is not valid UTF-8 (save the file as UTF-8)",
            err.field() + 1
        ),
        _ => format!("malformed CSV: {err}"),
    };
    Error::Csv {
        path: path.to_path_buf(),
        line,
        message,
    }
}

/// Check raw CSV bytes before parsing and strip a UTF-8 byte-order mark (accepted, as
/// Excel writes one). Refuses UTF-16 files (Excel's "Unicode text"), files holding NUL
/// bytes, and a `"` that opens a field and never closes (the csv crate would silently
/// swallow the rest of the file into one field).
pub fn precheck<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a [u8]> {
    let err = |line: u64, message: String| Error::Csv {
        path: path.to_path_buf(),
        line,
        message,
    };
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(err(
            1,
            "file is UTF-16 encoded (e.g. Excel's \"Unicode text\"): save it as \"CSV UTF-8\""
                .into(),
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(k) = bytes.iter().position(|&b| b == 0) {
        let line = 1 + bytes[..k].iter().filter(|&&b| b == b'\n').count() as u64;
        return Err(err(
            line,
            "file holds NUL bytes: it is not a text CSV (UTF-16 or binary?); save it as \"CSV UTF-8\""
                .into(),
        ));
    }
    if let Some(line) = unterminated_quote(bytes) {
        return Err(err(
            line,
            "unterminated quote: a field opened with `\"` here is never closed".into(),
        ));
    }
    Ok(bytes)
}

/// Line of a quoted field left open at the end of the input, following the quoting
/// rules of the csv crate (a quote opens a field only at its start; `""` inside a
/// quoted field is a literal quote).
fn unterminated_quote(bytes: &[u8]) -> Option<u64> {
    #[derive(PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut state = State::FieldStart;
    let mut line = 1u64;
    let mut opened = 0u64;
    for &b in bytes {
        let sep = matches!(b, b',' | b'\n' | b'\r');
        state = match state {
            State::FieldStart if b == b'"' => {
                opened = line;
                State::Quoted
            }
            State::FieldStart | State::Unquoted if sep => State::FieldStart,
            State::FieldStart | State::Unquoted => State::Unquoted,
            State::Quoted if b == b'"' => State::QuoteInQuoted,
            State::Quoted => State::Quoted,
            State::QuoteInQuoted if b == b'"' => State::Quoted,
            State::QuoteInQuoted if sep => State::FieldStart,
            State::QuoteInQuoted => State::Unquoted,
        };
        if b == b'\n' {
            line += 1;
        }
    }
    (state == State::Quoted).then_some(opened)
}

/// A cell's text for an error message: at most 40 characters, newlines shown as `\n`.
pub(super) fn shown(text: &str) -> String {
    let mut s: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        s.push('…');
    }
    s.replace('\r', "\\r").replace('\n', "\\n")
}

/// Parse one numeric cell: finite numbers only.
pub fn parse_number(text: &str) -> std::result::Result<f64, &'static str> {
    let t = text.trim();
    if t.is_empty() {
        return Err("a number (the cell is empty)");
    }
    if t.contains(['\n', '\r']) {
        return Err(
            "a number (this quoted cell runs over several lines: is a closing `\"` missing?)",
        );
    }
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        Ok(_) => Err("a finite number (NaN and infinity are not allowed)"),
        Err(_) => Err("a number"),
    }
}
