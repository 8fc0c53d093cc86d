//! The files of an ensemble: `summary.csv`, `shares.csv`, `sensitivity.csv`,
//! `draws.csv`, `ensemble.toml`; and the partial folders of shards (`partial.toml`,
//! `values.bin`) that `merge` joins into the same bytes.

use super::run::{Layout, Run, GROUPS};
use super::stats::{spearman, summarize, variance_share};
use crate::error::{Error, Result};
use sha2::{Digest, Sha256};
use std::path::Path;

/// Shortest text that reads back as the same number.
fn num(v: f64) -> String {
    format!("{v}")
}

fn csv_line(fields: &[String]) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    w.write_record(fields).expect("in memory");
    String::from_utf8(w.into_inner().expect("in memory")).expect("UTF-8")
}

/// Values of output `j` over the draws, in draw order.
fn column(run: &Run, j: usize) -> Vec<f64> {
    run.draws.iter().map(|d| d.2[j]).collect()
}

/// `summary.csv`: every region total (`sector` = `all`; `region` = `total` for the
/// whole table) and every (region, sector) of every scenario and indicator.
pub fn summary_csv(run: &Run) -> String {
    let l = &run.layout;
    let mut o = String::from("scenario,region,sector,indicator,point,mean,sd,p05,p50,p95,unit\n");
    for (s, sc) in l.scenarios.iter().enumerate() {
        for (k, (ind, unit)) in l.indicators.iter().enumerate() {
            let at = l.offset(s, k);
            let mut labels: Vec<(&str, &str)> = vec![("total", "all")];
            labels.extend(l.regions.iter().map(|r| (r.as_str(), "all")));
            labels.extend(l.entries.iter().map(|(r, x)| (r.as_str(), x.as_str())));
            for (i, (r, x)) in labels.into_iter().enumerate() {
                let j = at + i;
                let m = summarize(&column(run, j));
                o.push_str(&csv_line(&[
                    sc.clone(),
                    r.into(),
                    x.into(),
                    ind.clone(),
                    num(run.point[j]),
                    num(m.mean),
                    num(m.sd),
                    num(m.p05),
                    num(m.p50),
                    num(m.p95),
                    unit.clone(),
                ]));
            }
        }
    }
    o
}

fn share_index(l: &Layout, s: usize, k: usize, g: usize) -> usize {
    l.offset(s, k) + 1 + l.regions.len() + l.entries.len() + g
}

/// `shares.csv`: the share of every group in the total of every scenario and indicator.
pub fn shares_csv(run: &Run) -> String {
    let l = &run.layout;
    let mut o = String::from("scenario,indicator,group,point,mean,p05,p50,p95,unit\n");
    for (s, sc) in l.scenarios.iter().enumerate() {
        for (k, (ind, _)) in l.indicators.iter().enumerate() {
            for (g, name) in GROUPS.iter().enumerate() {
                let j = share_index(l, s, k, g);
                let m = summarize(&column(run, j));
                o.push_str(&csv_line(&[
                    sc.clone(),
                    ind.clone(),
                    name.to_string(),
                    num(run.point[j]),
                    num(m.mean),
                    num(m.p05),
                    num(m.p50),
                    num(m.p95),
                    "fraction of total".into(),
                ]));
            }
        }
    }
    o
}

