//! Reading the table folder format (docs/design.md): `index.csv`, `Z.csv`, `Y.csv`, `VA.csv`,
//! optional `x.csv`, `Y_index.csv`, satellite files and `table.toml`.
//! Files are matched by label, never by position.

use super::csvio::LabeledMatrix;
use super::{Index, IoTable, Meta, Satellite};
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// Files of the folder format that are not satellites.
const CORE_FILES: [&str; 6] = [
    "index.csv",
    "Z.csv",
    "Y.csv",
    "VA.csv",
    "x.csv",
    "Y_index.csv",
];

/// Read a table folder, or a table workbook (`BOOK.xlsx`, docs/excel.md).
///
/// ```
/// let t = mrio::table::read_table(std::path::Path::new("tables/mb2009_two_sector")).unwrap();
/// assert_eq!(t.len(), 2);
/// assert_eq!(t.x, vec![1000.0, 2000.0]);
/// ```
pub fn read_table(dir: &Path) -> Result<IoTable> {
    if super::book::is_book(dir) {
        return super::book::read_book(dir);
    }
    if npy_form(dir)? {
        return super::npy::read_npy_table(dir);
    }
    read_folder(&Folder::Dir(dir.to_path_buf()))
}

/// Like [`read_table`], but a binary folder's Z stays memory-mapped and is returned
/// beside the table (whose `z` is then empty), for [`crate::calc::compute_mapped`]. A
/// CSV folder (or a `Z.npy` that cannot be mapped) is read as by [`read_table`], with
/// `None`.
pub fn read_table_mapped(dir: &Path) -> Result<(IoTable, Option<super::npy_map::MappedMat>)> {
    if super::book::is_book(dir) {
        return Ok((super::book::read_book(dir)?, None));
    }
    if npy_form(dir)? {
        return super::npy_map::read_npy_table_mapped(dir);
    }
    Ok((read_folder(&Folder::Dir(dir.to_path_buf()))?, None))
}

/// True for a binary folder (`Z.npy`); an error when it holds both forms.
fn npy_form(dir: &Path) -> Result<bool> {
    if super::npy::is_npy_folder(dir) {
        if dir.join("Z.csv").exists() {
            return Err(Error::io(
                dir.join("Z.npy"),
                std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    "the folder holds both Z.csv and Z.npy: a table folder holds one form \
                     (CSV or binary); convert into a new folder with `mrio convert`",
                ),
            ));
        }
        return Ok(true);
    }
    Ok(false)
}

/// Where the files of a table come from: a folder on disk, or files held in memory
/// (the tables compiled into the binary).
#[derive(Debug, Clone)]
pub enum Folder {
    /// A folder on disk.
    Dir(PathBuf),
    /// In-memory files: a display prefix and (file name, contents).
    Memory(PathBuf, Vec<(&'static str, &'static [u8])>),
    /// The sheets of a workbook as the files of a folder (`Z.csv` from sheet `Z`,
    /// `table.toml` from sheet `meta`; see `book.rs`).
    Book(PathBuf, Vec<(String, Vec<u8>)>),
}

impl Folder {
    fn path(&self, name: &str) -> PathBuf {
        match self {
            Folder::Dir(d) | Folder::Memory(d, _) => d.join(name),
            Folder::Book(b, _) => {
                let sheet = match name {
                    "table.toml" => "meta",
                    n => n.trim_end_matches(".csv"),
                };
                PathBuf::from(format!("{}, sheet {sheet}", b.display()))
            }
        }
    }
    /// Whether the file is there; a dangling link, FIFO or unreadable entry is an
    /// error naming it, never "absent".
    fn exists(&self, name: &str) -> Result<bool> {
        match self {
            Folder::Dir(d) => crate::fsio::file_present(&d.join(name)),
            Folder::Memory(_, files) => Ok(files.iter().any(|(n, _)| *n == name)),
            Folder::Book(_, files) => Ok(files.iter().any(|(n, _)| n == name)),
        }
    }
    fn read(&self, name: &str) -> Result<Vec<u8>> {
        match self {
            Folder::Dir(d) => crate::fsio::read_bytes(&d.join(name)),
            Folder::Book(_, files) => files
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, b)| b.clone())
                .ok_or_else(|| Error::io(self.path(name), std::io::ErrorKind::NotFound.into())),
            Folder::Memory(_, files) => files
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, b)| b.to_vec())
                .ok_or_else(|| {
                    Error::io(
                        self.path(name),
                        std::io::Error::new(std::io::ErrorKind::NotFound, "not found"),
                    )
                }),
        }
    }
    fn csv_names(&self) -> Result<Vec<String>> {
        let mut names: Vec<String> = match self {
            Folder::Dir(d) => std::fs::read_dir(d)
                .map_err(|e| Error::io(d, e))?
                .filter_map(|e| e.ok())
                // Folders are skipped; files, links and FIFOs are kept (and refused by
                // the reader if they are not regular files).
                .filter(|e| !e.path().is_dir())
                .filter_map(|e| e.file_name().to_str().map(|s| s.to_string()))
                .collect(),
            Folder::Memory(_, files) => files.iter().map(|(n, _)| n.to_string()).collect(),
            Folder::Book(_, files) => files.iter().map(|(n, _)| n.clone()).collect(),
        };
        names.retain(|n| n.ends_with(".csv") && !n.starts_with('.'));
        names.sort();
        Ok(names)
    }
}

