//! Multiplier identities: value added + imports multipliers sum to one (METHODS 2.2),
//! Type II >= Type I through the multipliers API, ratios undefined where there is no
//! direct effect, satellites carry their units.

mod common;

use common::*;
use mrio::analysis::multipliers::{multipliers, standard_weights, WeightOptions};
use mrio::model::{ClosedLeontief, HouseholdSpec, Leontief, ModelOptions};

/// Every unit of final demand is paid out as value added or leaks as imports:
/// v_c'L + m_c'L = 1' when value added and imports are the only primary inputs.
#[test]
fn value_added_plus_imports_is_one() {
    let t = mrio::table::read_table(&root().join("tests/data/mrio_toy")).unwrap();
    let open = Leontief::from_table(&t, ModelOptions::default()).unwrap();
    let mut w = standard_weights(&t, &WeightOptions::default()).unwrap();
    let imports = standard_weights(
        &t,
        &WeightOptions {
            value_added: vec!["imports".into()],
            no_satellites: true,
            ..Default::default()
        },
    )
    .unwrap()
    .remove(1);
    w.push(imports);
    let names: Vec<&str> = w.iter().map(|w| w.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "output",
            "value_added",
            "income",
            "employment",
            "value_added"
        ]
    );
    assert!(w[1]
        .description
        .contains("compensation + operating_surplus"));
    assert_eq!(w[3].unit, "jobs");
    let m = multipliers(&open, None, &w).unwrap();
    for j in 0..t.len() {
        let s = m.measures[1].simple[j] + m.measures[4].simple[j];
        assert!((s - 1.0).abs() < 1e-12, "{s}");
    }
}

#[test]
fn type2_through_the_api_and_zero_direct_effects() {
    let t = mrio::table::read_table(&root().join("tests/data/mrio_toy")).unwrap();
    let open = Leontief::from_table(&t, ModelOptions::default()).unwrap();
    let closed =
        ClosedLeontief::from_table(&t, ModelOptions::default(), &HouseholdSpec::default()).unwrap();
    let w = standard_weights(&t, &WeightOptions::default()).unwrap();
    let m = multipliers(&open, Some(&closed), &w).unwrap();
    for ms in &m.measures {
        let (tot, t2) = (ms.total.as_ref().unwrap(), ms.type2.as_ref().unwrap());
        for j in 0..t.len() {
            assert!(tot[j] > ms.simple[j]);
            if !ms.weight.is_output {
                assert!(t2[j] > ms.type1[j] && ms.type1[j] >= 1.0);
            }
        }
    }
    // UK 2010: products without compensation of employees get no Type I ratio.
    let uk = ons_uk2010();
    let open = Leontief::from_table(&uk, ModelOptions::default()).unwrap();
    let w = standard_weights(
        &uk,
        &WeightOptions {
            income: vec!["Compensation of employees".into()],
            no_satellites: true,
            ..Default::default()
        },
    )
    .unwrap();
    let m = multipliers(&open, None, &w).unwrap();
    let inc = m
        .measures
        .iter()
        .find(|m| m.weight.name == "income")
        .unwrap();
    let zero: Vec<usize> = (0..uk.len())
        .filter(|&j| inc.weight.coefficients[j] == 0.0)
        .collect();
    assert!(!zero.is_empty());
    for j in zero {
        assert!(inc.type1[j].is_nan());
    }
}
