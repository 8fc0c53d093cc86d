//! A table as one Excel workbook (docs/excel.md): sheets `index`, `Z`, `Y`, `VA`, `x`,
//! one per satellite (first cell `indicator`), `Y_index` when the final-demand regions
//! are not inferred from the labels, and `meta` holding the lines of `table.toml` (row
//! N = line N). Written with rust_xlsxwriter; read with calamine into the files of a
//! table folder, which the one folder reader then checks, so a workbook and a folder
//! obey the same rules. Numbers are stored as f64 and read back bit for bit.

use super::read::{read_folder, Folder};
use super::write::{check_satellite_names, index_csv, y_index_csv};
use super::IoTable;
use crate::error::{Error, Result};
use calamine::{Data, Range, Reader, Xlsx};
use faer::MatRef;
use rust_xlsxwriter::{Workbook, Worksheet};
use std::path::Path;

/// Sheets a table workbook must hold.
const REQUIRED: [&str; 4] = ["index", "Z", "Y", "VA"];
/// Excel's limits of one worksheet.
const MAX_ROWS: usize = 1_048_576;
const MAX_COLS: usize = 16_384;

/// Whether `path` names a workbook (`.xlsx`, any case) rather than a table folder.
pub fn is_book(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
        && !path.is_dir()
}

/// `A1`-style reference of the 0-based cell (`row`, `col`).
pub fn cell_ref(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = col + 1;
    while c > 0 {
        letters.push(b'A' + ((c - 1) % 26) as u8);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8(letters).expect("ASCII"), row + 1)
}

/// Read a table workbook written by [`write_book`] (or by hand, same layout).
pub fn read_book(path: &Path) -> Result<IoTable> {
    crate::fsio::check_regular_file(path)?;
    let mut wb: Xlsx<_> = calamine::open_workbook(path).map_err(|e| {
        Error::io(
            path,
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("not an Excel workbook (.xlsx, a zip of XML sheets): {e}"),
            ),
        )
    })?;
    let names = wb.sheet_names();
    if let Some(miss) = REQUIRED.iter().find(|r| !names.iter().any(|n| n == *r)) {
        return Err(Error::Config {
            path: path.to_path_buf(),
            message: format!(
                "no sheet `{miss}`: a table workbook holds sheets index, Z, Y, VA (and x, \
                 one per satellite, meta; see docs/excel.md); this one has {}",
                names.join(", ")
            ),
        });
    }
    let mut files = Vec::new();
    for name in &names {
        let range = wb.worksheet_range(name).map_err(|e| Error::Config {
            path: path.to_path_buf(),
            message: format!("sheet {name}: cannot be read: {e}"),
        })?;
        let place =
            |r: u32, c: u32| format!("{}, sheet {name}, cell {}", path.display(), cell_ref(r, c));
        let corner = cell_text(range.get_value((0, 0)).unwrap_or(&Data::Empty));
        let file = match name.as_str() {
            "meta" => ("table.toml".to_string(), meta_text(&range)),
            "index" | "Y_index" => (format!("{name}.csv"), sheet_csv(&range, None)?),
            "Z" | "Y" | "VA" | "x" => (format!("{name}.csv"), sheet_csv(&range, Some(&place))?),
            _ if corner == "indicator" => (format!("{name}.csv"), sheet_csv(&range, Some(&place))?),
            _ => continue, // a sheet of notes: not part of the table
        };
        if file.1.is_empty() {
            return Err(Error::Config {
                path: path.to_path_buf(),
                message: format!("sheet {name} is empty: expected a header row in row 1"),
            });
        }
        files.push(file);
    }
    read_folder(&Folder::Book(path.to_path_buf(), files)).map_err(rows_not_lines)
}

/// The folder reader counts lines; in a sheet, line N is row N.
fn rows_not_lines(e: Error) -> Error {
    let rows = |m: String| {
        m.replace("line ", "row ")
            .replace("lines ", "rows ")
            .replace("index.csv", "sheet index")
    };
    match e {
        Error::Csv {
            path,
            line,
            message,
        } => Error::Config {
            path,
            message: format!("row {line}: {}", rows(message)),
        },
        Error::Label { path, message } => Error::Label {
            path,
            message: rows(message),
        },
        Error::Config { path, message } => Error::Config {
            path,
            message: rows(message),
        },
        e => e,
    }
}

/// A cell as text: strings as they are, numbers in their shortest exact form.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        // A label typed as a number (an id 7) reads as `7`, not `7.0`.
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => format!("{f:?}"),
        Data::Int(i) => i.to_string(),
        other => other.to_string(),
    }
}

/// A data cell as CSV text, or an error naming the cell (`place`).
fn number_text(d: &Data, place: &str) -> Result<String> {
    let bad = |found: String| Error::Config {
        path: place.into(),
        message: format!("expected a number, found {found}"),
    };
    match d {
        Data::Float(f) if f.is_finite() => Ok(format!("{f:?}")),
        Data::Int(i) => Ok(i.to_string()),
        Data::String(s) => match super::csvio::parse_number(s) {
            Ok(_) => Ok(s.trim().to_string()),
            Err(_) => Err(bad(format!("text \"{s}\""))),
        },
        Data::Empty => Err(bad("an empty cell".into())),
        Data::Bool(b) => Err(bad(format!("the boolean {b}"))),
        Data::Error(e) => Err(bad(format!("the Excel error {e}"))),
        other => Err(bad(format!("a date or duration ({other})"))),
    }
}

