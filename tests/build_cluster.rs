//! The shipped cluster table (tables/cluster): it loads, passes `mrio check`, balances,
//! is productive, has region-tagged final demand and an employment satellite with its
//! unit; with the shared data present, the recipe rebuilds it byte for byte.

// Matrix cells are compared by index: range loops read best here.
#![allow(clippy::needless_range_loop)]

mod common;

use mrio::build::{build, Recipe};
use mrio::table::read_table;
use std::path::PathBuf;
use std::process::Command;

fn cluster() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tables/cluster")
}

#[test]
fn cluster_table_passes_mrio_check() {
    let out = Command::new(env!("CARGO_BIN_EXE_mrio"))
        .arg("check")
        .arg(cluster())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "mrio check failed:\n{text}");
    assert!(text.contains("verdict    usable"), "{text}");
}

#[test]
fn cluster_table_is_a_balanced_productive_mrio() {
    let t = read_table(&cluster()).unwrap();
    let regions = t.index.region_list();
    assert_eq!(regions.len(), 16);
    assert_eq!(regions[0], "XIAN");
    assert_eq!(regions[12..], ["SHAANXI-R", "SHANXI-R", "GANSU-R", "ROC"]);
    for r in regions {
        assert!(r.chars().all(|c| c.is_ascii_uppercase() || c == '-'), "{r}");
    }
    assert_eq!(t.index.sector_list().len(), 14);
    for s in ["aero", "auto", "equip", "electronics"] {
        assert!(t.index.position(&format!("XIAN_{s}")).is_some());
    }
    for (i, id) in t.index.ids().iter().enumerate() {
        assert_eq!(
            *id,
            format!("{}_{}", t.index.regions()[i], t.index.sectors()[i])
        );
    }
    // Every final-demand column but foreign exports belongs to a region.
    for (l, r) in t.y_labels.iter().zip(&t.y_regions) {
        assert!(r.is_some() || l == "exports", "{l}");
    }
    let report = mrio::table::check::check(&t);
    assert!(report.is_usable());
    assert!(report.row_balance.max_relative_gap < 1e-12);
    assert!(report.column_balance.max_relative_gap < 1e-12);
    assert!(report.max_column_sum < 1.0);
    let jobs = t.satellite("employment").expect("employment.csv");
    assert_eq!(jobs.indicators, ["jobs"]);
    assert!(t.satellite_unit("employment").starts_with("persons"));
    // Xi'an's urban-unit employment 2017: 202.2926 (10k persons, CSMAR Eect05); the
    // three-sector figures used (0.202 + 75.314 + 126.777) are rounded to 10 persons.
    let xian: f64 = (0..t.len())
        .filter(|&i| t.index.regions()[i] == "XIAN")
        .map(|i| jobs.values[(0, i)])
        .sum();
    assert!((xian - 2_022_930.0).abs() < 1.0, "{xian}");
    // Xi'an GDP 2017 (CSMAR, 7418.04 100 million CNY) is the value added of its rows.
    let va = t.value_added();
    let imp = t
        .va_labels
        .iter()
        .position(|l| l.starts_with("IMP_INT"))
        .unwrap();
    let gdp: f64 = (0..t.len())
        .filter(|&i| t.index.regions()[i] == "XIAN")
        .map(|i| va[i] - t.va[(imp, i)])
        .sum();
    assert!((gdp / 1e4 - 7418.04).abs() < 0.01, "{}", gdp / 1e4);
    // The build recorded its parameters.
    let b = t.meta.build.as_ref().unwrap();
    assert_eq!(b["recipe"]["regionalize"]["delta"].as_float(), Some(0.15));
    assert_eq!(b["recipe"]["regionalize"]["method"].as_str(), Some("flq"));
}

