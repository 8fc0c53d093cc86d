//! The planning parts of a scenario file: `[[capacity]]` caps (mixed model, unmet or
//! shifted demand), `kind = "enclave"` plants (value added by place of production and by
//! who gains) and `[[limit]]` checks, on hand-checkable tables.

mod common;

use common::{root, test_table};
use mrio::analysis::scenario::{find_indicator, parse_scenarios, run, Impacts};
use mrio::model::{Leontief, ModelOptions};
use mrio::IoTable;
use std::path::Path;

/// Miller & Blair (2009) Table 2.3 as shipped (unit USD).
fn mb2009() -> IoTable {
    mrio::table::read_table(&root().join("tables/mb2009_two_sector")).unwrap()
}

#[allow(clippy::result_large_err)]
fn run_text(t: &IoTable, text: &str) -> mrio::Result<Impacts> {
    let set = parse_scenarios(Path::new("plan.toml"), text, t)?;
    run(t, set, ModelOptions::default())
}

fn total_output(imp: &Impacts, s: usize) -> Vec<f64> {
    imp.output[s].total()
}

fn close(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-9)
}

fn err_text(t: &IoTable, text: &str) -> String {
    match run_text(t, text) {
        Ok(_) => panic!("expected an error for\n{text}"),
        Err(e) => e.to_string(),
    }
}

/// M&B (2009) Table 2.3 with a shock of `f2` USD of final demand for sector 2 and the
/// given `[[capacity]]` block.
fn mb_capped(f2: f64, capacity: &str) -> Impacts {
    let text = format!(
        r#"unit = "USD"
[[scenario]]
name = "more-sector-2"
[[scenario.shock]]
region = "all"
sector = "sector2"
amount = {f2}
{capacity}
"#
    );
    run_text(&mb2009(), &text).unwrap()
}

const CAP_SECTOR1_ZERO: &str = r#"
[[capacity]]
region = "all"
sector = "sector1"
max_increase = 0
"#;

#[test]
fn capped_sector_one_unmet_demand_is_a12_times_x2() {
    // A = [[0.15, 0.25], [0.20, 0.05]]. Sector 1 cannot grow: x2 = f2/(1 − a22) and the
    // demand sector 1 cannot meet is what sector 2 would buy from it, a12 x2.
    let f2 = 100.0;
    let imp = mb_capped(f2, CAP_SECTOR1_ZERO);
    let x = total_output(&imp, 0);
    let x2 = f2 / (1.0 - 0.05);
    assert!(x[0].abs() < 1e-12, "{x:?}");
    assert!((x[1] - x2).abs() < 1e-9, "{x:?}");
    let m = imp.constrained[0].as_ref().expect("caps solved");
    assert!((m.unmet[0] - 0.25 * x2).abs() < 1e-9, "{:?}", m.unmet);
    assert_eq!(m.unmet[1], 0.0);
    assert_eq!(m.binding, vec![0]);
    // Direct is the shock, the rest is indirect.
    assert_eq!(imp.output[0].direct, vec![0.0, f2]);
    assert!((imp.output[0].indirect[1] - (x2 - f2)).abs() < 1e-9);
}

