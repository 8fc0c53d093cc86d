//! Structural path analysis (METHODS 8.1): path values are products of coefficients,
//! all paths add up to the total effect q'L e_j, and pruning never drops a path above
//! the threshold (brute-force enumeration as reference).

mod common;

use common::test_table;
use mrio::analysis::paths::{structural_paths, structural_paths_from, PathOptions};
use mrio::model::{Leontief, ModelOptions};

fn brute(
    a: faer::MatRef<'_, f64>,
    q: &[f64],
    origin: usize,
    depth: usize,
) -> Vec<(Vec<usize>, f64)> {
    let n = a.nrows();
    let mut out = Vec::new();
    let mut frontier = vec![(vec![origin], 1.0)];
    for _ in 0..=depth {
        let mut next = Vec::new();
        for (p, c) in frontier {
            let i = *p.last().unwrap();
            out.push((p.clone(), c * q[i]));
            for k in 0..n {
                if a[(k, i)] != 0.0 {
                    let mut p2 = p.clone();
                    p2.push(k);
                    next.push((p2, c * a[(k, i)]));
                }
            }
        }
        frontier = next;
    }
    out
}

#[test]
fn paths_add_up_to_the_total_effect() {
    let t = test_table("toy_two_city");
    let m = Leontief::from_table(&t, ModelOptions::default()).unwrap();
    let q = vec![1.0; 4];
    let opts = PathOptions {
        top: 100_000,
        threshold: 1e-9,
        max_depth: 60,
        max_nodes: 50_000_000,
    };
    let r = structural_paths(&m, 0, &q, opts).unwrap();
    // METHODS 5.6 toy: total output multiplier of Xi'an equipment 1.628.
    assert!((r.total - 1.628).abs() < 5e-4);
    assert!(!r.truncated);
    assert!(r.recorded_sum <= r.total + 1e-12);
    assert!(
        r.total - r.recorded_sum < 1e-4 * r.total,
        "coverage {}",
        r.recorded_sum / r.total
    );
}

#[test]
fn path_values_and_ranking_match_brute_force() {
    let t = test_table("two_region_hand");
    let m = Leontief::from_table(&t, ModelOptions::default()).unwrap();
    // Output in R2 only.
    let q = vec![0.0, 0.0, 1.0, 1.0];
    let opts = PathOptions {
        top: 8,
        threshold: 1e-3,
        max_depth: 4,
        max_nodes: 1_000_000,
    };
    let r = structural_paths(&m, 0, &q, opts).unwrap();
    // Total: 1'L^{21} e_1 = 5/24 (tests/data/two_region_hand/README.md).
    assert!((r.total - 5.0 / 24.0).abs() < 1e-14);
    // Largest path: R1_s1 -> R2_s1, value a = 0.1.
    assert_eq!(r.paths[0].nodes, vec![0, 2]);
    assert!((r.paths[0].value - 0.1).abs() < 1e-15);
    let mut all: Vec<f64> = brute(m.a(), &q, 0, 4)
        .into_iter()
        .map(|(_, v)| v)
        .filter(|&v| v >= 1e-3 * r.total)
        .collect();
    all.sort_by(|a, b| b.total_cmp(a));
    assert_eq!(r.recorded, all.len());
    for (p, v) in r.paths.iter().zip(&all) {
        assert!((p.value - v).abs() < 1e-15);
    }
    let listed: f64 = all.iter().take(8).sum();
    assert!((r.listed - listed).abs() < 1e-14);
    assert!((r.coverage() - listed / r.total).abs() < 1e-14);
}

#[test]
fn demand_vector_paths_scale_with_demand() {
    let t = test_table("toy_two_city");
    let m = Leontief::from_table(&t, ModelOptions::default()).unwrap();
    let q = vec![1.0; 4];
    let one = structural_paths(&m, 0, &q, PathOptions::default()).unwrap();
    let ten =
        structural_paths_from(&m, &[10.0, 0.0, 0.0, 0.0], &q, PathOptions::default()).unwrap();
    assert!((ten.total - 10.0 * one.total).abs() < 1e-12);
    for (a, b) in one.paths.iter().zip(&ten.paths) {
        assert_eq!(a.nodes, b.nodes);
        assert!((b.value - 10.0 * a.value).abs() < 1e-12);
    }
    assert!(structural_paths(
        &m,
        0,
        &q,
        PathOptions {
            threshold: 0.0,
            ..Default::default()
        }
    )
    .is_err());
}
