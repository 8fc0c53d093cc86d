//! Scenario engine: final-demand and new-plant (output) shocks, Type II, units,
//! percentages, one batch for all scenarios, and file errors that name the line.

mod common;

use common::test_table;
use faer::Mat;
use mrio::analysis::scenario::{parse_scenarios, read_scenarios, run, Impacts};
use mrio::model::{Factored, Leontief, ModelOptions};
use mrio::IoTable;
use std::path::{Path, PathBuf};

fn scen(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/scenarios")
        .join(name)
}

fn run_file(t: &IoTable, file: &str) -> Impacts {
    let set = read_scenarios(&scen(file), t).unwrap();
    run(t, set, ModelOptions::default()).unwrap()
}

#[allow(clippy::result_large_err)]
fn run_text(t: &IoTable, text: &str) -> mrio::Result<Impacts> {
    let set = parse_scenarios(Path::new("test.toml"), text, t)?;
    run(t, set, ModelOptions::default())
}

fn ind(imp: &Impacts, name: &str) -> usize {
    imp.set
        .indicators
        .iter()
        .position(|i| i.name == name)
        .unwrap()
}

#[test]
fn final_demand_shock_reproduces_toy_numbers_and_units() {
    // 1 bn CNY = 10 x 100M CNY; METHODS 5.6 toy: per unit 1.438 in Xi'an, 0.191 in Baoji,
    // Baoji's share of value added 0.111.
    let t = test_table("toy_two_city");
    let imp = run_file(&t, "toy.toml");
    let s = 0;
    assert_eq!(imp.set.scenarios[s].shocks[0].amount, 10.0);
    let out = imp.by_region(s, ind(&imp, "output"));
    assert!((out[0].total / 10.0 - 1.438).abs() < 5e-4);
    assert!((out[1].total / 10.0 - 0.191).abs() < 5e-4);
    assert_eq!(out[0].direct, 10.0);
    assert_eq!(out[1].direct, 0.0);
    assert!((imp.share_outside(s, ind(&imp, "output")) - 0.117).abs() < 5e-4);
    assert!((imp.share_outside(s, ind(&imp, "value-added")) - 0.111).abs() < 5e-4);
    // Direct + indirect = L Δf, per sector.
    let m = Leontief::from_table(&t, ModelOptions::default()).unwrap();
    let x = m.solve(&[10.0, 0.0, 0.0, 0.0]).unwrap().value;
    let e = imp.effects(s, ind(&imp, "output"));
    for i in 0..4 {
        assert!((e[i].total - x[i]).abs() < 1e-12);
        assert_eq!(e[i].induced, 0.0);
    }
    // Jobs: per-unit coefficients times output.
    let jobs = imp.effects(s, ind(&imp, "employment"));
    assert!((jobs[1].total - x[1] * 16000.0 / 800.0).abs() < 1e-9);
}

#[test]
fn new_plant_matches_net_multiplier_and_partitioned_model() {
    // METHODS 2.6 (toy_example.py): per unit of exogenous output of Xi'an equipment the
    // system responds with (1, 0.124, 0.111, 0.038).
    let t = test_table("toy_two_city");
    let imp = run_file(&t, "toy.toml");
    let e = imp.effects(1, ind(&imp, "output"));
    let want = [1.0, 0.124, 0.111, 0.038];
    for i in 0..4 {
        assert!(
            (e[i].total / 10.0 - want[i]).abs() < 5e-4,
            "{i}: {}",
            e[i].total
        );
    }
    assert_eq!(e[0].direct, 10.0);
    assert!(
        e[0].indirect.abs() < 1e-12,
        "the plant's own output is exogenous"
    );
    // Partitioned model: Δx_E = (I - A_EE)^-1 A_EX Δx_X with X = {XA_E}.
    let m = Leontief::from_table(&t, ModelOptions::default()).unwrap();
    let a = m.a();
    let ee = [1usize, 2, 3];
    let aee = Mat::from_fn(3, 3, |i, j| a[(ee[i], ee[j])]);
    let aex = Mat::from_fn(3, 1, |i, _| a[(ee[i], 0)] * 10.0);
    let ids: Vec<String> = ee.iter().map(|&i| t.index.ids()[i].clone()).collect();
    let xe = Factored::identity_minus(aee.as_ref(), &ids)
        .unwrap()
        .solve(aex.as_ref())
        .unwrap()
        .value;
    for k in 0..3 {
        assert!((e[ee[k]].total - xe[(k, 0)]).abs() < 1e-12);
    }
}