/// Each province's cluster cities plus the rest of the province hold the province's
/// cited 2017 GDP and primary, secondary and tertiary value added (NBS China Statistical
/// Yearbook 2018, preliminary vintage: GDP in 100 million CNY and shares in %; see
/// tables/cluster/README.md).
#[test]
fn cluster_province_regions_sum_to_the_cited_provincial_figures() {
    let t = read_table(&cluster()).unwrap();
    let imp = t
        .va_labels
        .iter()
        .position(|l| l.starts_with("IMP_INT"))
        .unwrap();
    let va = t.value_added();
    let provinces: [(&[&str], f64, [f64; 3]); 3] = [
        (
            &[
                "XIAN",
                "XIANYANG",
                "BAOJI",
                "TONGCHUAN",
                "WEINAN",
                "SHANGLUO",
                "YANGLING",
                "SHAANXI-R",
            ],
            21898.81,
            [7.9523, 49.6962, 42.3515],
        ),
        (
            &["YUNCHENG", "LINFEN", "SHANXI-R"],
            15528.42,
            [4.6313, 43.6547, 51.714],
        ),
        (
            &["TIANSHUI", "PINGLIANG", "QINGYANG", "GANSU-R"],
            7459.8995,
            [11.525, 34.3408, 54.1342],
        ),
    ];
    let tertiary = ["trade", "bizserv", "pubserv"];
    for (regions, gdp, shares) in provinces {
        // YANGLING's GDP is in the province total through Xianyang's CSMAR figures or not
        // (undocumented, README); the residual region absorbs whichever it is.
        let mut sums = [0.0; 4];
        for i in 0..t.len() {
            if !regions.contains(&t.index.regions()[i].as_str()) {
                continue;
            }
            let g = (va[i] - t.va[(imp, i)]) / 1e4;
            let s = t.index.sectors()[i].as_str();
            let k = if s == "agri" {
                0
            } else if tertiary.contains(&s) {
                2
            } else {
                1
            };
            sums[k] += g;
            sums[3] += g;
        }
        assert!(
            (sums[3] - gdp).abs() < 0.01,
            "{regions:?}: GDP {} vs {gdp}",
            sums[3]
        );
        for k in 0..3 {
            let want = gdp * shares[k] / 100.0;
            assert!(
                (sums[k] - want).abs() < 0.01,
                "{regions:?} group {k}: {} vs {want}",
                sums[k]
            );
        }
    }
}

/// Rebuilding from the recipe (parent read from the shared data) gives the committed
/// files byte for byte.
#[test]
fn shared_cluster_rebuild_is_byte_identical() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    std::env::set_var("MRIO_SHARED", &shared);
    let recipe_path = cluster().join("recipe.toml");
    let recipe = Recipe::read(&recipe_path).unwrap();
    let built = build(&recipe, &recipe_path).unwrap();
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/test-cluster-rebuild");
    let _ = std::fs::remove_dir_all(&out);
    mrio::table::write_table(&built.table, &out).unwrap();
    let mut n = 0;
    for e in std::fs::read_dir(&out).unwrap() {
        let name = e.unwrap().file_name();
        let new = std::fs::read(out.join(&name)).unwrap();
        let old = std::fs::read(cluster().join(&name)).unwrap();
        assert!(new == old, "{name:?} differs from the committed file");
        n += 1;
    }
    assert_eq!(n, 8); // index, Z, Y, VA, x, table.toml, employment, water
    assert!(built.output_gap < 1e-9);
}

/// CHARM self-supply on the real parent (NBS 2017 with its import blocks) also gives a
/// balanced, productive MRIO whose outputs match the indicators.
#[test]
fn shared_cluster_with_charm_balances() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    std::env::set_var("MRIO_SHARED", &shared);
    let recipe_path = cluster().join("recipe.toml");
    let mut recipe = Recipe::read(&recipe_path).unwrap();
    recipe.trade.self_supply = mrio::build::recipe::SelfSupply::Charm;
    let built = build(&recipe, &recipe_path).unwrap();
    let report = mrio::table::check::check(&built.table);
    assert!(report.is_usable());
    assert!(report.row_balance.max_relative_gap < 1e-12);
    assert!(report.column_balance.max_relative_gap < 1e-12);
    assert!(built.spectral_radius < 1.0);
    assert!(built.output_gap < 1e-9);
}

