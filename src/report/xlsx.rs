//! Frames as an Excel workbook (rust_xlsxwriter): one sheet per frame with a frozen
//! header row `name [unit]`, numbers stored in full precision with a display format,
//! and a `notes` sheet with every frame's title and notes (docs/excel.md).

use super::frame::{Cell, Frame};
use super::number::is_count;
use crate::error::{Error, Result};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

fn xerr(e: XlsxError) -> Error {
    Error::Invalid(format!("writing the workbook: {e}"))
}

/// A sheet name Excel accepts (at most 31 characters, none of `[]:*?/\`), unique in
/// `taken`.
pub fn sheet_name(key: &str, taken: &mut Vec<String>) -> String {
    let clean: String = key
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(28)
        .collect();
    let clean = if clean.is_empty() {
        "sheet".into()
    } else {
        clean
    };
    let mut name = clean.clone();
    let mut k = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
        name = format!("{clean}_{k}");
        k += 1;
    }
    taken.push(name.clone());
    name
}

/// The display format of a numeric column: whole numbers for counts and large
/// amounts, more decimals for small ratios. The stored value keeps full precision.
fn number_format(f: &Frame, j: usize) -> Format {
    let unit = f.columns[j].unit.as_deref().unwrap_or("");
    let max = f
        .rows
        .iter()
        .filter_map(|r| match r[j] {
            Cell::Num(v) => Some(v.abs()),
            _ => None,
        })
        .fold(0.0, f64::max);
    let pattern = if is_count(unit) || max >= 1e4 {
        "#,##0"
    } else if max >= 10.0 {
        "#,##0.00"
    } else if max >= 0.01 {
        "0.0000"
    } else {
        "0.000000"
    };
    Format::new().set_num_format(pattern)
}

fn write_sheet(ws: &mut Worksheet, f: &Frame) -> std::result::Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    for (j, c) in f.columns.iter().enumerate() {
        ws.write_string_with_format(0, j as u16, c.heading(), &bold)?;
        let width = f
            .rows
            .iter()
            .map(|r| match &r[j] {
                Cell::Text(s) => s.chars().count(),
                _ => 12,
            })
            .chain([c.heading().chars().count()])
            .max()
            .unwrap_or(10)
            .clamp(6, 60);
        ws.set_column_width(j as u16, width as f64 + 1.0)?;
    }
    let formats: Vec<Option<Format>> = (0..f.columns.len())
        .map(|j| f.columns[j].is_numeric().then(|| number_format(f, j)))
        .collect();
    for (i, r) in f.rows.iter().enumerate() {
        let row = (i + 1) as u32;
        for (j, c) in r.iter().enumerate() {
            match c {
                Cell::Text(s) => {
                    ws.write_string(row, j as u16, s)?;
                }
                Cell::Num(v) => match &formats[j] {
                    Some(fm) => {
                        ws.write_number_with_format(row, j as u16, *v, fm)?;
                    }
                    None => {
                        ws.write_number(row, j as u16, *v)?;
                    }
                },
                Cell::Missing => {}
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The workbook of `frames` as bytes.
pub fn to_xlsx(frames: &[Frame]) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    let mut taken = vec!["notes".to_string()];
    let mut names = Vec::new();
    for f in frames {
        let name = sheet_name(&f.key, &mut taken);
        let ws = wb.add_worksheet();
        ws.set_name(&name).map_err(xerr)?;
        write_sheet(ws, f).map_err(xerr)?;
        names.push(name);
    }
    let ws = wb.add_worksheet();
    ws.set_name("notes").map_err(xerr)?;
    let bold = Format::new().set_bold();
    let mut row = 0u32;
    (|| -> std::result::Result<(), XlsxError> {
        ws.write_string_with_format(0, 0, "sheet", &bold)?;
        ws.write_string_with_format(0, 1, "title and notes", &bold)?;
        ws.set_column_width(0, 16)?;
        ws.set_column_width(1, 120)?;
        for (f, name) in frames.iter().zip(&names) {
            row += 1;
            ws.write_string(row, 0, name)?;
            ws.write_string_with_format(row, 1, &f.title, &bold)?;
            for n in &f.notes {
                row += 1;
                ws.write_string(row, 1, n)?;
            }
        }
        ws.set_freeze_panes(1, 0)?;
        Ok(())
    })()
    .map_err(xerr)?;
    wb.save_to_buffer().map_err(xerr)
}
