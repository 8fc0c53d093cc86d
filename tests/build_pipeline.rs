//! The build pipeline end to end on a toy recipe (tests/data/build_toy: Miller & Blair's
//! two-sector table split into two cities and the rest), plus aggregation,
//! disaggregation, CHARM, import proportionality and recipe errors.

// Matrix cells are compared by index: range loops read best here.
#![allow(clippy::needless_range_loop)]

use faer::Mat;
use mrio::build::{aggregate, build, domestic, Recipe};
use mrio::table::{read_table, IoTable};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn toy() -> (Recipe, PathBuf) {
    let p = root().join("tests/data/build_toy/recipe.toml");
    (Recipe::read(&p).unwrap(), p)
}

fn max_gaps(t: &IoTable) -> (f64, f64) {
    let n = t.len();
    let rows = mrio::table::row_totals(&t.z, &t.y);
    let va = t.value_added();
    let mut g = (0.0f64, 0.0f64);
    for j in 0..n {
        let col: f64 = (0..n).map(|i| t.z[(i, j)]).sum::<f64>() + va[j];
        g.0 = g.0.max((rows[j] - t.x[j]).abs() / t.x[j]);
        g.1 = g.1.max((col - t.x[j]).abs() / t.x[j]);
    }
    g
}

/// The built MRIO balances by rows and columns, is productive, and reproduces the
/// regional outputs of the indicator file (basis = output) and the parent's totals.
#[test]
fn toy_build_balances_and_reproduces_indicators() {
    let (r, p) = toy();
    let b = build(&r, &p).unwrap();
    let t = &b.table;
    let (rg, cg) = max_gaps(t);
    assert!(rg < 1e-12 && cg < 1e-12, "gaps {rg} {cg}");
    assert!(b.spectral_radius < 1.0);
    let want = [
        ("CITYA_sector1", 60.0),
        ("CITYA_sector2", 40.0),
        ("CITYB_sector1", 20.0),
        ("CITYB_sector2", 90.0),
        ("REST_sector1", 1000.0 - 80.0),
        ("REST_sector2", 2000.0 - 130.0),
    ];
    for (id, x) in want {
        let i = t.index.position(id).unwrap();
        assert!((t.x[i] - x).abs() < 1e-9 * x, "{id}: {} vs {x}", t.x[i]);
    }
    // Summed over regions the MRIO gives back the parent's intermediate flows (M&B Table 2.3).
    let parent = read_table(&root().join("tables/mb2009_two_sector")).unwrap();
    let agg = aggregate::aggregate_regions(
        t,
        &aggregate::Concordance::from_pairs(
            ["CITYA", "CITYB", "REST"]
                .iter()
                .map(|r| (r.to_string(), "ALL".to_string()))
                .collect(),
        )
        .unwrap(),
    )
    .unwrap();
    for i in 0..2 {
        for j in 0..2 {
            assert!((agg.z[(i, j)] - parent.z[(i, j)]).abs() < 1e-9 * parent.z[(i, j)]);
        }
    }
    // Employment satellite: listed cities as given, the rest at the cities' intensity.
    let e = t.satellite("employment").unwrap();
    let i = t.index.position("CITYA_sector1").unwrap();
    assert_eq!(e.values[(0, i)], 300.0);
    let rest = t.index.position("REST_sector1").unwrap();
    assert!((e.values[(0, rest)] - 920.0 * (300.0 + 90.0) / 80.0).abs() < 1e-6);
    assert_eq!(t.meta.satellite_units["employment"], "persons");
}

/// Chenery-Moses: intraregional blocks A^{ss} = Ĉ^{ss} A^n never exceed the parent's
/// coefficients, and every column of trade coefficients sums to one, so summing the
/// blocks of a column over origins gives back A^n.
#[test]
fn regional_blocks_never_exceed_the_parent() {
    let (r, p) = toy();
    let t = build(&r, &p).unwrap().table;
    let parent = read_table(&root().join("tables/mb2009_two_sector")).unwrap();
    let an = |i: usize, j: usize| parent.z[(i, j)] / parent.x[j];
    let n = 2;
    for s in 0..3 {
        for j in 0..n {
            let q = s * n + j;
            for i in 0..n {
                let own = t.z[(s * n + i, q)] / t.x[q];
                assert!(own <= an(i, j) + 1e-15);
                let all: f64 = (0..3).map(|o| t.z[(o * n + i, q)] / t.x[q]).sum();
                assert!((all - an(i, j)).abs() < 1e-12);
            }
        }
    }
}

