//! The binary form of a table folder: one float64 `.npy` file per matrix (readable by
//! `numpy.load`), next to the CSV files that carry labels.
//!
//! A binary table folder holds `index.csv` (and `table.toml`, `Y_index.csv` when the
//! table has them) as in the CSV form, plus
//! - `Z.npy` (N x N), `Y.npy` (N x K), `VA.npy` (P x N), `x.npy` (N),
//! - `NAME.npy` (k x N) for each satellite `NAME`,
//! - `labels.csv` (`matrix,axis,label`): the final-demand column labels (`Y,columns`),
//!   the primary-input row labels (`VA,rows`) and the indicators of each satellite
//!   (`NAME,rows`), in matrix order. Rows and columns named by ids follow `index.csv`.
//!
//! Matrices are written in Fortran (column-major) order, the layout of faer, so loading
//! is a straight copy; files in C order (numpy's default) are read too.

use super::read::parse_text_csv;
use super::{Index, IoTable, Satellite};
use crate::error::{Error, Result};
use crate::fsio::{ensure_dir, write_atomic};
use faer::Mat;
use std::io::Read;
use std::path::Path;

const MAGIC: &[u8] = b"\x93NUMPY";

/// The largest other dimension of an empty array (2^20; GLORIA has 19,680 sectors).
const MAX_EMPTY_DIM: u64 = 1 << 20;

/// True when `dir` holds a table in the binary form (`Z.npy`).
pub fn is_npy_folder(dir: &Path) -> bool {
    dir.join("Z.npy").is_file()
}

fn bad(path: &Path, message: impl Into<String>) -> Error {
    Error::label(path, message)
}

/// Shape and order of an `.npy` file.
struct Header {
    shape: Vec<usize>,
    fortran: bool,
}

fn parse_header(path: &Path, text: &str) -> Result<Header> {
    let field = |key: &str| -> Result<&str> {
        let k = format!("'{key}':");
        let at = text.find(&k).ok_or_else(|| {
            bad(
                path,
                format!("not a valid .npy file: header has no `{key}` ({text})"),
            )
        })?;
        Ok(text[at + k.len()..].trim_start())
    };
    let descr = field("descr")?;
    let descr = descr
        .strip_prefix('\'')
        .and_then(|d| d.split('\'').next())
        .unwrap_or("");
    if descr != "<f8" {
        return Err(bad(
            path,
            format!(
                "array has dtype `{descr}`, expected little-endian float64 (`<f8`); \
                 convert with numpy: np.save(path, a.astype('<f8'))"
            ),
        ));
    }
    let fortran = field("fortran_order")?.starts_with("True");
    let shape = field("shape")?;
    let inner = shape
        .strip_prefix('(')
        .and_then(|s| s.split(')').next())
        .ok_or_else(|| bad(path, "not a valid .npy file: bad shape in header"))?;
    let shape = inner
        .split(',')
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<usize>()
                .map_err(|_| bad(path, format!("not a valid .npy file: shape entry `{s}`")))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Header { shape, fortran })
}

/// Read a float64 `.npy` file as a matrix; a 1-D array becomes one column.
pub fn read_npy(path: &Path) -> Result<Mat<f64>> {
    crate::fsio::check_regular_file(path)?;
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let len = file.metadata().map_err(|e| Error::io(path, e))?.len();
    let mut rdr = std::io::BufReader::with_capacity(1 << 20, file);
    read_npy_from(path, &mut rdr, len)
}

/// Parse the bytes of a float64 `.npy` file (`path` names it in errors); the same
/// checks as [`read_npy`].
pub fn npy_from_bytes(path: &Path, bytes: &[u8]) -> Result<Mat<f64>> {
    read_npy_from(path, &mut &bytes[..], bytes.len() as u64)
}