/// `sensitivity.csv`: for every share, every uncertain input's Spearman rank
/// correlation and share of variance explained, ranked by the latter.
pub fn sensitivity_csv(run: &Run) -> String {
    let l = &run.layout;
    let mut o = String::from("scenario,indicator,group,rank,input,spearman,variance_share\n");
    let inputs: Vec<Vec<f64>> = (0..run.inputs.len())
        .map(|i| run.draws.iter().map(|d| d.1[i]).collect())
        .collect();
    for (s, sc) in l.scenarios.iter().enumerate() {
        for (k, (ind, _)) in l.indicators.iter().enumerate() {
            for (g, name) in GROUPS.iter().enumerate() {
                let y = column(run, share_index(l, s, k, g));
                let mut rows: Vec<(usize, Option<f64>, f64)> = inputs
                    .iter()
                    .enumerate()
                    .map(|(i, x)| (i, spearman(x, &y), variance_share(x, &y)))
                    .collect();
                rows.sort_by(|a, b| {
                    b.2.total_cmp(&a.2)
                        .then(
                            b.1.unwrap_or(0.0)
                                .abs()
                                .total_cmp(&a.1.unwrap_or(0.0).abs()),
                        )
                        .then(a.0.cmp(&b.0))
                });
                for (rank, (i, rho, v)) in rows.into_iter().enumerate() {
                    o.push_str(&csv_line(&[
                        sc.clone(),
                        ind.clone(),
                        name.to_string(),
                        (rank + 1).to_string(),
                        run.inputs[i].clone(),
                        rho.map(num).unwrap_or_default(),
                        num(v),
                    ]));
                }
            }
        }
    }
    o
}

/// `draws.csv`: every draw's inputs and group shares (for re-analysis).
pub fn draws_csv(run: &Run) -> String {
    let l = &run.layout;
    let mut head = vec!["draw".to_string()];
    head.extend(run.inputs.iter().cloned());
    let mut cols = Vec::new();
    for (s, sc) in l.scenarios.iter().enumerate() {
        for (k, (ind, _)) in l.indicators.iter().enumerate() {
            for (g, name) in GROUPS.iter().enumerate() {
                head.push(format!("{sc}|{ind}|{name}"));
                cols.push(share_index(l, s, k, g));
            }
        }
    }
    let mut o = csv_line(&head);
    for (d, x, v) in &run.draws {
        let mut f = vec![d.to_string()];
        f.extend(x.iter().map(|a| num(*a)));
        f.extend(cols.iter().map(|&j| num(v[j])));
        o.push_str(&csv_line(&f));
    }
    o
}

/// `regions.csv`: every draw's region totals, one column `scenario|indicator|region
/// [unit]` per scenario, indicator and region (the additional use a `[[limit]]` caps, so a
/// scenario run beside the ensemble can count the draws in which a cap binds).
pub fn regions_csv(run: &Run) -> String {
    let l = &run.layout;
    let mut head = vec!["draw".to_string()];
    let mut cols = Vec::new();
    for (s, sc) in l.scenarios.iter().enumerate() {
        for (k, (ind, unit)) in l.indicators.iter().enumerate() {
            for (r, region) in l.regions.iter().enumerate() {
                head.push(format!("{sc}|{ind}|{region} [{unit}]"));
                cols.push(l.offset(s, k) + 1 + r);
            }
        }
    }
    let mut o = csv_line(&head);
    for (d, _, v) in &run.draws {
        let mut f = vec![d.to_string()];
        f.extend(cols.iter().map(|&j| num(v[j])));
        o.push_str(&csv_line(&f));
    }
    o
}

/// `ensemble.toml`: the spec, seed, draws and program version, so the run can be
/// repeated, and the unit of every indicator.
pub fn ensemble_toml(run: &Run, spec_name: &str, spec_text: &str) -> String {
    let l = &run.layout;
    let mut o = String::new();
    o.push_str("# Written by `mrio ensemble`: repeat with\n");
    o.push_str(&format!(
        "#   mrio ensemble {spec_name} --draws {} --seed {} --out DIR\n",
        run.total, run.seed
    ));
    let mut t = toml::Table::new();
    t.insert(
        "program".into(),
        toml::Value::String(format!("mrio {}", env!("CARGO_PKG_VERSION"))),
    );
    t.insert("spec_file".into(), toml::Value::String(spec_name.into()));
    t.insert("seed".into(), toml::Value::Integer(run.seed as i64));
    t.insert("draws".into(), toml::Value::Integer(run.total as i64));
    t.insert(
        "stream".into(),
        toml::Value::String(
            "ChaCha8, key = seed, stream = draw index (rand 0.10.4, rand_distr 0.6.0)".into(),
        ),
    );
    let mut units = toml::Table::new();
    for (i, u) in &l.indicators {
        units.insert(i.clone(), toml::Value::String(u.clone()));
    }
    t.insert("units".into(), toml::Value::Table(units));
    t.insert(
        "inputs".into(),
        toml::Value::Array(
            run.inputs
                .iter()
                .map(|s| toml::Value::String(s.clone()))
                .collect(),
        ),
    );
    t.insert("spec".into(), toml::Value::String(spec_text.into()));
    o.push_str(&toml::to_string(&t).expect("TOML"));
    o
}

