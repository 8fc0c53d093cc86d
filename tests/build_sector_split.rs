//! `[[sector_split]]`: disaggregating one sector of a parent with a finer table's flows
//! (src/build/sector_split.rs). Identities: the split of an exact aggregate gives the
//! finer table back; the parts add up to the parent's row, column, final demand,
//! primary inputs and imports; the split table balances. Plus the shared NBS case:
//! NBS-42 transport equipment split with the NBS-149 table.

#![allow(clippy::needless_range_loop)]

use faer::Mat;
use mrio::build::aggregate::{aggregate_sectors, Concordance};
use mrio::build::parent::Parent;
use mrio::build::recipe::{SectorPart, SectorSplit};
use mrio::build::sector_split::split_sector;
use mrio::table::{Index, IoTable};
use std::collections::BTreeMap;
use std::path::Path;

/// A balanced 4-sector table: Z and Y given, x = Z1 + Y1, the last VA row closes
/// the columns. `k` varies the numbers.
fn fine(k: f64) -> IoTable {
    let n = 4;
    let ids: Vec<String> = ["1", "2", "3", "4"].iter().map(|s| s.to_string()).collect();
    let z = Mat::from_fn(n, n, |i, j| 1.0 + ((i * 7 + j * 3) as f64 * k) % 5.0);
    let y = Mat::from_fn(n, 3, |i, c| match c {
        0 => 20.0 + 3.0 * i as f64 * k,
        1 => 5.0 + (i as f64 * k) % 4.0,
        _ => -(1.0 + i as f64),
    });
    let x: Vec<f64> = (0..n)
        .map(|i| (0..n).map(|j| z[(i, j)]).sum::<f64>() + (0..3).map(|c| y[(i, c)]).sum::<f64>())
        .collect();
    let va = Mat::from_fn(2, n, |r, j| {
        let w1 = 0.3 * x[j];
        if r == 0 {
            w1
        } else {
            x[j] - w1 - (0..n).map(|i| z[(i, j)]).sum::<f64>()
        }
    });
    IoTable::new(
        Index::new(ids, None, None).unwrap(),
        z,
        y,
        vec!["H".into(), "EX".into(), "IM".into()],
        va,
        vec!["W".into(), "OS".into()],
        Some(x),
    )
    .unwrap()
}

fn conc(pairs: &[(&str, &str)]) -> Concordance {
    Concordance::from_pairs(
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect(),
    )
    .unwrap()
}

fn spec() -> SectorSplit {
    SectorSplit {
        sector: "t".into(),
        shares_from: String::new(),
        concordance: String::new(),
        columns: BTreeMap::new(),
        import_column: None,
        part: vec![
            SectorPart {
                id: "t1".into(),
                name: Some("first part".into()),
            },
            SectorPart {
                id: "t2".into(),
                name: None,
            },
        ],
    }
}

fn to_parts() -> Concordance {
    conc(&[("1", "a"), ("2", "t1"), ("3", "t2"), ("4", "b")])
}

fn parent_of(t: &IoTable) -> Parent {
    let agg =
        aggregate_sectors(t, &conc(&[("1", "a"), ("2", "t"), ("3", "t"), ("4", "b")])).unwrap();
    let n = agg.len();
    Parent {
        z_imports: Some(Mat::from_fn(n, n, |i, j| 0.1 * (1 + i + 2 * j) as f64)),
        imports: Some(vec![3.0, 5.0, 7.0]),
        table: agg,
    }
}

fn gaps(t: &IoTable) -> f64 {
    let n = t.len();
    let mut g = 0.0f64;
    for j in 0..n {
        let row: f64 = (0..n).map(|k| t.z[(j, k)]).sum::<f64>()
            + (0..t.y.ncols()).map(|c| t.y[(j, c)]).sum::<f64>();
        let col: f64 = (0..n).map(|i| t.z[(i, j)]).sum::<f64>()
            + (0..t.va.nrows()).map(|r| t.va[(r, j)]).sum::<f64>();
        g = g
            .max((row - t.x[j]).abs() / t.x[j])
            .max((col - t.x[j]).abs() / t.x[j]);
    }
    g
}