#[test]
fn no_binding_cap_is_the_leontief_solution() {
    let f2 = 100.0;
    let free = mb_capped(f2, "");
    let m = Leontief::from_table(&mb2009(), ModelOptions::default()).unwrap();
    let want = m.solve(&[0.0, f2]).unwrap().value;
    let x = total_output(&free, 0);
    for i in 0..2 {
        assert!((x[i] - want[i]).abs() < 1e-9, "{x:?} vs {want:?}");
    }
    assert!(free.constrained[0].is_none());
    // A cap above the unconstrained increase (L12 f2 = 0.330033 x 100 = 33.0) does not bind.
    let loose = mb_capped(
        f2,
        r#"
[[capacity]]
region = "all"
sector = "sector1"
max_increase = 40
"#,
    );
    let m2 = loose.constrained[0].as_ref().unwrap();
    assert!(m2.binding.is_empty());
    assert!(m2.unmet.iter().all(|&u| u == 0.0));
    let x = total_output(&loose, 0);
    for i in 0..2 {
        assert!((x[i] - want[i]).abs() < 1e-9);
    }
    // A cap just below it binds, at the cap.
    let tight = mb_capped(
        f2,
        r#"
[[capacity]]
region = "all"
sector = "sector1"
max_increase = 30
"#,
    );
    assert_eq!(tight.constrained[0].as_ref().unwrap().binding, vec![0]);
    assert!((total_output(&tight, 0)[0] - 30.0).abs() < 1e-9);
}

#[test]
fn shift_moves_unmet_demand_and_keeps_supply_equal_to_demand() {
    // Xi'an equipment cannot grow; Xi'an services get 10 (100M CNY) more final demand.
    // With `unmet = "shift"` the equipment Xi'an cannot supply comes from Baoji: total
    // supply of every product equals intermediate plus final demand, nothing is unmet.
    let t = test_table("toy_two_city");
    let text = |unmet: &str| {
        format!(
            r#"unit = "100M CNY"
[[scenario]]
name = "services"
[[scenario.shock]]
region = "XA"
sector = "S"
amount = 10
[[capacity]]
region = "XA"
sector = "E"
max_increase = 0
unmet = "{unmet}"
"#
        )
    };
    let shifted = run_text(&t, &text("shift")).unwrap();
    let reported = run_text(&t, &text("report")).unwrap();
    let x = total_output(&shifted, 0);
    let m = shifted.constrained[0].as_ref().unwrap();
    assert!(x[0].abs() < 1e-12, "XA_E capped at 0: {x:?}");
    assert!(m.unmet.iter().all(|&u| u.abs() < 1e-9), "{:?}", m.unmet);
    assert!(m.shifted[0] > 0.0 && (m.received[2] - m.shifted[0]).abs() < 1e-9);
    let a = Leontief::from_table(&t, ModelOptions::default()).unwrap();
    let a = a.a();
    let f = [0.0, 10.0, 0.0, 0.0];
    // Products: E = positions 0 and 2, S = 1 and 3.
    for (name, ps) in [("E", [0, 2]), ("S", [1, 3])] {
        let supply: f64 = ps.iter().map(|&i| x[i]).sum();
        let demand: f64 = ps
            .iter()
            .map(|&i| (0..4).map(|j| a[(i, j)] * x[j]).sum::<f64>() + f[i])
            .sum();
        assert!(
            (supply - demand).abs() < 1e-9,
            "{name}: {supply} vs {demand}"
        );
    }
    // Reported instead: the same demand goes unmet and Baoji produces less.
    let r = reported.constrained[0].as_ref().unwrap();
    assert!(r.unmet[0] > 0.0 && r.shifted[0] == 0.0);
    assert!(total_output(&reported, 0)[2] < x[2]);
}

#[test]
fn capacity_errors_name_the_line() {
    let t = mb2009();
    let bad = |cap: &str| {
        err_text(&t, &format!("unit = \"USD\"\n[[scenario]]\nname = \"a\"\n[[scenario.shock]]\nregion = \"all\"\nsector = \"sector2\"\namount = 1\n[[capacity]]\n{cap}"))
    };
    let e = bad("region = \"all\"\nsector = \"sector9\"\nmax_increase = 0\n");
    assert!(e.contains("line 10") && e.contains("sector9"), "{e}");
    let e = bad("region = \"all\"\nsector = \"sector1\"\nmax_increase = -1\n");
    assert!(e.contains("line 11") && e.contains(">= 0"), "{e}");
    let e = bad("region = \"all\"\nsector = \"sector1\"\nmax_increase = 0\nunmet = \"drop\"\n");
    assert!(e.contains("line 12") && e.contains("shift"), "{e}");
}