/// Building twice gives the same bytes in every file.
#[test]
fn toy_rebuild_is_byte_identical() {
    let (r, p) = toy();
    let out = root().join("target/test-build-toy");
    let _ = std::fs::remove_dir_all(&out);
    let t1 = build(&r, &p).unwrap().table;
    mrio::table::write_table(&t1, &out.join("a")).unwrap();
    let t2 = build(&Recipe::read(&p).unwrap(), &p).unwrap().table;
    mrio::table::write_table(&t2, &out.join("b")).unwrap();
    compare_dirs(&out.join("a"), &out.join("b"));
}

pub fn compare_dirs(a: &Path, b: &Path) {
    let mut names: Vec<_> = std::fs::read_dir(a)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert!(!names.is_empty());
    for n in names {
        let x = std::fs::read(a.join(&n)).unwrap();
        let y = std::fs::read(b.join(&n)).unwrap();
        assert!(x == y, "{n:?} differs");
    }
}

/// A larger δ lowers self-supply (FLQ), so the cities' own-region multipliers fall.
#[test]
fn larger_delta_means_more_imports() {
    let (mut r, p) = toy();
    let own = |r: &Recipe| {
        let t = build(r, &p).unwrap().table;
        let q = t.index.position("CITYA_sector1").unwrap();
        (0..2).map(|i| t.z[(i, q)]).sum::<f64>() / t.x[q]
    };
    r.regionalize.delta = 0.1;
    let low = own(&r);
    r.regionalize.delta = 0.5;
    let high = own(&r);
    assert!(high < low, "{high} vs {low}");
}

/// Unknown recipe keys are errors naming the line.
#[test]
fn recipe_unknown_key_names_the_line() {
    let text = std::fs::read_to_string(root().join("tests/data/build_toy/recipe.toml")).unwrap();
    let bad = text.replace("delta = 0.3", "delta = 0.3\ndelat = 0.4");
    let e = Recipe::parse(Path::new("r.toml"), &bad)
        .unwrap_err()
        .to_string();
    let line = bad.lines().position(|l| l.starts_with("delat")).unwrap() + 1;
    assert!(
        e.contains(&format!("line {line}")) && e.contains("delat"),
        "{e}"
    );
    let bad = text.replace("delta = 0.3", "delta = 1.5");
    let e = Recipe::parse(Path::new("r.toml"), &bad)
        .unwrap_err()
        .to_string();
    assert!(e.contains("0 <= delta < 1"), "{e}");
}

/// Aggregating sectors keeps both balance identities; disaggregating with weights
/// keeps them too and re-aggregating gives back the original table.
#[test]
fn aggregation_and_disaggregation_keep_balance() {
    let (r, p) = toy();
    let t = build(&r, &p).unwrap().table;
    let conc = aggregate::Concordance::from_pairs(vec![
        ("sector1".into(), "all".into()),
        ("sector2".into(), "all".into()),
    ])
    .unwrap();
    let a = aggregate::aggregate_sectors(&t, &conc).unwrap();
    assert_eq!(a.len(), 3);
    let (rg, cg) = max_gaps(&a);
    assert!(rg < 1e-12 && cg < 1e-12);
    let parent = read_table(&root().join("tables/mb2009_two_sector")).unwrap();
    let split = aggregate::Split {
        parts: vec![
            ("sector1".into(), "s1a".into(), 3.0),
            ("sector1".into(), "s1b".into(), 1.0),
        ],
    };
    let d = aggregate::disaggregate_sectors(&parent, &split).unwrap();
    assert_eq!(d.index.ids(), ["s1a", "s1b", "sector2"]);
    assert_eq!(d.x, vec![750.0, 250.0, 2000.0]);
    let (rg, cg) = max_gaps(&d);
    assert!(rg < 1e-12 && cg < 1e-12);
    let back = aggregate::aggregate_sectors(
        &d,
        &aggregate::Concordance::from_pairs(vec![
            ("s1a".into(), "sector1".into()),
            ("s1b".into(), "sector1".into()),
            ("sector2".into(), "sector2".into()),
        ])
        .unwrap(),
    )
    .unwrap();
    for i in 0..2 {
        for j in 0..2 {
            assert!((back.z[(i, j)] - parent.z[(i, j)]).abs() < 1e-12);
        }
    }
}