#[test]
fn mixed_output_and_final_demand_shocks_match_partitioned_model() {
    // Two exogenous outputs (R1_s1 +5, R2_s2 +3) and final demand +2 for R1_s2:
    // x_E = (I - A_EE)^-1 (A_EX δ_X + Δf_E), E = {R1_s2, R2_s1}.
    let t = test_table("two_region_hand");
    let imp = run_text(
        &t,
        r#"
[[scenario]]
name = "mixed"
[[scenario.shock]]
region = "R1"
sector = "s1"
kind = "output"
amount = 5
unit = "M USD"
[[scenario.shock]]
region = "R2"
sector = "s2"
kind = "output"
amount = 3
unit = "M USD"
[[scenario.shock]]
region = "R1"
sector = "s2"
amount = 2
unit = "M USD"
"#,
    )
    .unwrap();
    let m = Leontief::from_table(&t, ModelOptions::default()).unwrap();
    let a = m.a();
    let (xs, es) = ([0usize, 3], [1usize, 2]);
    let delta = [5.0, 3.0];
    let df = [2.0, 0.0];
    let aee = Mat::from_fn(2, 2, |i, j| a[(es[i], es[j])]);
    let rhs = Mat::from_fn(2, 1, |i, _| {
        (0..2).map(|k| a[(es[i], xs[k])] * delta[k]).sum::<f64>() + df[i]
    });
    let ids = vec!["R1_s2".to_string(), "R2_s1".to_string()];
    let xe = Factored::identity_minus(aee.as_ref(), &ids)
        .unwrap()
        .solve(rhs.as_ref())
        .unwrap()
        .value;
    let e = imp.effects(0, 0);
    assert!((e[0].total - 5.0).abs() < 1e-12 && (e[3].total - 3.0).abs() < 1e-12);
    assert!((e[1].total - xe[(0, 0)]).abs() < 1e-12);
    assert!((e[2].total - xe[(1, 0)]).abs() < 1e-12);
    assert_eq!(e[1].direct, 2.0);
}

#[test]
fn percent_changes_and_batch_equal_separate_solves() {
    let t = test_table("toy_two_city");
    let imp = run_file(&t, "toy.toml");
    // +5% of Baoji services' final demand (344) = 17.2.
    assert!((imp.set.scenarios[2].shocks[0].amount - 17.2).abs() < 1e-12);
    let m = Leontief::from_table(&t, ModelOptions::default()).unwrap();
    let x = m.solve(&[0.0, 0.0, 0.0, 17.2]).unwrap().value;
    let e = imp.effects(2, 0);
    for i in 0..4 {
        assert!((e[i].total - x[i]).abs() < 1e-12);
    }
    // Shocks in BJ only: everything in XA is outside.
    let by = imp.by_region(2, 0);
    let share = by[0].total / (by[0].total + by[1].total);
    assert!((imp.share_outside(2, 0) - share).abs() < 1e-15);
    assert_eq!(imp.ranked_outside(2, 0)[0].0, 0);
}