fn enclave_text(home_share: f64) -> String {
    format!(
        r#"unit = "100M CNY"
[[scenario]]
name = "enclave"
[[scenario.shock]]
region = "BJ"
sector = "E"
kind = "enclave"
home = "XA"
home_share = {home_share}
amount = 20
[[scenario]]
name = "local"
[[scenario.shock]]
region = "BJ"
sector = "E"
kind = "output"
amount = 20
"#
    )
}

#[test]
fn enclave_is_a_host_plant_whose_value_added_is_shared_with_home() {
    // A Xi'an firm's plant of 20 (100M CNY) output in Baoji; 40% of its value added
    // accrues to Xi'an.
    let t = test_table("toy_two_city");
    let imp = run_text(&t, &enclave_text(0.4)).unwrap();
    let va = find_indicator(&t, "value-added").unwrap();
    // Host direct output is the amount; production is that of a plain plant.
    assert_eq!(imp.output[0].direct, vec![0.0, 0.0, 20.0, 0.0]);
    assert!(close(&total_output(&imp, 0), &total_output(&imp, 1)));
    let split = imp.enclave_split(0, &va).unwrap();
    assert!(imp.enclave_split(1, &va).is_none());
    let p = &split.plants[0];
    // Baoji equipment: VA coefficient (108 + 72)/600 = 0.30.
    assert!((p.value_added - 0.30 * 20.0).abs() < 1e-12);
    assert!((p.to_home - 0.4 * p.value_added).abs() < 1e-12);
    let (xa, bj) = (0, 1);
    assert!((split.gained[xa] - split.produced[xa] - p.to_home).abs() < 1e-12);
    assert!((split.produced[bj] - split.gained[bj] - p.to_home).abs() < 1e-12);
    let sum = |v: &[f64]| v.iter().sum::<f64>();
    assert!((sum(&split.produced) - sum(&split.gained)).abs() < 1e-9);
    // The plant's value added splits exactly into the home part and the host part.
    assert!((p.to_home + (p.value_added - p.to_home) - p.value_added).abs() < 1e-12);
}

#[test]
fn enclave_with_zero_home_share_is_a_plain_new_plant() {
    let t = test_table("toy_two_city");
    let imp = run_text(&t, &enclave_text(0.0)).unwrap();
    let va = find_indicator(&t, "value-added").unwrap();
    assert_eq!(imp.output[0].direct, imp.output[1].direct);
    assert!(close(&imp.output[0].indirect, &imp.output[1].indirect));
    let split = imp.enclave_split(0, &va).unwrap();
    assert_eq!(split.produced, split.gained);
    assert_eq!(split.plants[0].to_home, 0.0);
}

#[test]
fn enclave_errors_name_the_line() {
    let t = test_table("toy_two_city");
    let text = enclave_text(0.4);
    let e = err_text(&t, &text.replace("home_share = 0.4", "home_share = 1.5"));
    assert!(e.contains("line 9") && e.contains("between 0 and 1"), "{e}");
    let e = err_text(&t, &text.replace("home = \"XA\"", "home = \"BJ\""));
    assert!(e.contains("line 8") && e.contains("differ"), "{e}");
    let e = err_text(&t, &text.replace("home = \"XA\"", "home = \"XY\""));
    assert!(e.contains("line 8") && e.contains("XY"), "{e}");
    let e = err_text(&t, &text.replace("home_share = 0.4\n", ""));
    assert!(e.contains("home_share"), "{e}");
}

fn limit_text(cap: &str) -> String {
    format!(
        r#"unit = "100M CNY"
indicators = ["output", "employment"]
[[scenario]]
name = "demand"
[[scenario.shock]]
region = "XA"
sector = "E"
amount = 10
[[limit]]
region = "XA"
indicator = "employment"
cap = {cap}
[[limit]]
region = "BJ"
indicator = "output"
cap = 100
"#
    )
}

