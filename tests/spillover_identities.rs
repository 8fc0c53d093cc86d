//! Spillover decompositions (METHODS 5): hand-computed and published toy numbers, and the
//! identities every decomposition must satisfy.

mod common;

use common::{shared_dir, test_table};
use faer::Mat;
use mrio::analysis::spillover::{
    backward, column_sums, forward, miller_own_block, region_matrix, round_stone,
};
use mrio::model::{Ghosh, Leontief, ModelOptions, ZeroOutput};
use mrio::IoTable;

fn model(t: &IoTable) -> Leontief {
    Leontief::from_table(t, ModelOptions::default()).unwrap()
}

fn max_abs_diff(a: &Mat<f64>, b: &Mat<f64>) -> f64 {
    let mut m = 0.0f64;
    for j in 0..a.ncols() {
        for i in 0..a.nrows() {
            m = m.max((a[(i, j)] - b[(i, j)]).abs());
        }
    }
    m
}

/// For every origin, intra + feedback + spillover = the column sum of L (to 1e-12), and
/// the regional shares sum to 1.
fn check_backward_adds_up(t: &IoTable) {
    let m = model(t);
    let d = backward(&m, &t.index).unwrap();
    let l = m.inverse().unwrap().value;
    let colsum = column_sums(l.as_ref());
    for i in 0..t.len() {
        let sum = d.intra[i] + d.feedback[i] + d.total_spillover(i);
        assert!(
            (sum - colsum[i]).abs() < 1e-12,
            "{}: intra {} + feedback {} + spillover {} = {sum} vs 1'L {}",
            t.index.ids()[i],
            d.intra[i],
            d.feedback[i],
            d.total_spillover(i),
            colsum[i]
        );
        let shares: f64 = (0..d.regions.len()).map(|s| d.share(i, s)).sum();
        assert!((shares - 1.0).abs() < 1e-12, "shares sum to {shares}");
        // The own-region block from the full inverse equals intra + feedback.
        let own: f64 = t
            .index
            .positions_in_region(&t.index.regions()[i])
            .iter()
            .map(|&p| l[(p, i)])
            .sum();
        assert!((own - d.intra[i] - d.feedback[i]).abs() < 1e-12);
        assert!(
            d.feedback[i] >= -1e-15,
            "feedback is never negative for A >= 0"
        );
    }
}

/// Round's L = M3 M2 M1 and Stone's I + N1 + N2 + N3 = L.
fn check_round_stone(t: &IoTable, group1: &[&str]) {
    let m = model(t);
    let g1: Vec<bool> = t
        .index
        .regions()
        .iter()
        .map(|r| group1.contains(&r.as_str()))
        .collect();
    let rs = round_stone(m.a(), &g1, t.index.ids()).unwrap();
    let l = m.inverse().unwrap().value;
    let prod = &(&rs.m3 * &rs.m2) * &rs.m1;
    let scale = l.norm_max();
    assert!(
        max_abs_diff(&prod, &l) < 1e-12 * scale.max(1.0),
        "L = M3 M2 M1"
    );
    let n = t.len();
    let sum = &(&(&Mat::<f64>::identity(n, n) + &rs.n1) + &rs.n2) + &rs.n3;
    assert!(
        max_abs_diff(&sum, &l) < 1e-12 * scale.max(1.0),
        "I + N1 + N2 + N3 = L"
    );
    // N2 has only cross-group blocks; M1 and M3 only within-group blocks.
    for i in 0..n {
        for j in 0..n {
            if g1[i] == g1[j] {
                assert_eq!(rs.n2[(i, j)], 0.0);
            } else {
                assert_eq!(rs.m1[(i, j)], 0.0);
                assert!(rs.m3[(i, j)].abs() < 1e-15);
            }
        }
    }
}