#[test]
fn type_ii_induced_effects_match_miyazawa() {
    // Miyazawa (1976), METHODS 2.3, one household per region:
    // L̄_11 = L + L H_c K H_r L with K = (I - H_r L H_c)^-1.
    let t = test_table("toy_two_city");
    let imp = run_file(&t, "toy_type2.toml");
    assert!(imp.closed);
    let (inc, cols, _) = imp.closure_used.clone().unwrap();
    assert_eq!(inc, vec!["labour compensation"]);
    assert_eq!(cols, vec!["XA|households", "BJ|households"]);
    let m = Leontief::from_table(&t, ModelOptions::default()).unwrap();
    let l = m.inverse().unwrap().value;
    let n = 4;
    // H_r: labour income per unit output to the sector's own region; H_c: each region's
    // household consumption per unit of its labour income (METHODS 2.3), built here
    // from the table directly.
    let region = |i: usize| if i < 2 { 0 } else { 1 };
    let hr = Mat::from_fn(2, n, |r, j| {
        if region(j) == r {
            t.va[(0, j)] / t.x[j]
        } else {
            0.0
        }
    });
    let hcol = [0usize, 2];
    let income = [200.0 + 280.0, 108.0 + 150.0];
    let hc = Mat::from_fn(n, 2, |i, r| t.y[(i, hcol[r])] / income[r]);
    let hl = &hr * &l;
    let khl = Mat::from_fn(2, 2, |i, j| {
        (if i == j { 1.0 } else { 0.0 }) - (&hl * &hc)[(i, j)]
    });
    let k = Factored::new(khl, &["a".into(), "b".into()])
        .unwrap()
        .inverse()
        .unwrap()
        .value;
    let lbar = &l + &(&(&(&l * &hc) * &k) * &hl);
    let e = imp.effects(0, 0);
    for i in 0..n {
        assert!((e[i].total - 10.0 * lbar[(i, 0)]).abs() < 1e-11, "{i}");
        assert!((e[i].direct + e[i].indirect - 10.0 * l[(i, 0)]).abs() < 1e-12);
        assert!(e[i].induced > 0.0, "Type II >= Type I");
    }
}