#[test]
fn limits_report_increase_cap_headroom_and_binding() {
    let t = test_table("toy_two_city");
    let m = Leontief::from_table(&t, ModelOptions::default()).unwrap();
    let x = m.solve(&[10.0, 0.0, 0.0, 0.0]).unwrap().value;
    // Jobs per unit of output: XA_E 5000/1000, XA_S 16000/800.
    let jobs_xa = 5.0 * x[0] + 20.0 * x[1];
    let out_bj = x[2] + x[3];
    let imp = run_text(&t, &limit_text("50")).unwrap();
    let c = imp.limit_checks(0);
    assert_eq!(c.len(), 2);
    assert_eq!((c[0].region, c[0].indicator.as_str()), (0, "employment"));
    assert_eq!(c[0].unit, "persons");
    assert!(
        (c[0].increase - jobs_xa).abs() < 1e-9,
        "{} vs {jobs_xa}",
        c[0].increase
    );
    assert_eq!(c[0].cap, 50.0);
    assert!((c[0].headroom - (50.0 - jobs_xa)).abs() < 1e-9);
    assert!(jobs_xa > 50.0 && c[0].binding, "{c:?}");
    assert!((c[1].increase - out_bj).abs() < 1e-9);
    assert!(c[1].headroom > 0.0 && !c[1].binding);
    // Limits check the solution, they do not change it.
    let loose = run_text(&t, &limit_text("1e6")).unwrap();
    assert!(close(&total_output(&loose, 0), &total_output(&imp, 0)));
    assert!(!loose.limit_checks(0)[0].binding);
    // A cap equal to the increase is met, not exceeded.
    let exact = run_text(&t, &limit_text(&format!("{jobs_xa:e}"))).unwrap();
    assert!(!exact.limit_checks(0)[0].binding);
}

#[test]
fn limit_errors_name_the_line() {
    let t = test_table("toy_two_city");
    let text = limit_text("50");
    let e = err_text(
        &t,
        &text.replacen(
            "region = \"XA\"\nindicator",
            "region = \"XY\"\nindicator",
            1,
        ),
    );
    assert!(
        e.contains("line 10") && e.contains("unknown region `XY`"),
        "{e}"
    );
    let e = err_text(&t, &text.replace("\"employment\"\ncap", "\"water\"\ncap"));
    assert!(
        e.contains("line 11") && e.contains("unknown indicator `water`"),
        "{e}"
    );
    let e = err_text(
        &t,
        &text.replace("cap = 50\n[[limit]]", "cap = -5\n[[limit]]"),
    );
    assert!(e.contains("line 12") && e.contains(">= 0"), "{e}");
    assert!(e.contains("plan.toml"), "{e}");
}

fn cluster() -> IoTable {
    mrio::table::read_table(&root().join("tables/cluster")).unwrap()
}

fn corridor(shock: &str) -> String {
    format!(
        r#"unit = "bn CNY"
indicators = ["output"]
[[scenario]]
name = "corridor"
[[scenario.shock]]
region = "XIAN"
{shock}
[[scenario]]
name = "plain"
[[scenario.shock]]
region = "XIAN"
sector = "equip"
amount = 2
"#
    )
}