/// The preamble: header length and preamble length (magic, version, length field).
fn read_preamble(path: &Path, rdr: &mut impl Read, len: u64) -> Result<(usize, usize)> {
    let mut pre = [0u8; 10];
    rdr.read_exact(&mut pre).map_err(|_| {
        bad(
            path,
            format!("not a .npy file (too short: {len} bytes, a .npy file has at least 10)"),
        )
    })?;
    if &pre[..6] != MAGIC {
        return Err(bad(path, "not a .npy file (no \\x93NUMPY magic)"));
    }
    let (major, minor) = (pre[6], pre[7]);
    let (hlen, pre_len) = match (major, minor) {
        (1, 0) => (u16::from_le_bytes([pre[8], pre[9]]) as u64, 10u64),
        (2, 0) | (3, 0) => {
            let mut more = [0u8; 2];
            rdr.read_exact(&mut more).map_err(|_| {
                bad(
                    path,
                    format!(
                        "truncated .npy file: version {major}.0 needs a 12-byte preamble, \
                         the file has {len} bytes"
                    ),
                )
            })?;
            (
                u32::from_le_bytes([pre[8], pre[9], more[0], more[1]]) as u64,
                12u64,
            )
        }
        _ => {
            return Err(bad(
                path,
                format!(
                    ".npy format version {major}.{minor} is not supported (mrio reads \
                     versions 1.0, 2.0 and 3.0); save with numpy.save"
                ),
            ))
        }
    };
    if hlen > len.saturating_sub(pre_len) {
        return Err(bad(
            path,
            format!(
                "truncated .npy file: the version {major}.{minor} header declares {hlen} bytes \
                 but only {} follow the preamble",
                len.saturating_sub(pre_len)
            ),
        ));
    }
    Ok((hlen as usize, pre_len as usize))
}

/// Bytes a `r x c` float64 file must have, or an error when the shape cannot fit.
fn expected_len(path: &Path, head: usize, r: usize, c: usize, len: u64) -> Result<u64> {
    (r as u64)
        .checked_mul(c as u64)
        .and_then(|n| n.checked_mul(8))
        .and_then(|n| n.checked_add(head as u64))
        .ok_or_else(|| {
            bad(
                path,
                format!(
                    "header shape {r} x {c} is impossibly large (more than 2^64 bytes of \
                     float64 values; the file has {len} bytes): corrupt or crafted header"
                ),
            )
        })
}

fn read_npy_from(path: &Path, rdr: &mut impl Read, len: u64) -> Result<Mat<f64>> {
    let head = read_head(path, rdr, len)?;
    read_values(path, rdr, head.rows, head.cols, head.fortran)
}

/// Where the values of a checked `.npy` file are: shape, order and the byte offset of
/// the first value.
pub(super) struct Head {
    pub rows: usize,
    pub cols: usize,
    pub fortran: bool,
    pub offset: usize,
}

/// Read and check the preamble and header (`rdr` is left at the first value); the file
/// length must match the shape exactly.
pub(super) fn read_head(path: &Path, rdr: &mut impl Read, len: u64) -> Result<Head> {
    let (hlen, pre_len) = read_preamble(path, rdr, len)?;
    let mut hdr = vec![0u8; hlen];
    rdr.read_exact(&mut hdr)
        .map_err(|_| bad(path, "truncated .npy file (header cut short)"))?;
    let text = String::from_utf8_lossy(&hdr).to_string();
    let h = parse_header(path, &text)?;
    let (r, c) = match h.shape.as_slice() {
        [r] => (*r, 1),
        [r, c] => (*r, *c),
        s => {
            return Err(bad(
                path,
                format!("array has {} dimensions, expected 1 or 2", s.len()),
            ))
        }
    };
    if r.min(c) == 0 && r.max(c) as u64 > MAX_EMPTY_DIM {
        // An empty array has no value bytes, so the length check cannot bound its
        // other dimension, and building it would still walk that dimension.
        return Err(bad(
            path,
            format!(
                "header shape {r} x {c} is an empty array with more than {MAX_EMPTY_DIM} \
                 rows or columns: no table has that many (corrupt or crafted header)"
            ),
        ));
    }
    let want = expected_len(path, pre_len + hlen, r, c, len)?;
    if len != want {
        return Err(bad(
            path,
            format!(
                "file has {len} bytes, expected {want} for a {r} x {c} float64 array (truncated?)"
            ),
        ));
    }
    Ok(Head {
        rows: r,
        cols: c,
        // A vector's order does not matter; a 1-D array is one column.
        fortran: h.fortran || c == 1,
        offset: pre_len + hlen,
    })
}

