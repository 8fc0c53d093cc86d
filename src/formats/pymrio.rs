//! Folders written by pymrio's `save_all` (and EXIOBASE 3 releases, which pymrio writes):
//! `file_parameters.json` naming each matrix file with its number of index columns and
//! header rows, the matrices as `.txt` (tab) or `.csv`, one subfolder per extension.

use super::source::Source;
use super::text::{self, Labelled};
use crate::error::{Error, Result};
use faer::Mat;

/// One extension (satellite account) of a pymrio system.
#[derive(Debug, Clone)]
pub struct Extension {
    /// Folder name (e.g. `emissions`, `satellite`).
    pub folder: String,
    /// Stressors x (region, sector).
    pub f: Labelled,
    /// Stressors x final-demand columns, when present.
    pub f_y: Option<Labelled>,
    /// Unit of each stressor (row of `f`).
    pub units: Vec<String>,
}

/// A pymrio system as stored: the core matrices and the extensions.
#[derive(Debug, Clone)]
pub struct System {
    /// Z: (region, sector) x (region, sector).
    pub z: Labelled,
    /// Y: (region, sector) x (region, category).
    pub y: Labelled,
    /// Gross output (one column), when stored.
    pub x: Option<Vec<f64>>,
    /// Monetary unit of each row of Z.
    pub units: Vec<String>,
    /// Extensions, in folder order.
    pub extensions: Vec<Extension>,
    /// `name` of `metadata.json`, when present.
    pub name: Option<String>,
}

/// One entry of `file_parameters.json`.
struct FileSpec {
    name: String,
    nr_index: usize,
    nr_header: usize,
}

struct Params {
    systemtype: String,
    files: Vec<(String, FileSpec)>,
}

fn count(v: &serde_json::Value) -> Option<usize> {
    match v {
        serde_json::Value::String(s) => s.trim().parse().ok(),
        serde_json::Value::Number(n) => n.as_u64().map(|n| n as usize),
        _ => None,
    }
}

fn read_params(src: &Source, rel: &str) -> Result<Params> {
    let path = src.display(rel);
    let bytes = src.read(rel)?;
    let v: serde_json::Value = serde_json::from_slice(&bytes)
        .map_err(|e| Error::label(&path, format!("not valid JSON: {e}")))?;
    let systemtype = v["systemtype"].as_str().unwrap_or("").to_string();
    let files = v["files"].as_object().ok_or_else(|| {
        Error::label(
            &path,
            "expected an object `files` naming each matrix (as written by pymrio's save_all)",
        )
    })?;
    let mut out = Vec::new();
    for (key, spec) in files {
        let field = |f: &str| {
            count(&spec[f]).ok_or_else(|| {
                Error::label(
                    &path,
                    format!("files.{key}.{f}: expected a count (e.g. \"2\")"),
                )
            })
        };
        let name = spec["name"].as_str().ok_or_else(|| {
            Error::label(&path, format!("files.{key}.name: expected a file name"))
        })?;
        out.push((
            key.clone(),
            FileSpec {
                name: name.to_string(),
                nr_index: field("nr_index_col")?,
                nr_header: field("nr_header")?,
            },
        ));
    }
    Ok(Params {
        systemtype,
        files: out,
    })
}