#[test]
fn export_corridor_is_a_final_demand_shock_on_the_exports_column() {
    // +2 bn CNY of Xi'an equipment exports: the same response as 2 bn CNY of any final
    // demand for Xi'an equipment, named as exports.
    let t = cluster();
    assert_eq!(t.y_labels.iter().filter(|l| *l == "exports").count(), 1);
    let imp = run_text(
        &t,
        &corridor("sector = \"equip\"\ncolumn = \"exports\"\namount = 2"),
    )
    .unwrap();
    let k = &imp.set.scenarios[0].shocks[0];
    assert_eq!(k.amount, 20_000.0 * 10.0, "2 bn CNY = 200,000 x 10k CNY");
    assert_eq!(k.as_given, "2 bn CNY of `exports`");
    assert!(close(&total_output(&imp, 0), &total_output(&imp, 1)));
    // A percentage is of the sector's exports, not of all its final demand.
    let ex = t.y_labels.iter().position(|l| l == "exports").unwrap();
    let p = t.index.position_of("XIAN", "equip").unwrap();
    let pct = run_text(
        &t,
        &corridor("sector = \"equip\"\ncolumn = \"exports\"\npercent = 10"),
    )
    .unwrap();
    assert!((pct.set.scenarios[0].shocks[0].amount - 0.1 * t.y[(p, ex)]).abs() < 1e-6);
    // Several sectors: split by their exports.
    let two = run_text(
        &t,
        &corridor("sector = [\"equip\", \"electronics\"]\ncolumn = \"exports\"\namount = 2"),
    )
    .unwrap();
    let q = t.index.position_of("XIAN", "electronics").unwrap();
    let s = &two.set.scenarios[0].shocks;
    let want = 200_000.0 * t.y[(p, ex)] / (t.y[(p, ex)] + t.y[(q, ex)]);
    assert!(
        (s[0].amount - want).abs() < 1e-6,
        "{} vs {want}",
        s[0].amount
    );
    // A region's own column by its short name.
    let own = run_text(
        &t,
        &corridor("sector = \"equip\"\ncolumn = \"households\"\npercent = 10"),
    )
    .unwrap();
    let h = t
        .y_labels
        .iter()
        .position(|l| l == "XIAN|households")
        .unwrap();
    assert!((own.set.scenarios[0].shocks[0].amount - 0.1 * t.y[(p, h)]).abs() < 1e-6);
}

#[test]
fn export_column_errors_name_the_line() {
    let t = cluster();
    let e = err_text(
        &t,
        &corridor("sector = \"equip\"\ncolumn = \"abroad\"\namount = 2"),
    );
    assert!(e.contains("line 8") && e.contains("exports"), "{e}");
    let e = err_text(
        &t,
        &corridor("sector = \"equip\"\nkind = \"output\"\ncolumn = \"exports\"\namount = 2"),
    );
    assert!(e.contains("line 9") && e.contains("final-demand"), "{e}");
}

#[test]
fn enclave_plant_frame_converts_with_unit() {
    // The plant's value added is a frame row like every amount: `--unit "bn CNY"` turns
    // 6 (100M CNY) into 0.6 bn CNY, the home part 2.4 into 0.24, the share stays 40%.
    use mrio::report::planning::enclave_frames;
    use mrio::report::units::convert_frame;
    use mrio::report::Cell;
    let t = test_table("toy_two_city");
    let imp = run_text(&t, &enclave_text(0.4)).unwrap();
    let mut frames = enclave_frames(&imp, &t);
    let f = frames
        .iter_mut()
        .find(|f| f.title.contains("enclave plants"))
        .expect("plant frame");
    assert_eq!(f.rows.len(), 1);
    assert!(convert_frame(f, "bn CNY").unwrap() >= 3);
    let num = |j: usize| match &f.rows[0][j] {
        Cell::Num(v) => *v,
        c => panic!("not a number: {c:?}"),
    };
    let va = 0.30 * 20.0 / 10.0; // 100M CNY -> bn CNY
    assert!((num(3) - va).abs() < 1e-12, "{}", num(3));
    assert!((num(4) - 40.0).abs() < 1e-12);
    assert!((num(5) - 0.4 * va).abs() < 1e-12);
    assert!((num(6) - 0.6 * va).abs() < 1e-12);
    assert_eq!(f.columns[3].unit.as_deref(), Some("bn CNY"));
}