/// Read a table from a [`Folder`].
pub fn read_folder(folder: &Folder) -> Result<IoTable> {
    if let Folder::Dir(dir) = folder {
        if std::fs::symlink_metadata(dir).is_ok() && !dir.exists() {
            crate::fsio::check_regular_file(dir)?;
        }
        if !dir.is_dir() {
            return Err(Error::io(
            dir,
            std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "not a table folder (expected a folder holding index.csv, Z.csv, Y.csv, VA.csv)",
            ),
        ));
        }
        if let Err(e) = std::fs::read_dir(dir) {
            return Err(Error::io(
                dir,
                std::io::Error::new(
                    e.kind(),
                    format!("the folder cannot be read ({e}): check its permissions"),
                ),
            ));
        }
    }
    let meta = if folder.exists("table.toml")? {
        parse_meta(&folder.path("table.toml"), &folder.read("table.toml")?)?
    } else {
        Meta::default()
    };
    let index = if folder.exists("index.csv")? {
        parse_index(&folder.path("index.csv"), &folder.read("index.csv")?)?
    } else {
        return Err(missing(
            &folder.path("index.csv"),
            "index.csv (`id,region,sector`)",
        ));
    };
    let ids = index.ids().to_vec();
    let zf = required(folder, "Z.csv")?;
    let z = zf.aligned(&ids, &ids, "ids of index.csv")?;
    let yf = required(folder, "Y.csv")?;
    let y = yf.rows_aligned(&ids, "ids of index.csv")?;
    let vf = required(folder, "VA.csv")?;
    let va = vf.cols_aligned(&ids, "ids of index.csv")?;
    let x_path = folder.path("x.csv");
    let x = if folder.exists("x.csv")? {
        let xf = LabeledMatrix::from_bytes(&x_path, &folder.read("x.csv")?)?;
        if xf.ncols() != 1 {
            return Err(Error::Csv {
                path: x_path,
                line: 1,
                message: format!("expected two columns `id,x`, found {}", xf.ncols() + 1),
            });
        }
        let m = xf.rows_aligned(&ids, "ids of index.csv")?;
        Some((0..ids.len()).map(|i| m[(i, 0)]).collect())
    } else {
        None
    };
    let mut table = IoTable::new(
        index,
        z,
        y,
        yf.col_labels.clone(),
        va,
        vf.row_labels.clone(),
        x,
    )?;
    if folder.exists("Y_index.csv")? {
        let regions = read_y_index(
            &folder.path("Y_index.csv"),
            &folder.read("Y_index.csv")?,
            &table,
        )?;
        table.set_y_regions(regions)?;
    }
    table.satellites = read_satellites(folder, &ids)?;
    table.meta = meta;
    table.check_primary_inputs(&folder.path("table.toml"))?;
    Ok(table)
}

fn missing(path: &Path, what: &str) -> Error {
    Error::io(
        path,
        std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("missing: a table folder needs {what} (see docs/table-format.md)"),
        ),
    )
}

fn required(folder: &Folder, name: &str) -> Result<LabeledMatrix> {
    let p = folder.path(name);
    if folder.exists(name)? {
        LabeledMatrix::from_bytes(&p, &folder.read(name)?)
    } else {
        Err(missing(&p, name))
    }
}