#[test]
fn the_split_of_an_exact_aggregate_is_the_finer_table() {
    let f = fine(1.0);
    let p = parent_of(&f);
    let out = split_sector(p, &spec(), &f, &to_parts(), Path::new("c.csv"), &[]).unwrap();
    let t = out.table;
    assert_eq!(t.index.ids(), ["a", "t1", "t2", "b"]);
    assert_eq!(t.index.name(1), Some("first part"));
    // Split order a, t1, t2, b is the finer order 1, 2, 3, 4.
    for i in 0..4 {
        assert!((t.x[i] - f.x[i]).abs() < 1e-9 * f.x[i], "x {i}");
        for j in 0..4 {
            assert!((t.z[(i, j)] - f.z[(i, j)]).abs() < 1e-9, "z {i} {j}");
        }
        for c in 0..3 {
            assert!((t.y[(i, c)] - f.y[(i, c)]).abs() < 1e-9, "y {i} {c}");
        }
        for r in 0..2 {
            assert!((t.va[(r, i)] - f.va[(r, i)]).abs() < 1e-9, "va {r} {i}");
        }
    }
}

#[test]
fn parts_add_up_to_the_parent_and_the_split_table_balances() {
    // Shares from one table, parent aggregated from a different one.
    let shares_src = fine(1.0);
    let p = parent_of(&fine(2.3));
    let orig = p.clone();
    let o = &orig.table;
    let out = split_sector(
        p,
        &spec(),
        &shares_src,
        &to_parts(),
        Path::new("c.csv"),
        &[],
    )
    .unwrap();
    let t = &out.table;
    assert!(gaps(o) < 1e-12);
    assert!(gaps(t) < 1e-10, "split table off balance by {}", gaps(t));
    // positions: parent a=0, t=1, b=2; split a=0, t1=1, t2=2, b=3.
    let old = [0, 1, 1, 2];
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs().max(1.0);
    for (ob, nb) in [(0, 0), (2, 3)] {
        assert!(
            close(t.z[(1, nb)] + t.z[(2, nb)], o.z[(1, ob)]),
            "row of t to {ob}"
        );
        assert!(
            close(t.z[(nb, 1)] + t.z[(nb, 2)], o.z[(ob, 1)]),
            "column of t from {ob}"
        );
    }
    let diag: f64 = (1..3)
        .flat_map(|i| (1..3).map(move |j| (i, j)))
        .map(|(i, j)| t.z[(i, j)])
        .sum();
    assert!(close(diag, o.z[(1, 1)]));
    for c in 0..3 {
        assert!(
            close(t.y[(1, c)] + t.y[(2, c)], o.y[(1, c)]),
            "final demand {c}"
        );
    }
    for r in 0..2 {
        assert!(close(t.va[(r, 1)] + t.va[(r, 2)], o.va[(r, 1)]), "VA {r}");
    }
    assert!(close(t.x[1] + t.x[2], o.x[1]));
    // Unsplit cells are the parent's.
    for i in [0, 3] {
        for j in [0, 3] {
            assert_eq!(t.z[(i, j)], o.z[(old[i], old[j])]);
        }
    }
    // The parts really differ and follow the share source's output split roughly.
    let s_src = shares_src.x[1] / (shares_src.x[1] + shares_src.x[2]);
    let s_out = t.x[1] / (t.x[1] + t.x[2]);
    assert!(
        (s_out - s_src).abs() < 0.1,
        "output share {s_out} vs source {s_src}"
    );
    // Imports: the parts add up to the split good's.
    let zi = out.z_imports.as_ref().unwrap();
    let zo = orig.z_imports.as_ref().unwrap();
    let zsum: f64 = (0..4)
        .flat_map(|i| (0..4).map(move |j| (i, j)))
        .map(|(i, j)| zi[(i, j)])
        .sum();
    let osum: f64 = (0..3)
        .flat_map(|i| (0..3).map(move |j| (i, j)))
        .map(|(i, j)| zo[(i, j)])
        .sum();
    assert!(close(zsum, osum));
    let m = out.imports.as_ref().unwrap();
    assert!(close(m[1] + m[2], 5.0));
    assert_eq!((m[0], m[3]), (3.0, 7.0));
}