/// pymrio writes tabs whatever the extension (`.csv` too, unless `sep` is given to
/// save_all): tab when the first line holds one, else comma.
fn sep_of(bytes: &[u8]) -> u8 {
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or(&[]);
    if first.contains(&b'\t') {
        b'\t'
    } else {
        b','
    }
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

fn parent(rel: &str) -> &str {
    rel.rsplit_once('/').map(|(d, _)| d).unwrap_or("")
}

impl Params {
    fn get(&self, key: &str) -> Option<&FileSpec> {
        self.files.iter().find(|(k, _)| k == key).map(|(_, s)| s)
    }

    /// Read matrix `key` of the folder `dir` of `src`, or None when it is not listed.
    fn matrix(&self, src: &Source, dir: &str, key: &str) -> Result<Option<Labelled>> {
        let Some(spec) = self.get(key) else {
            return Ok(None);
        };
        let rel = join(dir, &spec.name);
        let path = src.display(&rel);
        let text_file = [".txt", ".tsv", ".csv"]
            .iter()
            .any(|e| spec.name.ends_with(e));
        if !text_file {
            return Err(Error::label(
                &path,
                "only text matrices (.txt, .tsv or .csv) are read: save the system with \
                 pymrio's save_all(table_format=\"txt\") or \"csv\"",
            ));
        }
        let bytes = src.read(&rel)?;
        text::parse(&path, &bytes, spec.nr_index, spec.nr_header, sep_of(&bytes)).map(Some)
    }
}

/// Read `unit.txt` of `dir`: row labels -> unit, as text.
fn read_units(src: &Source, params: &Params, dir: &str) -> Result<Vec<(Vec<String>, String)>> {
    let Some(spec) = params.get("unit") else {
        return Ok(Vec::new());
    };
    let rel = join(dir, &spec.name);
    let path = src.display(&rel);
    let bytes = src.read(&rel)?;
    let sep = sep_of(&bytes);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .delimiter(sep)
        .from_reader(bytes.as_slice());
    let mut out = Vec::new();
    for (k, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| Error::Csv {
            path: path.clone(),
            line: k as u64 + 2,
            message: format!("not readable: {e}"),
        })?;
        if rec.len() != spec.nr_index + 1 {
            return Err(Error::Csv {
                path: path.clone(),
                line: k as u64 + 2,
                message: format!(
                    "expected {} label(s) and a unit, found {} cell(s)",
                    spec.nr_index,
                    rec.len()
                ),
            });
        }
        let labels = rec
            .iter()
            .take(spec.nr_index)
            .map(|s| s.to_string())
            .collect();
        out.push((labels, rec[spec.nr_index].to_string()));
    }
    Ok(out)
}

fn unit_of(
    units: &[(Vec<String>, String)],
    row: &[String],
    path: &std::path::Path,
) -> Result<String> {
    units
        .iter()
        .find(|(l, _)| l.as_slice() == row)
        .map(|(_, u)| u.clone())
        .ok_or_else(|| {
            Error::label(
                path,
                format!(
                    "no unit for row `{}`: expected one line per row of the matrix",
                    row.join("|")
                ),
            )
        })
}

/// Read a pymrio system from `src` (a folder or zip archive). The system is the folder
/// holding the `file_parameters.json` of `systemtype` `IOSystem` nearest the top;
/// extensions are the folders below it whose `file_parameters.json` says `Extension`.
pub fn read_system(src: &Source) -> Result<System> {
    let files = src.files()?;
    let mut params: Vec<&String> = files
        .iter()
        .filter(|f| f.rsplit('/').next() == Some("file_parameters.json"))
        .collect();
    params.sort_by_key(|f| (f.matches('/').count(), f.to_string()));
    let mut root: Option<(String, Params)> = None;
    for p in &params {
        let pr = read_params(src, p)?;
        if pr.systemtype == "IOSystem" {
            root = Some((parent(p).to_string(), pr));
            break;
        }
    }
    let (dir, core) = root.ok_or_else(|| {
        Error::label(
            src.display(""),
            "no file_parameters.json with \"systemtype\": \"IOSystem\": expected a folder \
             (or zip) written by pymrio's save_all, or an EXIOBASE 3 release",
        )
    })?;
    let y = core
        .matrix(src, &dir, "Y")?
        .ok_or_else(|| missing(src, &dir, "Y"))?;
    let x = core
        .matrix(src, &dir, "x")?
        .map(|m| m.data.col_as_slice(0).to_vec());
    let z = match core.matrix(src, &dir, "Z")? {
        Some(z) => z,
        None => z_from_a(src, &core, &dir, x.as_deref())?,
    };
    let unit_rows = read_units(src, &core, &dir)?;
    let upath = src.display(&join(&dir, "unit.txt"));
    let units = if unit_rows.is_empty() {
        Vec::new()
    } else {
        z.rows
            .iter()
            .map(|r| unit_of(&unit_rows, r, &upath))
            .collect::<Result<Vec<_>>>()?
    };
    let mut extensions = Vec::new();
    for p in &params {
        let edir = parent(p);
        let inside = dir.is_empty() || edir.starts_with(&format!("{dir}/"));
        if edir == dir || !inside {
            continue;
        }
        let pr = read_params(src, p)?;
        if pr.systemtype != "Extension" {
            continue;
        }
        extensions.push(read_extension(src, &pr, edir)?);
    }
    let name = read_name(src, &dir);
    Ok(System {
        z,
        y,
        x,
        units,
        extensions,
        name,
    })
}