fn read_values(
    path: &Path,
    rdr: &mut impl Read,
    r: usize,
    c: usize,
    fortran: bool,
) -> Result<Mat<f64>> {
    let mut m = Mat::<f64>::zeros(r, c);
    if r == 0 || c == 0 {
        // An empty array has no values; looping over its other dimension (up to 2^64
        // of them in a crafted header) would read nothing for hours.
        return Ok(m);
    }
    if fortran || c == 1 || r == 1 {
        // Column-major (or a vector): each column is contiguous in the file.
        let (rows, cols) = if fortran || c == 1 { (r, c) } else { (c, r) };
        let mut buf = vec![0u8; rows * 8];
        for j in 0..cols {
            rdr.read_exact(&mut buf).map_err(|e| Error::io(path, e))?;
            for (i, b) in buf.chunks_exact(8).enumerate() {
                let v = f64::from_le_bytes(b.try_into().expect("8 bytes"));
                if fortran || c == 1 {
                    m[(i, j)] = v;
                } else {
                    m[(j, i)] = v;
                }
            }
        }
    } else {
        let mut buf = vec![0u8; c * 8];
        for i in 0..r {
            rdr.read_exact(&mut buf).map_err(|e| Error::io(path, e))?;
            for (j, b) in buf.chunks_exact(8).enumerate() {
                m[(i, j)] = f64::from_le_bytes(b.try_into().expect("8 bytes"));
            }
        }
    }
    Ok(m)
}

/// The bytes of a float64 `.npy` file (Fortran order) holding `m`; `vector` writes a
/// 1-D array from a one-column matrix.
pub fn npy_bytes(m: faer::MatRef<'_, f64>, vector: bool) -> Vec<u8> {
    let (r, c) = (m.nrows(), m.ncols());
    let shape = if vector {
        format!("({r},)")
    } else {
        format!("({r}, {c})")
    };
    let mut header = format!("{{'descr': '<f8', 'fortran_order': True, 'shape': {shape}, }}");
    let total = MAGIC.len() + 4 + header.len() + 1;
    header.push_str(&" ".repeat((64 - total % 64) % 64));
    header.push('\n');
    let mut out = Vec::with_capacity(10 + header.len() + r * c * 8);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&[1, 0]);
    out.extend_from_slice(&(header.len() as u16).to_le_bytes());
    out.extend_from_slice(header.as_bytes());
    for j in 0..c {
        let col = m.col(j);
        for i in 0..r {
            out.extend_from_slice(&col[i].to_le_bytes());
        }
    }
    out
}

fn check_shape(path: &Path, m: &Mat<f64>, r: usize, c: usize, what: &str) -> Result<()> {
    if m.nrows() != r || m.ncols() != c {
        return Err(bad(
            path,
            format!(
                "array is {} x {}, expected {r} x {c} ({what})",
                m.nrows(),
                m.ncols()
            ),
        ));
    }
    Ok(())
}