#[test]
fn bad_specifications_name_what_is_wrong() {
    let f = fine(1.0);
    let mut sp = spec();
    sp.sector = "zz".into();
    let e = split_sector(parent_of(&f), &sp, &f, &to_parts(), Path::new("c.csv"), &[]).unwrap_err();
    assert!(
        e.to_string().contains("sector_split: unknown sector `zz`"),
        "{e}"
    );
    let e = split_sector(
        parent_of(&f),
        &spec(),
        &f,
        &conc(&[("1", "a"), ("2", "t1"), ("3", "t1"), ("4", "b")]),
        Path::new("c.csv"),
        &[],
    )
    .unwrap_err();
    assert!(e.to_string().contains("maps to part `t2`"), "{e}");
    let mut sp = spec();
    sp.columns.insert("H".into(), vec!["NOPE".into()]);
    let e = split_sector(parent_of(&f), &sp, &f, &to_parts(), Path::new("c.csv"), &[]).unwrap_err();
    assert!(e.to_string().contains("unknown column `NOPE`"), "{e}");
}

/// NBS-42 sector 18 (transport equipment) split with the NBS-149 table into
/// automobiles (077-078) and other transport equipment (079-081).
#[test]
fn shared_nbs_transport_equipment_split_with_the_149_table() {
    let Some(dir) = std::env::var_os("MRIO_SHARED").map(std::path::PathBuf::from) else {
        eprintln!("SKIP: MRIO_SHARED not set");
        return;
    };
    let d42 = dir.join("data/china_nbs_42/2017");
    let d149 = dir.join("data/china_nbs_149_2017");
    if !d42.exists() || !d149.exists() {
        eprintln!("SKIP: NBS tables missing under {}", dir.display());
        return;
    }
    let t42 = mrio::table::read_table(&d42).unwrap();
    let t149 = mrio::table::read_table(&d149).unwrap();
    let ids42 = t42.index.ids().to_vec();
    // 149 codes -> 42 codes by the cluster's concordance targets is not needed here:
    // map 001-076 and 082-149 to one sector `o`, the parts to `auto` and `18`-rest.
    let ids149 = t149.index.ids().to_vec();
    let pairs: Vec<(String, String)> = ids149
        .iter()
        .map(|c| {
            let t = match c.as_str() {
                "077" | "078" => "auto",
                "079" | "080" | "081" => "other",
                _ => "o",
            };
            (c.clone(), t.to_string())
        })
        .collect();
    let c2 = Concordance::from_pairs(pairs).unwrap();
    let p42: Vec<(String, String)> = ids42
        .iter()
        .map(|c| (c.clone(), if c == "18" { "t" } else { "o" }.to_string()))
        .collect();
    let agg = aggregate_sectors(&t42, &Concordance::from_pairs(p42).unwrap()).unwrap();
    let parent = Parent {
        table: agg,
        z_imports: None,
        imports: None,
    };
    let mut sp = spec();
    sp.part[0].id = "auto".into();
    sp.part[1].id = "other".into();
    sp.columns.insert(
        "TC".into(),
        vec!["FU101".into(), "FU102".into(), "FU103".into()],
    );
    let imp = vec!["IMP_INT_imported_intermediate_inputs".to_string()];
    let orig = parent.table.clone();
    let out = split_sector(parent, &sp, &t149, &c2, Path::new("c.csv"), &imp).unwrap();
    let t = &out.table;
    assert!(gaps(t) < 1e-10, "off balance by {}", gaps(t));
    let ti = orig.index.position("t").unwrap();
    let (ai, oi) = (
        t.index.position("auto").unwrap(),
        t.index.position("other").unwrap(),
    );
    assert!((t.x[ai] + t.x[oi] - orig.x[ti]).abs() < 1e-9 * orig.x[ti]);
    let share = t.x[ai] / orig.x[ti];
    let x149: f64 = ["077", "078"]
        .iter()
        .map(|c| t149.x[t149.index.position(c).unwrap()])
        .sum();
    let x149_all: f64 = ["077", "078", "079", "080", "081"]
        .iter()
        .map(|c| t149.x[t149.index.position(c).unwrap()])
        .sum();
    eprintln!(
        "automobiles' share of NBS-42 transport equipment output: {:.2}% (149 table: {:.2}%)",
        100.0 * share,
        100.0 * x149 / x149_all
    );
    assert!((share - x149 / x149_all).abs() < 0.02, "{share}");
}
