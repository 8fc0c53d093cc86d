//! The sensitivity table of tables/cluster/README.md is produced here: for every recipe
//! parameter a variant is built (`--set`-style overrides), and the output multiplier
//! of final demand for `XIAN_aero` is split into where the output arises. The README's
//! rows must match what this test computes (to the 3 decimals shown); run with
//! `--nocapture` to print the table.

mod common;

use mrio::build::{build, Recipe};
use std::path::PathBuf;

const VARIANTS: &[(&str, &[&str])] = &[
    ("shipped", &[]),
    ("regionalize.delta=0.1", &["regionalize.delta=0.1"]),
    ("regionalize.delta=0.5", &["regionalize.delta=0.5"]),
    ("regionalize.method=slq", &["regionalize.method=slq"]),
    ("trade.self_supply=charm", &["trade.self_supply=charm"]),
    ("trade.gamma=0.5", &["trade.gamma=0.5"]),
    ("trade.gamma=2", &["trade.gamma=2.0"]),
    (
        "trade.rest_internal_km=400",
        &["trade.rest_internal_km=400.0"],
    ),
    (
        "trade.rest_internal_km=1600",
        &["trade.rest_internal_km=1600.0"],
    ),
    ("trade.non_tradable=[]", &["trade.non_tradable=[]"]),
    (
        "trade.decay=exp, trade.gamma=0.005",
        &["trade.decay=exp", "trade.gamma=0.005"],
    ),
];

/// (total, Xi'an, the other cluster cities, the rest of the three provinces (`*-R`), the
/// rest of China) of the `XIAN_aero` output multiplier.
fn multiplier(t: &mrio::IoTable) -> [f64; 5] {
    let ids = t.index.ids().to_vec();
    let a = mrio::model::technical_coefficients(
        t.z.as_ref(),
        &t.x,
        &ids,
        mrio::model::ZeroOutput::Inert,
    )
    .unwrap();
    let l = mrio::model::Leontief::new(a, ids.clone()).unwrap();
    let j = t.index.position("XIAN_aero").unwrap();
    let mut f = vec![0.0; ids.len()];
    f[j] = 1.0;
    let x = l.solve(&f).unwrap().value;
    let regions = t.index.region_list();
    let rest = regions.last().unwrap();
    let mut out = [0.0; 5];
    for (i, v) in x.iter().enumerate() {
        let r = &t.index.regions()[i];
        out[0] += v;
        if r == "XIAN" {
            out[1] += v;
        } else if r == rest {
            out[4] += v;
        } else if r.ends_with("-R") {
            out[3] += v;
        } else {
            out[2] += v;
        }
    }
    out
}

#[test]
fn shared_cluster_sensitivity_table_matches_readme() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    std::env::set_var("MRIO_SHARED", &shared);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tables/cluster");
    let readme = std::fs::read_to_string(dir.join("README.md")).unwrap();
    let recipe_path = dir.join("recipe.toml");
    let mut lines = Vec::new();
    for (name, sets) in VARIANTS {
        let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
        let recipe = Recipe::read_with(&recipe_path, &sets).unwrap();
        let built = build(&recipe, &recipe_path).unwrap();
        let m = multiplier(&built.table);
        let line = format!(
            "| `{name}` | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.1}% |",
            m[0],
            m[1],
            m[2],
            m[3],
            m[4],
            100.0 * m[2] / m[0]
        );
        println!("{line}");
        lines.push(line);
    }
    for l in &lines {
        assert!(readme.contains(l.as_str()), "README.md lacks the row\n{l}");
    }
}