/// Output by group of the Weinan example (docs/planning-cookbook.md): Weinan, the rest
/// of China (the rest of the three provinces and ROC), the other cluster cities; and the
/// same for water.
fn weinan_groups(imp: &Impacts) -> ([f64; 3], [f64; 3]) {
    let rest = ["SHAANXI-R", "SHANXI-R", "GANSU-R", "ROC"];
    let water = imp
        .set
        .indicators
        .iter()
        .position(|i| i.name == "water")
        .unwrap();
    let group = |k: usize| {
        let mut g = [0.0; 3];
        for (r, c) in imp.by_region(0, k).iter().enumerate() {
            let name = imp.regions[r].as_str();
            let j = if name == "WEINAN" {
                0
            } else if rest.contains(&name) {
                1
            } else {
                2
            };
            g[j] += c.total;
        }
        g
    };
    (group(0), group(water))
}

#[test]
fn weinan_water_cap_on_agriculture_leaks_to_the_rest_of_china_as_the_cookbook_says() {
    let t = cluster();
    let file = std::fs::read_to_string(root().join("docs/scenarios/planning-weinan.toml")).unwrap();
    let unmet =
        std::fs::read_to_string(root().join("docs/scenarios/planning-weinan-unmet.toml")).unwrap();
    assert_eq!(
        unmet.split_once("unit = ").unwrap().1,
        file.split_once("unit = ")
            .unwrap()
            .1
            .replace("unmet = \"shift\"", "unmet = \"report\""),
        "the unmet file is the shift file with unmet = \"report\""
    );
    let free = file.split("[[capacity]]").next().unwrap();
    let (fo, fw) = weinan_groups(&run_text(&t, free).unwrap());
    let (so, sw) = weinan_groups(&run_text(&t, &file).unwrap());
    let (uo, _) = weinan_groups(&run_text(&t, &unmet).unwrap());
    let (ft, st, ut) = (
        fo.iter().sum::<f64>(),
        so.iter().sum::<f64>(),
        uo.iter().sum(),
    );
    // Shift keeps supply = demand: with one national technology per sector the total
    // output does not move; report loses the unmet demand and its supply chain.
    assert!((st - ft).abs() < 1e-9 * ft, "{st} vs {ft}");
    assert!(ut < ft);
    // Leakage shares (rest of China / total) between 0 and 1, ordered as in the text.
    let (lf, ls, lu) = (fo[1] / ft, so[1] / st, uo[1] / ut);
    for l in [lf, ls, lu] {
        assert!(0.0 < l && l < 1.0, "{l}");
    }
    assert!(lf < lu && lu < ls, "{lf} {lu} {ls}");
    // The cookbook's numbers (10k CNY, m3).
    let near = |a: f64, b: f64, tol: f64| (a - b).abs() <= tol;
    assert!(
        near(ft, 274_200.0, 50.0) && near(fo[0], 161_900.0, 50.0),
        "{fo:?}"
    );
    assert!(near(100.0 * lf, 39.83, 0.005), "{lf}");
    assert!(near(ut, 233_700.0, 50.0) && near(100.0 * lu, 41.87, 0.005));
    assert!(near(100.0 * ls, 49.93, 0.005) && near(uo[1], 97_900.0, 50.0));
    // Weinan loses 0.287 bn CNY of output; 96% reappears in the rest of China.
    let lost = fo[0] - so[0];
    assert!(near(lost, 28_700.0, 50.0), "{lost}");
    assert!(near((so[1] - fo[1]) / lost, 0.96, 0.005));
    assert!(near((so[2] - fo[2]) / lost, 0.04, 0.005));
    // Water: Weinan 6.79 -> 1.74 million m3, the rest of China 2.32 -> 5.74.
    assert!(
        near(fw[0], 6.79e6, 5e3) && near(sw[0], 1.74e6, 5e3),
        "{fw:?} {sw:?}"
    );
    assert!(near(fw[1], 2.32e6, 5e3) && near(sw[1], 5.74e6, 5e3));
}