#[test]
fn miller_l11_matches_hand_computation() {
    // tests/data/two_region_hand/README.md: L^11 = [[31/24, 1/6], [1/6, 31/24]].
    let t = test_table("two_region_hand");
    let m = model(&t);
    let l11 = miller_own_block(m.a(), &t.index, "R1").unwrap();
    let want = [[31.0 / 24.0, 1.0 / 6.0], [1.0 / 6.0, 31.0 / 24.0]];
    for i in 0..2 {
        for j in 0..2 {
            assert!((l11[(i, j)] - want[i][j]).abs() < 1e-14, "L11[{i},{j}]");
        }
    }
    // Same block of the full inverse.
    let l = m.inverse().unwrap().value;
    for i in 0..2 {
        for j in 0..2 {
            assert!((l[(i, j)] - want[i][j]).abs() < 1e-14);
        }
    }
    // Per-origin split of R1_s1: intra 10/7, feedback 5/168, spillover 5/24, total 5/3.
    let d = backward(&m, &t.index).unwrap();
    assert!((d.intra[0] - 10.0 / 7.0).abs() < 1e-14);
    assert!((d.feedback[0] - 5.0 / 168.0).abs() < 1e-14);
    assert!((d.spillover(0, 1) - 5.0 / 24.0).abs() < 1e-14);
    assert!((d.total[0] - 5.0 / 3.0).abs() < 1e-14);
}

#[test]
fn miller_formula_equals_full_inverse_block_for_every_region() {
    let t = test_table("toy_two_city");
    let m = model(&t);
    let l = m.inverse().unwrap().value;
    for r in ["XA", "BJ"] {
        let pos = t.index.positions_in_region(r);
        let b = miller_own_block(m.a(), &t.index, r).unwrap();
        for (a, &p) in pos.iter().enumerate() {
            for (c, &q) in pos.iter().enumerate() {
                assert!((b[(a, c)] - l[(p, q)]).abs() < 1e-13);
            }
        }
    }
}

#[test]
fn toy_example_reproduces_methods_numbers() {
    // METHODS.md 5.6 (toy_example.py): a unit of final demand for Xi'an equipment
    // induces 1.438 in Xi'an and 0.191 in Baoji (total 1.628), shares 0.883 / 0.117;
    // intraregional 1.407 + feedback 0.030 + spillover 0.191 (printed to 3 decimals).
    let t = test_table("toy_two_city");
    let m = model(&t);
    let d = backward(&m, &t.index).unwrap();
    let xa = t.index.position("XA_E").unwrap();
    let (r_xa, r_bj) = (0, 1);
    let close = |a: f64, b: f64| (a - b).abs() < 5e-4;
    assert!(
        close(d.by_region[(xa, r_xa)], 1.438),
        "{}",
        d.by_region[(xa, r_xa)]
    );
    assert!(close(d.by_region[(xa, r_bj)], 0.191));
    assert!(close(d.total[xa], 1.628));
    assert!(close(d.share(xa, r_xa), 0.883));
    assert!(close(d.share(xa, r_bj), 0.117));
    assert!(close(d.intra[xa], 1.407));
    assert!(close(d.feedback[xa], 0.030));
}

#[test]
fn backward_adds_up_on_shipped_tables() {
    check_backward_adds_up(&test_table("two_region_hand"));
    check_backward_adds_up(&test_table("toy_two_city"));
}

#[test]
fn round_and_stone_identities_on_shipped_tables() {
    check_round_stone(&test_table("two_region_hand"), &["R1"]);
    check_round_stone(&test_table("toy_two_city"), &["XA"]);
}

#[test]
fn round_blocks_match_methods_closed_forms() {
    // METHODS 5.2: L^{11} = F_1 L_1 and N2's off-diagonal block L_2 A^{21} L_1.
    let t = test_table("two_region_hand");
    let m = model(&t);
    let rs = round_stone(m.a(), &[true, true, false, false], t.index.ids()).unwrap();
    // M1's R1 block is L_1 = (1/63) [[80, 10], [10, 80]].
    assert!((rs.m1[(0, 0)] - 80.0 / 63.0).abs() < 1e-14);
    assert!((rs.m1[(0, 1)] - 10.0 / 63.0).abs() < 1e-14);
    // N2[R2, R1] = L_2 A^21 L_1 = 0.1 L_2 L_1 = 0.1 (1/63^2) [[6500, 1600], [1600, 6500]].
    assert!((rs.n2[(2, 0)] - 650.0 / 3969.0).abs() < 1e-14);
    assert!((rs.n2[(3, 0)] - 160.0 / 3969.0).abs() < 1e-14);
}

