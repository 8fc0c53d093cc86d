//! The fast path of [`LabeledMatrix::from_bytes`]: returns `None` whenever the input is
//! not plainly well formed (quotes, ragged or empty rows, bad numbers, bad UTF-8), so
//! that the reference parser handles it and reports any error.

use super::LabeledMatrix;
use rayon::prelude::*;
use std::path::Path;

fn trim(b: &[u8]) -> &[u8] {
    let start = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    let end = b
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(start, |e| e + 1);
    &b[start..end.max(start)]
}

fn number(field: &[u8]) -> Option<f64> {
    let t = trim(field);
    if t.is_empty() {
        return None;
    }
    let s = std::str::from_utf8(t).ok()?;
    let v: f64 = s.parse().ok()?;
    v.is_finite().then_some(v)
}

/// Parse the rows of `text` into `out` (exactly rows x ncols values); the labels.
fn parse_chunk(text: &[u8], ncols: usize, out: &mut [f64]) -> Option<Vec<String>> {
    let mut labels = Vec::with_capacity(out.len() / ncols.max(1));
    let mut k = 0;
    for line in text.split(|&c| c == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            return None;
        }
        let mut fields = line.split(|&c| c == b',');
        let label = std::str::from_utf8(trim(fields.next()?)).ok()?;
        let row = out.get_mut(k..k + ncols)?;
        let mut got = 0;
        for f in fields {
            *row.get_mut(got)? = number(f)?;
            got += 1;
        }
        if got != ncols {
            return None;
        }
        k += ncols;
        labels.push(label.to_string());
    }
    (k == out.len()).then_some(labels)
}

pub(super) fn parse(path: &Path, bytes: &[u8]) -> Option<LabeledMatrix> {
    // Header: the first line, without quotes.
    let nl = bytes.iter().position(|&c| c == b'\n')?;
    let header = bytes[..nl].strip_suffix(b"\r").unwrap_or(&bytes[..nl]);
    if header.contains(&b'"') {
        return None;
    }
    let header: Vec<String> = header
        .split(|&c| c == b',')
        .map(|f| std::str::from_utf8(trim(f)).ok().map(|s| s.to_string()))
        .collect::<Option<_>>()?;
    if header.len() < 2 {
        return None;
    }
    let mut body = &bytes[nl + 1..];
    // Trailing newlines end the file (the csv crate reads no record there).
    while let Some(b) = body.strip_suffix(b"\n") {
        body = b.strip_suffix(b"\r").unwrap_or(b);
    }
    if body.is_empty() || body.contains(&b'"') {
        return None;
    }
    let ncols = header.len() - 1;
    // Split at line ends into about 4 chunks per thread.
    let parts = (rayon::current_num_threads() * 4).max(1);
    let step = body.len() / parts + 1;
    let mut cuts = vec![0usize];
    let mut at = step;
    while at < body.len() {
        match body[at..].iter().position(|&c| c == b'\n') {
            Some(p) => {
                cuts.push(at + p + 1);
                at = at + p + 1 + step;
            }
            None => break,
        }
    }
    cuts.push(body.len() + 1);
    let pieces: Vec<&[u8]> = cuts
        .windows(2)
        .map(|w| &body[w[0]..(w[1] - 1).min(body.len())])
        .collect();
    // Rows per piece (one per line), so values go straight into one buffer.
    let rows: Vec<usize> = pieces
        .iter()
        .map(|p| p.iter().filter(|&&c| c == b'\n').count() + 1)
        .collect();
    let nrows: usize = rows.iter().sum();
    let mut data = vec![0.0f64; nrows.checked_mul(ncols)?];
    let mut slots: Vec<&mut [f64]> = Vec::with_capacity(pieces.len());
    let mut rest: &mut [f64] = &mut data;
    for r in &rows {
        let (a, b) = rest.split_at_mut(r * ncols);
        slots.push(a);
        rest = b;
    }
    let labels: Vec<Vec<String>> = if body.len() > (1 << 20) {
        pieces
            .par_iter()
            .zip(slots.into_par_iter())
            .map(|(p, out)| parse_chunk(p, ncols, out))
            .collect::<Option<_>>()?
    } else {
        pieces
            .iter()
            .zip(slots)
            .map(|(p, out)| parse_chunk(p, ncols, out))
            .collect::<Option<_>>()?
    };
    let row_labels: Vec<String> = labels.into_iter().flatten().collect();
    let mut col_labels = header;
    let corner = col_labels.remove(0);
    if col_labels.iter().any(|l| l.is_empty()) {
        return None;
    }
    let mut seen = std::collections::HashSet::with_capacity(col_labels.len());
    if !col_labels.iter().all(|l| seen.insert(l.as_str())) {
        return None;
    }
    Some(LabeledMatrix {
        path: path.to_path_buf(),
        corner,
        col_labels,
        row_lines: (2..2 + nrows as u64).collect(),
        row_labels,
        data,
    })
}
