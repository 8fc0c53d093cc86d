//! Primary inputs are classified by `table.toml` `[primary_inputs]` (docs/table-format.md),
//! never by a substring of the label: value added is every non-import row, income the
//! labour-income rows summed, the same in `multipliers`, `paths` and `scenario`.

mod common;

use mrio::analysis::multipliers::{multipliers, standard_weights, WeightOptions};
use mrio::analysis::paths::{structural_paths, PathOptions};
use mrio::analysis::scenario::find_indicator;
use mrio::model::Leontief;
use std::path::PathBuf;

/// Miller & Blair's two-sector economy (Table 2.3) with its value added split into two
/// labour-income rows, a row named like imports that is value added, and a declared
/// import row; `toml` is the `[primary_inputs]` section (None: no table.toml).
fn table_dir(tag: &str, toml: Option<&str>) -> PathBuf {
    let d = std::env::temp_dir().join(format!("mrio_primary_{tag}_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    let w = |f: &str, s: &str| std::fs::write(d.join(f), s).unwrap();
    w("index.csv", "id,name\nsector1,Sector 1\nsector2,Sector 2\n");
    w(
        "Z.csv",
        "id,sector1,sector2\nsector1,150,500\nsector2,200,100\n",
    );
    w("Y.csv", "id,f\nsector1,350\nsector2,1700\n");
    w("x.csv", "id,x\nsector1,1000\nsector2,2000\n");
    w(
        "VA.csv",
        "component,sector1,sector2\npay_cash,200,300\npay_kind,100,500\n\
         Imports of services,50,100\nimported,300,500\n",
    );
    if let Some(t) = toml {
        w("table.toml", &format!("unit = \"USD\"\n\n{t}"));
    }
    d
}

const DECLARED: &str =
    "[primary_inputs]\nimports = [\"imported\"]\nlabour_income = [\"pay_cash\", \"pay_kind\"]\n";

/// `w'L` of the table by hand: A = [[0.15, 0.25], [0.2, 0.05]], det(I - A) = 0.7575,
/// L = [[0.95, 0.25], [0.2, 0.85]] / 0.7575.
fn by_hand(w: [f64; 2]) -> [f64; 2] {
    let det = 0.85 * 0.95 - 0.25 * 0.2;
    [
        (w[0] * 0.95 + w[1] * 0.2) / det,
        (w[0] * 0.25 + w[1] * 0.85) / det,
    ]
}

fn measure(t: &mrio::IoTable, name: &str) -> Vec<f64> {
    let open = Leontief::from_table(t, Default::default()).unwrap();
    let w = standard_weights(t, &WeightOptions::default()).unwrap();
    let m = multipliers(&open, None, &w).unwrap();
    m.measures
        .iter()
        .find(|m| m.weight.name == name)
        .unwrap_or_else(|| panic!("no measure {name}"))
        .simple
        .clone()
}

#[test]
fn two_labour_income_rows_give_one_income_multiplier_in_multipliers_and_paths() {
    let t = mrio::table::read_table(&table_dir("two_income", Some(DECLARED))).unwrap();
    // Income per unit output: (200 + 100) / 1000 and (300 + 500) / 2000.
    let want = by_hand([0.3, 0.4]);
    let got = measure(&t, "income");
    let open = Leontief::from_table(&t, Default::default()).unwrap();
    let q = find_indicator(&t, "income").unwrap().per_output;
    for j in 0..2 {
        assert!(
            (got[j] - want[j]).abs() < 1e-12,
            "multipliers {j}: {got:?} vs {want:?}"
        );
        let p = structural_paths(&open, j, &q, PathOptions::default()).unwrap();
        assert!(
            (p.total - want[j]).abs() < 1e-12,
            "paths {j}: {} vs {}",
            p.total,
            want[j]
        );
    }
}

#[test]
fn a_row_named_imports_is_value_added_unless_declared_an_import() {
    let t = mrio::table::read_table(&table_dir("declared", Some(DECLARED))).unwrap();
    // Value added without `imported` (300, 500) but with `Imports of services`.
    let want = by_hand([350.0 / 1000.0, 900.0 / 2000.0]);
    let got = measure(&t, "value_added");
    for j in 0..2 {
        assert!((got[j] - want[j]).abs() < 1e-12, "{got:?} vs {want:?}");
    }
    let scen = find_indicator(&t, "value-added").unwrap().per_output;
    assert!(
        (scen[0] - 0.35).abs() < 1e-15 && (scen[1] - 0.45).abs() < 1e-15,
        "{scen:?}"
    );
}

#[test]
fn without_an_imports_row_value_added_multipliers_are_one() {
    // No table.toml: no row is an import, so value added is all primary inputs and
    // 1'(A + diag(v/x)) = 1' gives v'L = 1' exactly (up to rounding).
    let t = mrio::table::read_table(&table_dir("none", None)).unwrap();
    for (j, m) in measure(&t, "value_added").iter().enumerate() {
        assert!((m - 1.0).abs() < 1e-12, "sector {j}: {m}");
    }
    // Nor is any row labour income: `pay_cash` is not a known label.
    assert!(t.labour_income_rows().is_empty());
}

#[test]
fn an_unknown_label_in_primary_inputs_names_table_toml_and_the_label() {
    let d = table_dir(
        "unknown",
        Some("[primary_inputs]\ntaxes = [\"net_taxes\"]\n"),
    );
    let e = mrio::table::read_table(&d).unwrap_err().to_string();
    assert!(
        e.contains("table.toml") && e.contains("`net_taxes`") && e.contains("taxes"),
        "{e}"
    );
}

#[test]
fn shared_us_bea_value_added_multipliers_are_one() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    for name in ["us_bea_sector15_2017", "us_bea_summary71_2017"] {
        let t = mrio::table::read_table(&shared.join("data").join(name)).unwrap();
        // Taxes on production and imports are value added, not imports.
        assert_eq!(t.value_added_rows().len(), t.va_labels.len(), "{name}");
        assert_eq!(t.labour_income_labels(), ["V001_compensation_of_employees"]);
        let va = measure(&t, "value_added");
        // BEA rounds to $1M, so a column closes only to r_j = 1 - (1'z_j + 1'v_j) / x_j
        // (2.2e-6 at most in sector15, SOURCE.txt), and the identity is v'L = 1' - r'L exactly;
        // v'L is within 1e-3 of 1 (it was 0.849-0.984 with taxes on imports dropped).
        let n = t.len();
        let r: Vec<f64> = (0..n)
            .map(|j| {
                let inputs: f64 = (0..n).map(|i| t.z[(i, j)]).sum::<f64>()
                    + (0..t.va.nrows()).map(|p| t.va[(p, j)]).sum::<f64>();
                1.0 - inputs / t.x[j]
            })
            .collect();
        let open = Leontief::from_table(&t, Default::default()).unwrap();
        let rl = open.solve_transpose(&r).unwrap().value;
        for j in 0..n {
            let id = (va[j] - (1.0 - rl[j])).abs();
            assert!(
                id < 1e-12,
                "{name} {}: v'L = {} vs 1 - r'L = {}",
                t.index.ids()[j],
                va[j],
                1.0 - rl[j]
            );
            assert!(
                (va[j] - 1.0).abs() < 1e-3,
                "{name} {}: {}",
                t.index.ids()[j],
                va[j]
            );
        }
    }
}