fn check_finite(
    path: &Path,
    m: &Mat<f64>,
    rows: &dyn Fn(usize) -> String,
    cols: &dyn Fn(usize) -> String,
) -> Result<()> {
    for j in 0..m.ncols() {
        let col = m.col(j);
        for i in 0..m.nrows() {
            if !col[i].is_finite() {
                return Err(bad(
                    path,
                    format!(
                        "cell ({}, {}) (row `{}`, column `{}`) is {}: expected a finite number \
                         (NaN and infinity are not allowed)",
                        i + 1,
                        j + 1,
                        rows(i),
                        cols(j),
                        col[i]
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Labels of `labels.csv`: (matrix, axis) -> labels in order.
fn read_labels(path: &Path) -> Result<Vec<(String, String, Vec<String>)>> {
    if !crate::fsio::file_present(path)? {
        return Err(Error::io(
            path,
            std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "missing: a binary table folder needs labels.csv (`matrix,axis,label`)",
            ),
        ));
    }
    let (header, rows) = parse_text_csv(path, &crate::fsio::read_bytes(path)?)?;
    if header.len() != 3 || header[0] != "matrix" || header[1] != "axis" || header[2] != "label" {
        return Err(Error::Csv {
            path: path.to_path_buf(),
            line: 1,
            message: "expected header `matrix,axis,label`".into(),
        });
    }
    let mut out: Vec<(String, String, Vec<String>)> = Vec::new();
    for (line, f) in rows {
        if let Some(e) = out
            .iter()
            .find(|(m, a, l)| *m == f[0] && *a == f[1] && l.contains(&f[2]))
        {
            return Err(Error::label(
                path,
                format!(
                    "line {line}: duplicate label `{}` for `{},{}` (each row or column \
                     label appears once)",
                    f[2], e.0, e.1
                ),
            ));
        }
        match out.iter_mut().find(|(m, a, _)| *m == f[0] && *a == f[1]) {
            Some(e) => e.2.push(f[2].clone()),
            None => out.push((f[0].clone(), f[1].clone(), vec![f[2].clone()])),
        }
    }
    Ok(out)
}

/// Everything of a binary table folder but Z.
pub(super) struct Parts {
    pub meta: super::Meta,
    pub index: Index,
    pub y: Mat<f64>,
    pub y_labels: Vec<String>,
    pub va: Mat<f64>,
    pub va_labels: Vec<String>,
    pub x: Option<Vec<f64>>,
    pub satellites: Vec<Satellite>,
}

/// Read a table folder in the binary form.
pub fn read_npy_table(dir: &Path) -> Result<IoTable> {
    let parts = read_parts(dir)?;
    let ids = parts.index.ids().to_vec();
    let id = |i: usize| ids[i].clone();
    let p = dir.join("Z.npy");
    let z = read_npy(&p)?;
    check_shape(&p, &z, ids.len(), ids.len(), "ids of index.csv")?;
    check_finite(&p, &z, &id, &id)?;
    let mut table = IoTable::new(
        parts.index,
        z,
        parts.y,
        parts.y_labels,
        parts.va,
        parts.va_labels,
        parts.x,
    )?;
    finish(dir, &mut table, parts.meta, parts.satellites)?;
    Ok(table)
}

/// Y_index.csv, satellites and metadata onto a table read from `dir`.
pub(super) fn finish(
    dir: &Path,
    table: &mut IoTable,
    meta: super::Meta,
    satellites: Vec<Satellite>,
) -> Result<()> {
    let yi = dir.join("Y_index.csv");
    if crate::fsio::file_present(&yi)? {
        let regions = super::read::read_y_index_file(&yi, table)?;
        table.set_y_regions(regions)?;
    }
    table.satellites = satellites;
    table.meta = meta;
    table.check_primary_inputs(&dir.join("table.toml"))
}

/// Read everything of a binary table folder but Z.
pub(super) fn read_parts(dir: &Path) -> Result<Parts> {
    let meta = super::read::read_meta(&dir.join("table.toml"))?;
    let index: Index = super::read::read_index(&dir.join("index.csv"))?;
    let n = index.len();
    let ids = index.ids().to_vec();
    let labels = read_labels(&dir.join("labels.csv"))?;
    let get = |m: &str, a: &str| -> Vec<String> {
        labels
            .iter()
            .find(|(mm, aa, _)| mm == m && aa == a)
            .map(|e| e.2.clone())
            .unwrap_or_default()
    };
    let id = |i: usize| ids[i].clone();
    let y_labels = get("Y", "columns");
    let va_labels = get("VA", "rows");
    let p = dir.join("Y.npy");
    let y = read_npy(&p)?;
    check_shape(&p, &y, n, y_labels.len(), "ids x `Y,columns` of labels.csv")?;
    check_finite(&p, &y, &id, &|j| y_labels[j].clone())?;
    let p = dir.join("VA.npy");
    let va = read_npy(&p)?;
    check_shape(&p, &va, va_labels.len(), n, "`VA,rows` of labels.csv x ids")?;
    check_finite(&p, &va, &|i| va_labels[i].clone(), &id)?;
    let p = dir.join("x.npy");
    let x = if crate::fsio::file_present(&p)? {
        let m = read_npy(&p)?;
        check_shape(&p, &m, n, 1, "one value per id")?;
        check_finite(&p, &m, &id, &|_| "x".into())?;
        Some(m.col_as_slice(0).to_vec())
    } else {
        None
    };
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok())
        .filter(|e| !e.path().is_dir())
        .filter_map(|e| e.file_name().to_str().map(|s| s.to_string()))
        .filter(|s| s.ends_with(".npy") && !s.starts_with('.'))
        .map(|s| s.trim_end_matches(".npy").to_string())
        .filter(|s| !["Z", "Y", "VA", "x"].contains(&s.as_str()))
        .collect();
    names.sort();
    let mut satellites = Vec::new();
    for name in names {
        let p = dir.join(format!("{name}.npy"));
        let inds = get(&name, "rows");
        let values = read_npy(&p)?;
        let what = format!("`{name},rows` of labels.csv x ids");
        check_shape(&p, &values, inds.len(), n, &what)?;
        check_finite(&p, &values, &|i| inds[i].clone(), &id)?;
        satellites.push(Satellite {
            name,
            indicators: inds,
            values,
        });
    }
    Ok(Parts {
        meta,
        index,
        y,
        y_labels,
        va,
        va_labels,
        x,
        satellites,
    })
}

/// Write `table` as a binary table folder in `dir` (created if needed), every file
/// atomically.
pub fn write_npy_table(table: &IoTable, dir: &Path) -> Result<()> {
    super::write::check_satellite_names(table)?;
    ensure_dir(dir)?;
    super::write::write_labels_files(table, dir)?;
    write_atomic(&dir.join("Z.npy"), &npy_bytes(table.z.as_ref(), false))?;
    write_atomic(&dir.join("Y.npy"), &npy_bytes(table.y.as_ref(), false))?;
    write_atomic(&dir.join("VA.npy"), &npy_bytes(table.va.as_ref(), false))?;
    let x = Mat::from_fn(table.len(), 1, |i, _| table.x[i]);
    write_atomic(&dir.join("x.npy"), &npy_bytes(x.as_ref(), true))?;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["matrix", "axis", "label"])
        .expect("writing to memory");
    for l in &table.y_labels {
        w.write_record(["Y", "columns", l.as_str()])
            .expect("writing to memory");
    }
    for l in &table.va_labels {
        w.write_record(["VA", "rows", l.as_str()])
            .expect("writing to memory");
    }
    for s in &table.satellites {
        write_atomic(
            &dir.join(format!("{}.npy", s.name)),
            &npy_bytes(s.values.as_ref(), false),
        )?;
        for l in &s.indicators {
            w.write_record([s.name.as_str(), "rows", l.as_str()])
                .expect("writing to memory");
        }
    }
    write_atomic(
        &dir.join("labels.csv"),
        &w.into_inner().expect("writing to memory"),
    )?;
    Ok(())
}
