//! Input files of a build: the regional value and distance readers, and the
//! fingerprints (size and SHA-256) that the built table's `[build.inputs]` records.

use super::recipe;
use crate::error::{Error, Result};
use crate::table::csvio::parse_number;
use crate::table::read_text_csv;
use faer::Mat;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Resolves recipe paths (relative to the recipe's folder) and records a fingerprint
/// of every input file read, for `[build.inputs]`.
#[derive(Debug, Clone)]
pub struct Inputs {
    base: PathBuf,
    /// The fingerprints recorded so far, by recipe key.
    pub record: toml::Table,
}

impl Inputs {
    /// Inputs of a recipe read from `recipe_path`.
    pub fn new(recipe_path: &Path) -> Self {
        let base = recipe_path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let base = if base.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            base
        };
        Inputs {
            base,
            record: toml::Table::new(),
        }
    }

    /// Resolve a recipe path without recording it.
    pub fn resolve(&self, raw: &str) -> Result<PathBuf> {
        recipe::resolve(&self.base, raw)
    }

    /// Resolve a recipe path of one file and record its fingerprint under `key`.
    pub fn file(&mut self, key: &str, raw: &str) -> Result<PathBuf> {
        let p = self.resolve(raw)?;
        self.record
            .insert(key.into(), toml::Value::Table(fingerprint(raw, &p)?));
        Ok(p)
    }

    /// Resolve a table folder and record the fingerprints of the files the build
    /// reads (the table's files plus `extra`) under `key`.
    pub fn folder(&mut self, key: &str, raw: &str, extra: &[&str]) -> Result<PathBuf> {
        let p = self.resolve(raw)?;
        self.record.insert(
            key.into(),
            toml::Value::Table(super::cache::folder_fingerprint(raw, &p, extra)?),
        );
        Ok(p)
    }
}

/// Values by (region, sector) read from `region,sector,value[,...]`.
#[derive(Debug, Clone)]
pub struct RegionalValues {
    /// Regions in order of first appearance.
    pub regions: Vec<String>,
    /// `values[r][i]` for sector i of `sectors`.
    pub values: Vec<Vec<f64>>,
}

/// Read `region,sector,value[,...]` (extra columns such as `status` or `source` are
/// ignored). `sectors` are the allowed sector codes; unlisted pairs are zero.
pub fn read_regional_values(path: &Path, sectors: &[String]) -> Result<RegionalValues> {
    let (header, rows) = read_text_csv(path)?;
    if header.len() < 3 || header[0] != "region" || header[1] != "sector" || header[2] != "value" {
        return Err(Error::Csv {
            path: path.to_path_buf(),
            line: 1,
            message: format!(
                "header is `{}`: expected `region,sector,value` (further columns allowed)",
                header.join(",")
            ),
        });
    }
    let mut regions: Vec<String> = Vec::new();
    let mut values: Vec<Vec<f64>> = Vec::new();
    let mut seen: BTreeMap<(String, String), u64> = BTreeMap::new();
    for (line, f) in rows {
        let (r, s) = (f[0].clone(), f[1].clone());
        if r.is_empty() {
            return Err(Error::label(path, format!("line {line}: empty region")));
        }
        let i = sectors.iter().position(|x| *x == s).ok_or_else(|| {
            Error::label(
                path,
                format!(
                    "line {line}: unknown sector `{s}`: expected one of {}",
                    sectors.join(", ")
                ),
            )
        })?;
        let v = parse_number(&f[2]).map_err(|e| Error::Cell {
            path: path.to_path_buf(),
            line,
            column: 3,
            row: format!("{r},{s}"),
            col: "value".into(),
            value: f[2].clone(),
            expected: e.into(),
        })?;
        if v < 0.0 {
            return Err(Error::label(
                path,
                format!("line {line}: value {v} for `{r}`, `{s}` is negative: expected >= 0"),
            ));
        }
        if let Some(first) = seen.insert((r.clone(), s.clone()), line) {
            return Err(Error::label(
                path,
                format!("line {line}: `{r}`, `{s}` is given twice (first on line {first})"),
            ));
        }
        let k = match regions.iter().position(|x| *x == r) {
            Some(k) => k,
            None => {
                regions.push(r.clone());
                values.push(vec![0.0; sectors.len()]);
                regions.len() - 1
            }
        };
        values[k][i] = v;
    }
    if regions.is_empty() {
        return Err(Error::Csv {
            path: path.to_path_buf(),
            line: 2,
            message: "no values".into(),
        });
    }
    Ok(RegionalValues { regions, values })
}