fn err(t: &IoTable, text: &str) -> String {
    match parse_scenarios(Path::new("s.toml"), text, t) {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn file_errors_name_the_line() {
    let t = test_table("toy_two_city");
    let head = "[[scenario]]\nname = \"a\"\n[[scenario.shock]]\n";
    let e = err(
        &t,
        &format!("{head}region = \"XX\"\nsector = \"E\"\namount = 1\nunit = \"100M CNY\"\n"),
    );
    assert!(e.starts_with("s.toml: line 4: unknown region `XX`"), "{e}");
    let e = err(
        &t,
        &format!("{head}region = \"XA\"\nsector = \"Q\"\namount = 1\nunit = \"100M CNY\"\n"),
    );
    assert!(e.starts_with("s.toml: line 5: unknown sector `Q`"), "{e}");
    let e = err(
        &t,
        &format!("{head}region = \"XA\"\nsector = \"E\"\namount = 1\nunit = \"furlongs\"\n"),
    );
    assert!(
        e.starts_with("s.toml: line 7: unknown unit `furlongs`"),
        "{e}"
    );
    let e = err(
        &t,
        &format!("{head}region = \"XA\"\nsector = \"E\"\namount = 1\nunit = \"M USD\"\n"),
    );
    assert!(
        e.starts_with("s.toml: line 7: unit `M USD` is in USD but the table is in CNY"),
        "{e}"
    );
    let e = err(
        &t,
        &format!("{head}region = \"XA\"\nsector = \"E\"\namont = 1\n"),
    );
    assert!(
        e.starts_with("s.toml: line 6: unknown field `amont`"),
        "{e}"
    );
    let e = err(
        &t,
        &format!("{head}region = \"XA\"\nsector = \"E\"\nkind = \"supply\"\npercent = 1\n"),
    );
    assert!(
        e.starts_with("s.toml: line 6: unknown kind `supply`"),
        "{e}"
    );
    let e = err(&t, &format!("indicators = [\"output\",\n \"gdp\"]\n{head}region = \"XA\"\nsector = \"E\"\npercent = 1\n"));
    assert!(
        e.starts_with("s.toml: line 2: unknown indicator `gdp`"),
        "{e}"
    );
    let e = err(
        &t,
        &format!("{head}region = \"XA\"\nsector = \"E\"\namount = 1\n"),
    );
    assert!(
        e.starts_with("s.toml: line 6: amount without a unit"),
        "{e}"
    );
}

#[test]
fn closure_scale_and_bad_closure_choices() {
    let t = test_table("toy_two_city");
    let base = "closure = \"type-ii\"\n[household]\nincome = \"labour compensation\"\n\
                consumption = \"households\"\nconsumption_scale = SCALE\n\
                [[scenario]]\nname = \"a\"\n[[scenario.shock]]\nregion = \"XA\"\nsector = \"E\"\npercent = 1\n";
    // Scale 0: households spend nothing, induced effects vanish.
    let zero = run_text(&t, &base.replace("SCALE", "0")).unwrap();
    assert!(zero.effects(0, 0).iter().all(|c| c.induced.abs() < 1e-12));
    // Induced effects grow with the scale.
    let half = run_text(&t, &base.replace("SCALE", "0.5")).unwrap();
    let full = run_text(&t, &base.replace("SCALE", "1")).unwrap();
    assert!(full.total(0, 0).induced > half.total(0, 0).induced);
    assert!(half.total(0, 0).induced > 0.0);
    // Households spending far more than they earn: the closed system is not productive.
    let e = run_text(&t, &base.replace("SCALE", "20"))
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("not productive"), "{e}");
    // Unknown consumption category: a clear error.
    let e = run_text(
        &t,
        &base
            .replace("SCALE", "1")
            .replace("\"households\"", "\"nothing\""),
    )
    .err()
    .unwrap()
    .to_string();
    assert!(e.contains("`nothing`"), "{e}");
    let e = err(&t, &base.replace("SCALE", "-1"));
    assert!(e.starts_with("s.toml: line 5: consumption_scale -1"), "{e}");
}

#[test]
fn sector_lists_split_amounts_by_current_final_demand() {
    // Toy final demand: XA_E 690, XA_S 541; 12.31 split 6.9 / 5.41.
    let t = test_table("toy_two_city");
    let imp = run_text(
        &t,
        "[[scenario]]\nname = \"programme\"\n[[scenario.shock]]\nregion = \"XA\"\n\
         sector = [\"E\", \"S\"]\namount = 12.31\nunit = \"100M CNY\"\n\
         [[scenario]]\nname = \"pct\"\n[[scenario.shock]]\nregion = \"XA\"\n\
         sector = [\"E\", \"S\"]\npercent = 10\n",
    )
    .unwrap();
    let sh = &imp.set.scenarios[0].shocks;
    assert!((sh[0].amount - 6.9).abs() < 1e-12 && (sh[1].amount - 5.41).abs() < 1e-12);
    let sh = &imp.set.scenarios[1].shocks;
    assert!((sh[0].amount - 69.0).abs() < 1e-12 && (sh[1].amount - 54.1).abs() < 1e-12);
    let total: f64 = imp.total(0, 0).direct;
    assert!((total - 12.31).abs() < 1e-12);
}

#[test]
fn several_income_rows_are_summed() {
    // Income = labour compensation + operating surplus (350 of XA_E's 1000 of output).
    let t = test_table("toy_two_city");
    let imp = run_text(
        &t,
        "closure = \"type-ii\"\nindicators = [\"income\"]\n[household]\n\
         income = [\"labour compensation\", \"operating surplus\"]\nconsumption = \"households\"\n\
         consumption_scale = 0.5\n[[scenario]]\nname = \"a\"\n[[scenario.shock]]\n\
         region = \"XA\"\nsector = \"E\"\namount = 10\nunit = \"table\"\n",
    )
    .unwrap();
    let (rows, _, _) = imp.closure_used.clone().unwrap();
    assert_eq!(rows, vec!["labour compensation", "operating surplus"]);
    let e = imp.effects(0, 0);
    assert!((e[0].direct - 10.0 * 0.35).abs() < 1e-12);
    let bad = err(
        &t,
        "closure = \"type-ii\"\n[household]\nincome = [\"labour compensation\", \"wages\"]\n\
         [[scenario]]\nname = \"a\"\n[[scenario.shock]]\nregion = \"XA\"\nsector = \"E\"\npercent = 1\n",
    );
    assert!(
        bad.starts_with("s.toml: line 3: VA.csv: unknown income row `wages`"),
        "{bad}"
    );
}