fn missing(src: &Source, dir: &str, key: &str) -> Error {
    Error::label(
        src.display(&join(dir, "file_parameters.json")),
        format!("lists no `{key}` matrix: expected Z (or A with x) and Y"),
    )
}

/// EXIOBASE releases may ship A and x without Z: Z = A diag(x).
fn z_from_a(src: &Source, core: &Params, dir: &str, x: Option<&[f64]>) -> Result<Labelled> {
    let mut a = core
        .matrix(src, dir, "A")?
        .ok_or_else(|| missing(src, dir, "Z"))?;
    let x = x.ok_or_else(|| missing(src, dir, "x (needed with A to form Z)"))?;
    if x.len() != a.data.ncols() {
        return Err(Error::label(
            src.display(dir),
            format!(
                "x has {} entries but A has {} columns",
                x.len(),
                a.data.ncols()
            ),
        ));
    }
    for (j, &xj) in x.iter().enumerate() {
        for i in 0..a.data.nrows() {
            a.data[(i, j)] *= xj;
        }
    }
    Ok(a)
}

fn read_name(src: &Source, dir: &str) -> Option<String> {
    let bytes = src.read(&join(dir, "metadata.json")).ok()?;
    let v: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    v["name"].as_str().map(|s| s.to_string())
}

fn read_extension(src: &Source, pr: &Params, dir: &str) -> Result<Extension> {
    let f = pr
        .matrix(src, dir, "F")?
        .ok_or_else(|| missing(src, dir, "F"))?;
    // EXIOBASE 3 before 3.7 called the final-demand part F_hh.
    let f_y = match pr.matrix(src, dir, "F_Y")? {
        Some(m) => Some(m),
        None => pr.matrix(src, dir, "F_hh")?,
    };
    let unit_rows = read_units(src, pr, dir)?;
    let upath = src.display(&join(dir, "unit.txt"));
    let units = f
        .rows
        .iter()
        .map(|r| unit_of(&unit_rows, r, &upath))
        .collect::<Result<Vec<_>>>()?;
    Ok(Extension {
        folder: dir.rsplit('/').next().unwrap_or(dir).to_string(),
        f,
        f_y,
        units,
    })
}

/// Reorder the columns of `m` to `want` (tuples); error naming `what` when they differ.
pub fn align_cols(m: &Labelled, want: &[Vec<String>], path: &std::path::Path) -> Result<Mat<f64>> {
    if m.cols.as_slice() == want {
        return Ok(m.data.clone());
    }
    let pos: std::collections::HashMap<&[String], usize> = m
        .cols
        .iter()
        .enumerate()
        .map(|(j, c)| (c.as_slice(), j))
        .collect();
    let order = want
        .iter()
        .map(|w| {
            pos.get(w.as_slice()).copied().ok_or_else(|| {
                Error::label(
                    path,
                    format!("has no column `{}`: expected the columns of Z", w.join("|")),
                )
            })
        })
        .collect::<Result<Vec<_>>>()?;
    if m.cols.len() != want.len() {
        return Err(Error::label(
            path,
            format!(
                "has {} columns, expected {} (those of Z)",
                m.cols.len(),
                want.len()
            ),
        ));
    }
    Ok(Mat::from_fn(m.data.nrows(), want.len(), |i, j| {
        m.data[(i, order[j])]
    }))
}