/// Read `origin,destination,km` into an R × R matrix over `regions` (diagonal 0).
/// Every ordered pair of distinct regions must be present.
pub fn read_distances(path: &Path, regions: &[String]) -> Result<Mat<f64>> {
    let (header, rows) = read_text_csv(path)?;
    if header.len() < 3 || header[0] != "origin" || header[1] != "destination" || header[2] != "km"
    {
        return Err(Error::Csv {
            path: path.to_path_buf(),
            line: 1,
            message: format!(
                "header is `{}`: expected `origin,destination,km`",
                header.join(",")
            ),
        });
    }
    let r = regions.len();
    let mut d = Mat::<f64>::from_fn(r, r, |_, _| f64::NAN);
    for (line, f) in rows {
        let (Some(a), Some(b)) = (
            regions.iter().position(|x| *x == f[0]),
            regions.iter().position(|x| *x == f[1]),
        ) else {
            // Pairs of regions not in the table are allowed (a wider distance file).
            continue;
        };
        let km = parse_number(&f[2]).map_err(|e| Error::Cell {
            path: path.to_path_buf(),
            line,
            column: 3,
            row: format!("{},{}", f[0], f[1]),
            col: "km".into(),
            value: f[2].clone(),
            expected: e.into(),
        })?;
        if a != b && km <= 0.0 {
            return Err(Error::label(
                path,
                format!("line {line}: distance {km} km: expected a positive distance"),
            ));
        }
        d[(a, b)] = km;
    }
    for a in 0..r {
        d[(a, a)] = 0.0;
        for b in 0..r {
            if a != b && d[(a, b)].is_nan() {
                return Err(Error::label(
                    path,
                    format!(
                        "no distance from `{}` to `{}`: every ordered pair of regions is needed",
                        regions[a], regions[b]
                    ),
                ));
            }
        }
    }
    Ok(d)
}

/// An input file recorded in the build metadata: recipe text, size and SHA-256.
pub fn fingerprint(raw: &str, path: &Path) -> Result<toml::Table> {
    let bytes = crate::fsio::read_bytes(path)?;
    let mut t = toml::Table::new();
    t.insert("path".into(), toml::Value::String(raw.to_string()));
    t.insert("bytes".into(), toml::Value::Integer(bytes.len() as i64));
    t.insert(
        "sha256".into(),
        toml::Value::String(format!("{:x}", Sha256::digest(&bytes))),
    );
    Ok(t)
}

/// Files of a table folder that the build reads, fingerprinted.
pub fn folder_fingerprint(raw: &str, dir: &Path, extra: &[&str]) -> Result<toml::Table> {
    let mut t = toml::Table::new();
    t.insert("path".into(), toml::Value::String(raw.to_string()));
    let mut files = toml::Table::new();
    for name in [
        "index.csv",
        "Z.csv",
        "Y.csv",
        "VA.csv",
        "x.csv",
        "table.toml",
    ]
    .iter()
    .chain(extra)
    {
        let p = dir.join(name);
        if p.exists() {
            let bytes = crate::fsio::read_bytes(&p)?;
            files.insert(
                name.to_string(),
                toml::Value::String(format!("{:x}", Sha256::digest(&bytes))),
            );
        }
    }
    t.insert("sha256".into(), toml::Value::Table(files));
    Ok(t)
}