/// The files of a complete run, as (name, contents).
pub fn files(run: &Run, spec_name: &str, spec_text: &str) -> Vec<(String, Vec<u8>)> {
    vec![
        ("summary.csv".into(), summary_csv(run).into_bytes()),
        ("shares.csv".into(), shares_csv(run).into_bytes()),
        ("sensitivity.csv".into(), sensitivity_csv(run).into_bytes()),
        ("draws.csv".into(), draws_csv(run).into_bytes()),
        ("regions.csv".into(), regions_csv(run).into_bytes()),
        (
            "ensemble.toml".into(),
            ensemble_toml(run, spec_name, spec_text).into_bytes(),
        ),
    ]
}

/// A shard's partial folder: `partial.toml` (the run it is part of, its draws and the
/// layout) and `values.bin` (the point, then every draw's inputs and values, f64
/// little-endian).
pub fn partial_files(
    run: &Run,
    shard: (u64, u64),
    spec_name: &str,
    spec_text: &str,
) -> Vec<(String, Vec<u8>)> {
    let first = run.draws.first().map(|d| d.0).unwrap_or(0);
    let mut b = Vec::new();
    for v in &run.point {
        b.extend_from_slice(&v.to_le_bytes());
    }
    for (_, x, v) in &run.draws {
        for a in x.iter().chain(v) {
            b.extend_from_slice(&a.to_le_bytes());
        }
    }
    let part = PartialToml {
        shard: format!("{}/{}", shard.0, shard.1),
        first_draw: first,
        count: run.draws.len() as u64,
        values_sha256: format!("{:x}", Sha256::digest(&b)),
        layout: run.layout.clone(),
    };
    let mut t = toml::Table::new();
    t.insert(
        "partial".into(),
        toml::Value::try_from(&part).expect("TOML"),
    );
    let mut o = ensemble_toml(run, spec_name, spec_text);
    o.push('\n');
    o.push_str(&toml::to_string(&t).expect("TOML"));
    vec![
        ("partial.toml".into(), o.into_bytes()),
        ("values.bin".into(), b),
    ]
}

#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct PartialToml {
    shard: String,
    first_draw: u64,
    count: u64,
    values_sha256: String,
    layout: Layout,
}

#[derive(Debug, serde::Deserialize)]
struct PartialFile {
    spec_file: String,
    seed: u64,
    draws: u64,
    inputs: Vec<String>,
    spec: String,
    partial: PartialToml,
}

/// A shard read back.
struct Partial {
    file: PartialFile,
    shard: (u64, u64),
    values: Vec<f64>,
}

fn read_partial(dir: &Path) -> Result<Partial> {
    let tp = dir.join("partial.toml");
    let text = String::from_utf8(crate::fsio::read_bytes(&tp)?).map_err(|_| Error::Config {
        path: tp.clone(),
        message: "not valid UTF-8".into(),
    })?;
    let file: PartialFile =
        toml::from_str(&text).map_err(|e| match crate::table::toml_error(&tp, &text, e) {
            Error::Config { path, message } => Error::Config {
                path,
                message: format!(
                    "{message} (not a partial folder written by one shard of an ensemble?)"
                ),
            },
            other => other,
        })?;
    let shard = super::parse_shard(&file.partial.shard)?;
    let bytes = crate::fsio::read_bytes(&dir.join("values.bin"))?;
    if format!("{:x}", Sha256::digest(&bytes)) != file.partial.values_sha256 {
        return Err(Error::conflict(
            dir.display(),
            "values.bin does not match its checksum in partial.toml (incomplete or changed)",
        ));
    }
    let values = bytes
        .chunks_exact(8)
        .map(|c| f64::from_le_bytes(c.try_into().expect("8 bytes")))
        .collect();
    Ok(Partial {
        file,
        shard,
        values,
    })
}