/// Read `table.toml` (absent file = default metadata).
pub fn read_meta(path: &Path) -> Result<Meta> {
    if !crate::fsio::file_present(path)? {
        return Ok(Meta::default());
    }
    parse_meta(path, &crate::fsio::read_bytes(path)?)
}

fn parse_meta(path: &Path, bytes: &[u8]) -> Result<Meta> {
    let bytes = bytes.to_vec();
    let text = String::from_utf8(bytes).map_err(|_| Error::Config {
        path: path.to_path_buf(),
        message: "not valid UTF-8".into(),
    })?;
    toml::from_str(&text).map_err(|e| toml_error(path, &text, e))
}

/// Turn a toml error into one naming the file and line.
pub fn toml_error(path: &Path, text: &str, e: toml::de::Error) -> Error {
    let Some(span) = e.span() else {
        return Error::Config {
            path: path.to_path_buf(),
            message: e.message().to_string(),
        };
    };
    let start = span.start.min(text.len());
    let line = 1 + text.as_bytes()[..start]
        .iter()
        .filter(|&&b| b == b'\n')
        .count();
    // Quote the offending line so the message names the key.
    let line_text: String = text
        .lines()
        .nth(line - 1)
        .unwrap_or("")
        .trim()
        .chars()
        .take(60)
        .collect();
    Error::Config {
        path: path.to_path_buf(),
        message: format!("line {line}: {} (in `{line_text}`)", e.message()),
    }
}

/// A CSV of text cells: the header, and each row's 1-based line with its fields.
pub type TextCsv = (Vec<String>, Vec<(u64, Vec<String>)>);

/// Read a CSV of text cells: header and (line, fields) rows.
pub fn read_text_csv(path: &Path) -> Result<TextCsv> {
    parse_text_csv(path, &crate::fsio::read_bytes(path)?)
}

/// Parse a CSV of text cells from bytes; `path` names it in errors.
pub fn parse_text_csv(path: &Path, bytes: &[u8]) -> Result<TextCsv> {
    let bytes = super::csvio::precheck(path, bytes)?;
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes);
    let mut rows = Vec::new();
    let mut header = None;
    for rec in rdr.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            let message = match e.kind() {
                csv::ErrorKind::UnequalLengths {
                    expected_len, len, ..
                } => format!("row has {len} fields, expected {expected_len} like the header"),
                csv::ErrorKind::Utf8 { .. } => "not valid UTF-8 (save the file as UTF-8)".into(),
                _ => format!("malformed CSV: {e}"),
            };
            Error::Csv {
                path: path.to_path_buf(),
                line,
                message,
            }
        })?;
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        let fields: Vec<String> = rec.iter().map(|s| s.trim().to_string()).collect();
        if header.is_none() {
            header = Some(fields);
        } else {
            rows.push((line, fields));
        }
    }
    let header = header.ok_or_else(|| Error::Csv {
        path: path.to_path_buf(),
        line: 1,
        message: "file is empty: expected a header row".into(),
    })?;
    Ok((header, rows))
}

/// Read `index.csv`: `id` first, optional `region` and `sector`, any other name columns.
pub fn read_index(path: &Path) -> Result<Index> {
    if !crate::fsio::file_present(path)? {
        return Err(missing(path, "index.csv (`id,region,sector`)"));
    }
    parse_index(path, &crate::fsio::read_bytes(path)?)
}