/// Import proportionality on the real NBS 2017 42-sector table made competitive
/// (Z + Z_imports, imports as a negative column): the domestic table balances and the
/// allocated imports add up to the published import totals.
#[test]
fn shared_import_proportionality_on_nbs_2017() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    let dir = shared.join("data/china_nbs_42/2017");
    let t = read_table(&dir).unwrap();
    let ids = t.index.ids().to_vec();
    let zi = mrio::table::csvio::LabeledMatrix::read(&dir.join("Z_imports.csv"))
        .unwrap()
        .aligned(&ids, &ids, "ids")
        .unwrap();
    let yi = mrio::table::csvio::LabeledMatrix::read(&dir.join("Y_imports.csv"))
        .unwrap()
        .rows_aligned(&ids, "ids")
        .unwrap();
    let n = t.len();
    let k = t.y.ncols();
    let z = faer::Mat::from_fn(n, n, |i, j| t.z[(i, j)] + zi[(i, j)]);
    let imports: Vec<f64> = (0..n)
        .map(|i| (0..n).map(|j| zi[(i, j)]).sum::<f64>() + (0..k).map(|c| yi[(i, c)]).sum::<f64>())
        .collect();
    let mut labels = t.y_labels.clone();
    labels.push("IM".into());
    let y = faer::Mat::from_fn(n, k + 1, |i, c| {
        if c < k {
            t.y[(i, c)] + yi[(i, c)]
        } else {
            -imports[i]
        }
    });
    // Drop the IMP_INT row: in a competitive table imported inputs sit in Z.
    let va = faer::Mat::from_fn(t.va.nrows() - 1, n, |p, j| t.va[(p + 1, j)]);
    let comp = mrio::IoTable::new(
        t.index.clone(),
        z,
        y,
        labels,
        va,
        t.va_labels[1..].to_vec(),
        Some(t.x.clone()),
    )
    .unwrap();
    let d =
        mrio::build::domestic::import_proportionality(&comp, "IM", &["EX".to_string()]).unwrap();
    let r = mrio::table::check::check(&d.table);
    assert!(
        r.row_balance.max_relative_gap < 1e-9,
        "{}",
        r.row_balance.max_relative_gap
    );
    assert!(r.column_balance.max_relative_gap < 1e-9);
    let total_imports: f64 = imports.iter().sum();
    let allocated: f64 = (0..n).map(|j| d.table.va[(0, j)]).sum::<f64>()
        + (0..n)
            .map(|i| {
                d.m[i]
                    * (0..k)
                        .filter(|&c| comp.y_labels[c] != "EX")
                        .map(|c| comp.y[(i, c)])
                        .sum::<f64>()
            })
            .sum::<f64>();
    // Under proportionality every import is allocated to a domestic user (the use base
    // excludes exports), unless a share had to be capped at 1.
    assert!(d.capped.is_empty(), "{:?}", d.capped);
    assert!(
        (allocated - total_imports).abs() < 1e-9 * total_imports,
        "{allocated} {total_imports}"
    );
    assert!(d.m.iter().all(|m| (0.0..=1.0).contains(m)));
}

/// The NBS 2017 149-sector table is of the competitive-import type (imports as the
/// negative column `IM_negative`): import proportionality turns it into a balanced
/// domestic table with import shares in [0, 1].
#[test]
fn shared_import_proportionality_on_nbs_149() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    let t = read_table(&shared.join("data/china_nbs_149_2017")).unwrap();
    let d = mrio::build::domestic::import_proportionality(&t, "IM_negative", &["EX".to_string()])
        .unwrap();
    let r = mrio::table::check::check(&d.table);
    assert!(r.is_usable());
    assert!(
        r.row_balance.max_relative_gap < 1e-9,
        "{}",
        r.row_balance.max_relative_gap
    );
    assert!(r.column_balance.max_relative_gap < 1e-9);
    assert!(d.m.iter().all(|m| (0.0..=1.0).contains(m)));
    assert_eq!(d.table.va_labels[0], "imported_inputs");
    // Domestic coefficients are never above the competitive ones.
    for j in 0..t.len() {
        for i in 0..t.len() {
            assert!(d.table.z[(i, j)] <= t.z[(i, j)] + 1e-9);
        }
    }
}

/// Purchases of good `sector` by region `dest` (intermediate + final), by origin region.
fn purchases(t: &mrio::IoTable, dest: &str, sector: &str) -> Vec<(String, f64)> {
    let regions = t.index.region_list().to_vec();
    let mut by: Vec<(String, f64)> = regions.iter().map(|r| (r.clone(), 0.0)).collect();
    for i in 0..t.len() {
        if t.index.sectors()[i] != sector {
            continue;
        }
        let o = regions
            .iter()
            .position(|r| *r == t.index.regions()[i])
            .unwrap();
        let z: f64 = (0..t.len())
            .filter(|&j| t.index.regions()[j] == dest)
            .map(|j| t.z[(i, j)])
            .sum();
        let y: f64 = (0..t.y.ncols())
            .filter(|&k| t.y_regions[k].as_deref() == Some(dest))
            .map(|k| t.y[(i, k)])
            .sum();
        by[o].1 += z + y;
    }
    by
}