/// Import proportionality (METHODS 1.6): the imports allocated to users add up to the
/// import column, the domestic table balances by rows and columns.
#[test]
fn import_proportionality_identities() {
    let ix = mrio::table::Index::new(vec!["a".into(), "b".into()], None, None).unwrap();
    // Competitive table: Z mixes imports; Y = [consumption, exports, imports (negative)].
    let z = faer::mat![[20.0, 30.0], [10.0, 40.0]];
    let y = faer::mat![[60.0, 10.0, -20.0], [50.0, 5.0, -5.0]];
    let x: Vec<f64> = (0..2)
        .map(|i| z[(i, 0)] + z[(i, 1)] + y[(i, 0)] + y[(i, 1)] + y[(i, 2)])
        .collect();
    let va = Mat::from_fn(1, 2, |_, j| x[j] - z[(0, j)] - z[(1, j)]);
    let t = IoTable::new(
        ix,
        z,
        y,
        vec!["C".into(), "EX".into(), "IM".into()],
        va,
        vec!["va".into()],
        Some(x.clone()),
    )
    .unwrap();
    let d = domestic::import_proportionality(&t, "IM", &["EX".to_string()]).unwrap();
    // m_a = 20 / (20 + 30 + 60) (use excludes exports).
    assert!((d.m[0] - 20.0 / 110.0).abs() < 1e-15);
    assert!((d.m[1] - 5.0 / 100.0).abs() < 1e-15);
    let (rg, cg) = max_gaps(&d.table);
    assert!(rg < 1e-14 && cg < 1e-14, "{rg} {cg}");
    // Imported inputs row + imported final use = imports.
    let imp_inputs: f64 = (0..2).map(|j| d.table.va[(0, j)]).sum();
    let imp_final: f64 = (0..2).map(|i| d.m[i] * t.y[(i, 0)]).sum();
    assert!((imp_inputs + imp_final - 25.0).abs() < 1e-12);
}

/// CHARM self-supply runs when the parent's imports are given (competitive parent).
#[test]
fn charm_self_supply_builds_a_balanced_table() {
    let (mut r, p) = toy();
    r.trade.self_supply = mrio::build::recipe::SelfSupply::Charm;
    let e = build(&r, &p).unwrap_err().to_string();
    assert!(e.contains("charm") && e.contains("imports"), "{e}");
}

/// Employment as the size measure: x^r_i = E^r_i · x^n_i / E^n_i with the parent's jobs
/// from `parent_sizes`.
#[test]
fn employment_basis_scales_output_by_jobs() {
    let (mut r, p) = toy();
    r.regions.basis = mrio::build::recipe::Basis::Employment;
    r.regions.indicators = "jobs.csv".into();
    r.regions.parent_sizes = None;
    let e = build(&r, &p).unwrap_err().to_string();
    assert!(e.contains("parent_sizes"), "{e}");
    r.regions.parent_sizes = Some("parent_jobs.csv".into());
    let t = build(&r, &p).unwrap().table;
    let i = t.index.position("CITYA_sector1").unwrap();
    assert!((t.x[i] - 300.0 * 1000.0 / 4000.0).abs() < 1e-9);
    let i = t.index.position("CITYB_sector2").unwrap();
    assert!((t.x[i] - 400.0 * 2000.0 / 6000.0).abs() < 1e-9);
    let b = t.meta.build.as_ref().unwrap();
    assert!(b["inputs"].get("parent_sizes").is_some());
}