/// A sheet as CSV bytes, every cell from A1 to the last used one (so line N is row N).
/// With `numbers`, every cell right of column A and below row 1 must be a number; the
/// closure names a cell for the message.
fn sheet_csv(range: &Range<Data>, numbers: Option<&dyn Fn(u32, u32) -> String>) -> Result<Vec<u8>> {
    let Some((end_r, end_c)) = range.end() else {
        return Ok(Vec::new());
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in 0..=end_r {
        let mut rec = Vec::with_capacity(end_c as usize + 1);
        for c in 0..=end_c {
            let d = range.get_value((r, c)).unwrap_or(&Data::Empty);
            rec.push(match numbers {
                Some(place) if r > 0 && c > 0 => number_text(d, &place(r, c))?,
                _ => cell_text(d),
            });
        }
        w.write_record(&rec).expect("writing to memory");
    }
    Ok(w.into_inner().expect("writing to memory"))
}

/// The `meta` sheet's column A as the text of `table.toml`.
fn meta_text(range: &Range<Data>) -> Vec<u8> {
    let Some((end_r, _)) = range.end() else {
        return b"\n".to_vec();
    };
    let mut text = String::new();
    for r in 0..=end_r {
        text.push_str(&cell_text(range.get_value((r, 0)).unwrap_or(&Data::Empty)));
        text.push('\n');
    }
    text.into_bytes()
}

/// Write `table` as one workbook at `path` (atomically).
pub fn write_book(table: &IoTable, path: &Path) -> Result<()> {
    check_satellite_names(table)?;
    if let Some(s) = table
        .satellites
        .iter()
        .find(|s| s.name.eq_ignore_ascii_case("meta") || s.name.chars().count() > 31)
    {
        return Err(Error::bad_value(
            format!("satellite `{}`", s.name),
            &s.name,
            "a satellite name of at most 31 characters other than `meta` (an Excel \
             sheet name; rename it or write the table as a folder)",
        ));
    }
    let xerr = |e: rust_xlsxwriter::XlsxError| {
        Error::io(
            path,
            std::io::Error::other(format!("cannot write the workbook: {e}")),
        )
    };
    let ids = table.index.ids();
    let n = ids.len();
    let mut wb = Workbook::new();
    text_sheet(wb.add_worksheet(), "index", &index_csv(table)).map_err(xerr)?;
    let x = MatRef::from_column_major_slice(&table.x, n, 1);
    let x_label = ["x".to_string()];
    let sheets: Vec<Sheet<'_>> = [
        ("Z", "id", ids, ids, table.z.as_ref()),
        ("Y", "id", ids, &table.y_labels[..], table.y.as_ref()),
        (
            "VA",
            "component",
            &table.va_labels[..],
            ids,
            table.va.as_ref(),
        ),
        ("x", "id", ids, &x_label[..], x),
    ]
    .into_iter()
    .chain(table.satellites.iter().map(|s| {
        let m = s.values.as_ref();
        (s.name.as_str(), "indicator", &s.indicators[..], ids, m)
    }))
    .collect();
    for (name, corner, rows, cols, m) in sheets {
        if rows.len() + 1 > MAX_ROWS || cols.len() + 1 > MAX_COLS {
            return Err(Error::shape(
                format!("{}: sheet {name}", path.display()),
                format!("{} rows and {} columns", rows.len() + 1, cols.len() + 1),
                format!(
                    "at most {MAX_ROWS} rows and {MAX_COLS} columns (an Excel sheet's \
                     limit): write the table as a folder"
                ),
            ));
        }
        matrix_sheet(wb.add_worksheet(), name, corner, rows, cols, m).map_err(xerr)?;
    }
    if let Some(y_index) = y_index_csv(table) {
        text_sheet(wb.add_worksheet(), "Y_index", &y_index).map_err(xerr)?;
    }
    if table.meta != Default::default() {
        let text = toml::to_string(&table.meta).map_err(|e| {
            Error::io(
                path,
                std::io::Error::other(format!("cannot write table.toml: {e}")),
            )
        })?;
        let ws = wb.add_worksheet().set_name("meta").map_err(xerr)?;
        for (r, line) in text.lines().enumerate() {
            ws.write_string(r as u32, 0, line).map_err(xerr)?;
        }
    }
    let bytes = wb.save_to_buffer().map_err(xerr)?;
    crate::fsio::write_atomic(path, &bytes)
}

type XResult = std::result::Result<(), rust_xlsxwriter::XlsxError>;

/// A matrix sheet to write: name, corner cell, row labels, column labels, values.
type Sheet<'a> = (
    &'a str,
    &'a str,
    &'a [String],
    &'a [String],
    MatRef<'a, f64>,
);

/// A sheet of text cells from CSV bytes written in memory.
fn text_sheet(ws: &mut Worksheet, name: &str, csv_bytes: &[u8]) -> XResult {
    ws.set_name(name)?;
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv_bytes);
    for (r, rec) in rdr.records().enumerate() {
        let rec = rec.expect("CSV written in memory");
        for (c, f) in rec.iter().enumerate() {
            ws.write_string(r as u32, c as u16, f)?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// A labelled matrix: `corner` in A1, column labels in row 1, row labels in column A.
fn matrix_sheet(
    ws: &mut Worksheet,
    name: &str,
    corner: &str,
    rows: &[String],
    cols: &[String],
    m: MatRef<'_, f64>,
) -> XResult {
    ws.set_name(name)?;
    ws.write_string(0, 0, corner)?;
    for (j, l) in cols.iter().enumerate() {
        ws.write_string(0, j as u16 + 1, l)?;
    }
    for (i, l) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, l)?;
        for j in 0..cols.len() {
            ws.write_number(r, j as u16 + 1, m[(i, j)])?;
        }
    }
    ws.set_freeze_panes(1, 1)?;
    Ok(())
}