fn parse_index(path: &Path, bytes: &[u8]) -> Result<Index> {
    let (header, rows) = parse_text_csv(path, bytes)?;
    if header.first().map(|s| s.as_str()) != Some("id") {
        return Err(Error::Csv {
            path: path.to_path_buf(),
            line: 1,
            message: format!(
                "first header cell is `{}`, expected `id`",
                header.first().cloned().unwrap_or_default()
            ),
        });
    }
    if rows.is_empty() {
        return Err(Error::Csv {
            path: path.to_path_buf(),
            line: 2,
            message: "file has a header but no ids".into(),
        });
    }
    let col = |name: &str| header.iter().position(|h| h == name);
    let (rc, sc) = (col("region"), col("sector"));
    if rc.is_some() != sc.is_some() {
        return Err(Error::Csv {
            path: path.to_path_buf(),
            line: 1,
            message: "has one of `region` and `sector` but not the other: give both or neither"
                .into(),
        });
    }
    let mut ids = Vec::with_capacity(rows.len());
    let mut seen = std::collections::HashMap::new();
    for (line, f) in &rows {
        let id = f[0].clone();
        if id.is_empty() {
            return Err(Error::label(path, format!("line {line}: empty id")));
        }
        if let Some(first) = seen.insert(id.clone(), *line) {
            return Err(Error::label(
                path,
                format!(
                    "line {line}: duplicate id `{}` (first on line {first})",
                    crate::error::visible(&id)
                ),
            ));
        }
        ids.push(id);
    }
    let take = |c: usize| rows.iter().map(|(_, f)| f[c].clone()).collect::<Vec<_>>();
    if let (Some(rc), Some(sc)) = (rc, sc) {
        for (line, f) in &rows {
            if f[rc].is_empty() || f[sc].is_empty() {
                return Err(Error::label(
                    path,
                    format!("line {line}: empty region or sector for id `{}`", f[0]),
                ));
            }
        }
    }
    let extra = (1..header.len())
        .filter(|&c| Some(c) != rc && Some(c) != sc)
        .map(|c| (header[c].clone(), take(c)))
        .collect();
    Index::with_extra(ids, rc.map(take), sc.map(take), extra)
        .map_err(|e| Error::label(path, e.to_string()))
}

/// Read `Y_index.csv` for `table` (region of each final-demand column).
pub(crate) fn read_y_index_file(path: &Path, table: &IoTable) -> Result<Vec<Option<String>>> {
    read_y_index(path, &crate::fsio::read_bytes(path)?, table)
}

fn read_y_index(path: &Path, bytes: &[u8], table: &IoTable) -> Result<Vec<Option<String>>> {
    let (header, rows) = parse_text_csv(path, bytes)?;
    if header.len() < 2 || header[0] != "column" || header[1] != "region" {
        return Err(Error::Csv {
            path: path.to_path_buf(),
            line: 1,
            message: "expected header `column,region[,category]`".into(),
        });
    }
    let mut out: Vec<Option<Option<String>>> = vec![None; table.y_labels.len()];
    for (line, f) in rows {
        let k = table
            .y_labels
            .iter()
            .position(|l| *l == f[0])
            .ok_or_else(|| {
                Error::label(
                    path,
                    format!("line {line}: `{}` is not a column of Y.csv", f[0]),
                )
            })?;
        let region = if f[1].is_empty() {
            None
        } else if table.index.region_list().contains(&f[1]) {
            Some(f[1].clone())
        } else {
            return Err(Error::label(
                path,
                format!(
                    "line {line}: region `{}` is not a region of index.csv",
                    f[1]
                ),
            ));
        };
        if out[k].is_some() {
            return Err(Error::label(
                path,
                format!("line {line}: Y.csv column `{}` is listed twice", f[0]),
            ));
        }
        out[k] = Some(region);
    }
    out.into_iter()
        .enumerate()
        .map(|(k, r)| {
            r.ok_or_else(|| {
                Error::label(
                    path,
                    format!("Y.csv column `{}` is missing", table.y_labels[k]),
                )
            })
        })
        .collect()
}

fn read_satellites(folder: &Folder, ids: &[String]) -> Result<Vec<Satellite>> {
    let mut out = Vec::new();
    for name in folder.csv_names()? {
        if CORE_FILES.contains(&name.as_str()) {
            continue;
        }
        let bytes = folder.read(&name)?;
        if !first_cell_is(&bytes, "indicator") {
            continue;
        }
        let m = LabeledMatrix::from_bytes(&folder.path(&name), &bytes)?;
        let values = m.cols_aligned(ids, "ids of index.csv")?;
        out.push(Satellite {
            name: name.trim_end_matches(".csv").to_string(),
            indicators: m.row_labels.clone(),
            values,
        });
    }
    Ok(out)
}

fn first_cell_is(bytes: &[u8], want: &str) -> bool {
    let head = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let head = head.strip_prefix(b"\"").unwrap_or(head);
    head.starts_with(want.as_bytes()) && matches!(head.get(want.len()), Some(b',') | Some(b'"'))
}