/// A competitive-import parent (imports inside Z, a negative import column) goes
/// through import proportionality; with LQ or CHARM self-supply the MRIO balances,
/// reproduces the indicator outputs and records imported inputs as a primary input.
#[test]
fn competitive_parent_builds_with_lq_and_charm() {
    let p = root().join("tests/data/build_toy/recipe_competitive.toml");
    for ss in [
        mrio::build::recipe::SelfSupply::Lq,
        mrio::build::recipe::SelfSupply::Charm,
    ] {
        let mut r = Recipe::read(&p).unwrap();
        r.trade.self_supply = ss;
        let b = build(&r, &p).unwrap();
        let t = &b.table;
        let (rg, cg) = max_gaps(t);
        assert!(rg < 1e-12 && cg < 1e-12, "{ss:?}: {rg} {cg}");
        assert!(b.output_gap < 1e-9);
        assert_eq!(t.va_labels[0], "imported_inputs");
        // Domestic coefficients: total imports 150 of which 50 and 100 by good; the
        // domestic share of sector 1's own input is (1 - 50/950) * 150 / 1000.
        let q = t.index.position("REST_sector1").unwrap();
        let dom: f64 = (0..3).map(|o| t.z[(o * 2, q)]).sum::<f64>() / t.x[q];
        assert!((dom - (1.0 - 50.0 / 950.0) * 0.15).abs() < 1e-12, "{dom}");
        // Foreign exports are a column of no region, shipped by the producer.
        assert_eq!(t.y_labels.last().unwrap(), "exports");
    }
}

/// A rest region is required (it absorbs what the LQ self-supply leaves over); the
/// error says so and names the line.
#[test]
fn rest_region_is_required() {
    let text = std::fs::read_to_string(root().join("tests/data/build_toy/recipe.toml")).unwrap();
    let bad = text.replace("rest = \"REST\"\n", "");
    let e = Recipe::parse(Path::new("r.toml"), &bad)
        .unwrap_err()
        .to_string();
    let line = bad
        .lines()
        .position(|l| l.starts_with("[regions]"))
        .unwrap()
        + 1;
    assert!(
        e.contains(&format!("line {line}")) && e.contains("rest = "),
        "{e}"
    );
}

/// When every region uses the parent's technology and every column of trade
/// coefficients sums to one, 1'CÃ = 1'Ã blockwise, so each MRIO output multiplier
/// equals the parent's: Miller & Blair (2009) two-sector table, sector 1: 1.518152,
/// sector 2: 1.452145 (column sums of L = (I - A)^-1, A = [[0.15, 0.25], [0.2, 0.05]], M&B Table 2.3). How the
/// multiplier splits between regions is what the regionalization decides.
#[test]
fn mrio_output_multipliers_equal_the_parents() {
    let (r, p) = toy();
    let t = build(&r, &p).unwrap().table;
    let m = mrio::model::Leontief::from_table(&t, Default::default())
        .unwrap()
        .output_multipliers()
        .unwrap();
    for (i, id) in t.index.ids().iter().enumerate() {
        let want = if id.ends_with("sector1") {
            1.518152
        } else {
            1.452145
        };
        assert!((m.value[i] - want).abs() < 5e-7, "{id}: {}", m.value[i]);
    }
}

/// The built table records its primary-input classes (`[primary_inputs]` of table.toml):
/// `imported_inputs`, added by import proportionality, is an import, so value added plus
/// imported inputs per unit of final demand is 1 (the table balances), with value added
/// below 1; written and read back, the classes are the same.
#[test]
fn built_table_declares_its_import_rows() {
    let p = root().join("tests/data/build_toy/recipe_competitive.toml");
    let t = build(&Recipe::read(&p).unwrap(), &p).unwrap().table;
    assert_eq!(
        t.meta.primary_inputs.imports.as_deref(),
        Some(&["imported_inputs".to_string()][..])
    );
    let open = mrio::model::Leontief::from_table(&t, Default::default()).unwrap();
    let per = |rows: &[usize]| -> Vec<f64> {
        let w: Vec<f64> = (0..t.len())
            .map(|j| rows.iter().map(|&r| t.va[(r, j)]).sum::<f64>() / t.x[j])
            .collect();
        open.solve_transpose(&w).unwrap().value
    };
    let va = per(&t.value_added_rows());
    let imp = per(&[0]);
    for j in 0..t.len() {
        assert!(
            va[j] < 1.0 - 1e-3 && (va[j] + imp[j] - 1.0).abs() < 1e-9,
            "{j}: {} {}",
            va[j],
            imp[j]
        );
    }
    let dir = std::env::temp_dir().join(format!("mrio_built_classes_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    mrio::table::write_table(&t, &dir).unwrap();
    let back = read_table(&dir).unwrap();
    assert_eq!(back.primary_classes(), t.primary_classes());
}