#[test]
fn forward_view_adds_up_to_ghosh_row_sums() {
    for name in ["two_region_hand", "toy_two_city"] {
        let t = test_table(name);
        let d = forward(&t, ZeroOutput::Inert).unwrap();
        let g = Ghosh::from_table(&t, ModelOptions::default()).unwrap();
        let rows = g.row_sums().unwrap().value;
        for (i, row) in rows.iter().enumerate() {
            let s = d.intra[i] + d.feedback[i] + d.total_spillover(i);
            assert!((s - row).abs() < 1e-12, "{name} row {i}: {s} vs {}", row);
            let shares: f64 = (0..d.regions.len()).map(|r| d.share(i, r)).sum();
            assert!((shares - 1.0).abs() < 1e-12);
        }
    }
}

#[test]
fn scale_weighted_flows_add_up_to_regional_output() {
    // Σ_r S^{sr} = 1'x^s when x = L f (balanced table); NS^{r->s} = -NS^{s->r}.
    let t = test_table("toy_two_city");
    let m = model(&t);
    let d = backward(&m, &t.index).unwrap();
    let rm = region_matrix(&d, &t.final_demand(), &t.x).unwrap();
    for s in 0..2 {
        let sum: f64 = rm.scaled[s].iter().sum();
        assert!(
            (sum - rm.output[s]).abs() < 1e-9 * rm.output[s],
            "{sum} vs {}",
            rm.output[s]
        );
        let dep: f64 = rm.dependence[s].iter().sum();
        assert!((dep - 1.0).abs() < 1e-12);
        for r in 0..2 {
            assert!((rm.net[r][s] + rm.net[s][r]).abs() < 1e-12);
        }
    }
}

fn wiod() -> Option<IoTable> {
    let dir = shared_dir()?.join("data/wiod2013_7regions/2011");
    Some(mrio::table::read_table(&dir).unwrap())
}

#[test]
fn shared_wiod_backward_forward_and_round_stone() {
    let Some(t) = wiod() else { return };
    check_backward_adds_up(&t);
    check_round_stone(&t, &["CHN"]);
    // Forward view: row sums of G = x̂⁻¹ L x̂ are (L x)_i / x_i (METHODS 1.3), one
    // Leontief solve, independent of the B-based decomposition.
    let d = forward(&t, ZeroOutput::Inert).unwrap();
    let lx = model(&t).solve(&t.x).unwrap().value;
    for (i, (lxi, xi)) in lx.iter().zip(&t.x).enumerate() {
        let row = if *xi > 0.0 { lxi / xi } else { 1.0 };
        let s = d.intra[i] + d.feedback[i] + d.total_spillover(i);
        assert!((s - row).abs() < 1e-10 * row.max(1.0), "{i}: {s} vs {row}");
    }
    // Scale-weighted flows reproduce regional output within the table's row balance
    // (max relative row gap 1.9e-4, SOURCE.txt).
    let m = model(&t);
    let d = backward(&m, &t.index).unwrap();
    let rm = region_matrix(&d, &t.final_demand(), &t.x).unwrap();
    for s in 0..rm.regions.len() {
        let sum: f64 = rm.scaled[s].iter().sum();
        assert!((sum - rm.output[s]).abs() < 2e-4 * rm.output[s]);
    }
}

#[test]
fn weighted_decomposition_adds_up_and_reproduces_toy_value_added_share() {
    // METHODS 5.6 toy: in value-added terms Baoji's share of the effect of final demand
    // for Xi'an equipment is 0.111 (v = 0.35, 0.55, 0.30, 0.50 per unit output).
    use mrio::analysis::spillover::backward_weighted;
    let t = test_table("toy_two_city");
    let m = model(&t);
    let v = [0.35, 0.55, 0.30, 0.50];
    let d = backward_weighted(&m, &t.index, &v).unwrap();
    assert!((d.share(0, 1) - 0.111).abs() < 5e-4, "{}", d.share(0, 1));
    // w'L by one transposed solve: the parts add up to it for every origin.
    let wl = m.solve_transpose(&v).unwrap().value;
    for (i, want) in wl.iter().enumerate() {
        let s = d.intra[i] + d.feedback[i] + d.total_spillover(i);
        assert!((s - want).abs() < 1e-12);
        let shares: f64 = (0..2).map(|r| d.share(i, r)).sum();
        assert!((shares - 1.0).abs() < 1e-12);
    }
}