/// A merged run and the spec it came from (file name, text).
pub struct Merged {
    /// The run.
    pub run: Run,
    /// Spec file name.
    pub spec_name: String,
    /// Spec text.
    pub spec_text: String,
}

/// Join the partial folders of every shard of one run into the whole run. Refuses
/// missing, repeated or foreign shards.
pub fn merge(dirs: &[&Path]) -> Result<Merged> {
    let mut parts: Vec<(Partial, &Path)> = Vec::new();
    for d in dirs {
        parts.push((read_partial(d)?, d));
    }
    let Some((first, d0)) = parts.first() else {
        return Err(Error::shape(
            "partial folders to merge",
            "none",
            "at least one",
        ));
    };
    let f0 = &first.file;
    let n = first.shard.1;
    for (p, d) in &parts {
        let f = &p.file;
        if f.spec != f0.spec
            || f.seed != f0.seed
            || f.draws != f0.draws
            || f.inputs != f0.inputs
            || f.partial.layout != f0.partial.layout
            || p.shard.1 != n
        {
            return Err(Error::conflict(
                d.display(),
                format!(
                    "a shard of another run (spec, seed, draws, layout or shard count differ \
                     from {})",
                    d0.display()
                ),
            ));
        }
    }
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by_key(|&i| parts[i].0.shard.0);
    for (i, &k) in order.iter().enumerate() {
        if parts[k].0.shard.0 != i as u64 + 1 {
            return Err(Error::conflict(
                format!("shard {} of {n}", i + 1),
                format!("missing or given twice (see {})", parts[k].1.display()),
            ));
        }
    }
    if parts.len() as u64 != n {
        return Err(Error::conflict(
            format!("{} of {n} shards given", parts.len()),
            "every shard's folder is needed",
        ));
    }
    let layout = f0.partial.layout.clone();
    let (nv, ni) = (layout.len(), f0.inputs.len());
    let point = first.values[..nv.min(first.values.len())].to_vec();
    let mut draws = Vec::new();
    for &k in &order {
        let (p, d) = &parts[k];
        let f = &p.values;
        let want = nv + p.file.partial.count as usize * (ni + nv);
        if f.len() != want {
            return Err(Error::shape(
                format!("{}: values.bin", d.display()),
                format!("{} values", f.len()),
                format!("{want} (the size partial.toml gives)"),
            ));
        }
        if f[..nv] != point[..] {
            return Err(Error::conflict(
                d.display(),
                "its point result differs from the first shard's (inputs changed?)",
            ));
        }
        let (lo, cnt) = super::run::shard_range(f0.draws, p.shard.0, n);
        if p.file.partial.first_draw != lo || p.file.partial.count != cnt {
            return Err(Error::conflict(
                d.display(),
                format!(
                    "holds draws {}.. ({}), expected {lo}.. ({cnt}) for shard {}/{n}",
                    p.file.partial.first_draw, p.file.partial.count, p.shard.0
                ),
            ));
        }
        for (i, row) in f[nv..].chunks_exact(ni + nv).enumerate() {
            draws.push((lo + i as u64, row[..ni].to_vec(), row[ni..].to_vec()));
        }
    }
    Ok(Merged {
        run: Run {
            layout,
            inputs: f0.inputs.clone(),
            seed: f0.seed,
            total: f0.draws,
            point,
            draws,
        },
        spec_name: f0.spec_file.clone(),
        spec_text: f0.spec.clone(),
    })
}