/// Households and government are separate final-demand columns of every region; Type
/// II (the demo's scenario file and the default detection) closes households only,
/// and no region's households spend more than their labour income.
#[test]
fn cluster_type_ii_closes_households_only() {
    let t = read_table(&cluster()).unwrap();
    let regions = t.index.region_list().to_vec();
    for r in &regions {
        for c in ["households", "government", "gfcf", "inventories"] {
            assert!(t.y_labels.contains(&format!("{r}|{c}")), "{r}|{c}");
        }
    }
    for spec in [
        mrio::model::HouseholdSpec::default(),
        mrio::model::HouseholdSpec {
            income: vec!["VA001_compensation_of_employees".into()],
            consumption: vec!["households".into()],
            consumption_scale: 0.94,
        },
    ] {
        let h = mrio::model::Households::from_table(&t, &spec).unwrap();
        assert_eq!(h.consumption_columns.len(), regions.len());
        assert!(h
            .consumption_columns
            .iter()
            .all(|c| c.ends_with("|households")));
        assert!(h.overspending_warnings().is_empty());
        assert!(h.propensities().iter().all(|p| *p > 0.3 && *p < 1.0));
    }
    // Doubling the propensity makes every region overspend: one warning each, with the figure.
    let h = mrio::model::Households::from_table(
        &t,
        &mrio::model::HouseholdSpec {
            consumption_scale: 2.0,
            ..Default::default()
        },
    )
    .unwrap();
    let w = h.overspending_warnings();
    assert_eq!(w.len(), regions.len());
    assert!(
        w[0].contains("households of XIAN would spend 1."),
        "{}",
        w[0]
    );
}

/// Non-tradable goods are supplied locally up to local use (supply-demand pool): a
/// listed region's own share of its purchases is min(1, (output − foreign exports) /
/// purchases); Xi'an buys at least 80% of its construction, utilities and public
/// services from Xi'an.
#[test]
fn cluster_non_tradables_are_supplied_locally() {
    let t = read_table(&cluster()).unwrap();
    let b = t.meta.build.as_ref().unwrap();
    let nt: Vec<String> = b["recipe"]["trade"]["non_tradable"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert_eq!(nt, ["utilities", "constr", "trade", "pubserv"]);
    let kex = t.y_labels.iter().position(|l| l == "exports").unwrap();
    let regions = t.index.region_list().to_vec();
    let rest = regions.last().unwrap();
    for r in regions.iter().filter(|r| *r != rest) {
        for s in &nt {
            let p = purchases(&t, r, s);
            let total: f64 = p.iter().map(|x| x.1).sum();
            let own = p.iter().find(|x| x.0 == *r).unwrap().1;
            let i = t.index.position(&format!("{r}_{s}")).unwrap();
            let supply = t.x[i] - t.y[(i, kex)];
            let expect = (supply / total).min(1.0);
            assert!(
                (own / total - expect).abs() < 1e-9,
                "{r} {s}: own share {} expected {expect}",
                own / total
            );
            if r == "XIAN" && s != "trade" {
                assert!(own / total >= 0.8, "{r} {s}: {}", own / total);
            }
        }
    }
}

/// The household and government columns add up to the parent's total consumption
/// (NBS 2017 42-sector TC), product by product, with the 149-sector table's shares.
#[test]
fn shared_cluster_households_plus_government_is_total_consumption() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    let t = read_table(&cluster()).unwrap();
    let parent = read_table(&shared.join("data/china_nbs_42/2017")).unwrap();
    let conc =
        mrio::build::aggregate::Concordance::read(&cluster().join("concordance.csv")).unwrap();
    let map = conc.map(parent.index.ids(), "ids").unwrap();
    let ktc = parent.y_labels.iter().position(|l| l == "TC").unwrap();
    let mut tc = vec![0.0; conc.targets.len()];
    for i in 0..parent.len() {
        tc[map[i]] += parent.y[(i, ktc)];
    }
    // A sector the recipe splits (`transeq` into `auto` and `aero`) is compared as the
    // sum of its parts.
    let recipe = Recipe::read(&cluster().join("recipe.toml")).unwrap();
    let parts_of = |sector: &str| -> Vec<String> {
        match recipe.sector_split.iter().find(|s| s.sector == sector) {
            Some(split) => split.part.iter().map(|p| p.id.clone()).collect(),
            None => vec![sector.to_string()],
        }
    };
    let (mut h_all, mut g_all) = (0.0, 0.0);
    for (s, sector) in conc.targets.iter().enumerate() {
        let (mut h, mut g) = (0.0, 0.0);
        let members = parts_of(sector);
        for i in (0..t.len()).filter(|&i| members.contains(&t.index.sectors()[i])) {
            for k in 0..t.y.ncols() {
                if t.y_labels[k].ends_with("|households") {
                    h += t.y[(i, k)];
                } else if t.y_labels[k].ends_with("|government") {
                    g += t.y[(i, k)];
                }
            }
        }
        assert!(
            (h + g - tc[s]).abs() < 1e-9 * tc[s].abs().max(1.0),
            "{sector}"
        );
        h_all += h;
        g_all += g;
    }
    // Government consumption is mostly public services; households take about 72% of
    // NBS 2017 final consumption (149-sector table: FU101 + FU102 = 72.1% of FU101-103).
    let share = h_all / (h_all + g_all);
    assert!((0.65..0.8).contains(&share), "{share}");
}
