//! Hypothetical extraction: the low-rank (Woodbury) updates on the one LU agree with
//! refactoring the extracted system; closed forms; a sector with zero links.

mod common;

use common::*;
use faer::Mat;
use mrio::analysis::extraction::{ExtractOptions, Extractor, Mode, Target};
use mrio::model::{allocation_coefficients, Factored, Leontief, ModelOptions};
use mrio::IoTable;

fn toy() -> IoTable {
    mrio::table::read_table(&root().join("tests/data/mrio_toy")).unwrap()
}

/// Brute force: zero/scale the selected cells of A, refactor, solve.
fn brute(
    t: &IoTable,
    keep: impl Fn(usize, usize) -> bool,
    alpha: f64,
    f_scale: &[f64],
) -> Vec<f64> {
    let m = Leontief::from_table(t, ModelOptions::default()).unwrap();
    let a = m.a();
    let n = t.len();
    let ab = Mat::from_fn(n, n, |i, j| {
        if keep(i, j) {
            a[(i, j)]
        } else {
            (1.0 - alpha) * a[(i, j)]
        }
    });
    let f: Vec<f64> = t
        .final_demand()
        .iter()
        .zip(f_scale)
        .map(|(f, s)| f * s)
        .collect();
    Leontief::new(ab, t.index.ids().to_vec())
        .unwrap()
        .solve(&f)
        .unwrap()
        .value
}

fn close(a: &[f64], b: &[f64]) {
    for (x, y) in a.iter().zip(b) {
        assert!((x - y).abs() <= 1e-9 * y.abs().max(1.0), "{a:?} vs {b:?}");
    }
}

#[test]
fn sector_extractions_match_refactoring() {
    for t in [toy(), eurostat_germany()] {
        let n = t.len();
        let model = Leontief::from_table(&t, ModelOptions::default()).unwrap();
        let mut ex = Extractor::new(&model, &t).unwrap();
        for alpha in [1.0, 0.3] {
            for j in 0..n {
                for group in [vec![j], vec![j, (j + 1) % n]] {
                    let ing = |i: usize| group.contains(&i);
                    let opts = |mode, keep| ExtractOptions {
                        mode,
                        alpha,
                        keep_final_demand: keep,
                    };
                    // Total (Strassert): rows and columns, and final demand.
                    let e = ex
                        .extract(&Target::Sectors(group.clone()), &opts(Mode::Total, false))
                        .unwrap();
                    let fs: Vec<f64> = (0..n)
                        .map(|i| if ing(i) { 1.0 - alpha } else { 1.0 })
                        .collect();
                    close(
                        &e.x_after,
                        &brute(&t, |r, c| !ing(r) && !ing(c), alpha, &fs),
                    );
                    // Total keeping final demand (Cella).
                    let e = ex
                        .extract(&Target::Sectors(group.clone()), &opts(Mode::Total, true))
                        .unwrap();
                    close(
                        &e.x_after,
                        &brute(&t, |r, c| !ing(r) && !ing(c), alpha, &vec![1.0; n]),
                    );
                    // Backward: columns only.
                    let e = ex
                        .extract(
                            &Target::Sectors(group.clone()),
                            &opts(Mode::Backward, false),
                        )
                        .unwrap();
                    close(&e.x_after, &brute(&t, |_, c| !ing(c), alpha, &vec![1.0; n]));
                    assert!((e.loss - (e.loss_in_target + e.loss_elsewhere)).abs() < 1e-9);
                }
            }
        }
    }
}

/// Backward extraction of one sector has the closed form BL_j = (m_j − 1) x_j / l_jj
/// (Sherman-Morrison), with m_j the output multiplier.
#[test]
fn backward_extraction_closed_form() {
    let t = eurostat_germany();
    let model = Leontief::from_table(&t, ModelOptions::default()).unwrap();
    let l = model.inverse().unwrap().value;
    let m = model.output_multipliers().unwrap().value;
    let mut ex = Extractor::new(&model, &t).unwrap();
    let x = ex.baseline().to_vec();
    let opts = ExtractOptions {
        mode: Mode::Backward,
        ..Default::default()
    };
    for j in 0..t.len() {
        let e = ex.extract(&Target::Sectors(vec![j]), &opts).unwrap();
        let want = (m[j] - 1.0) * x[j] / l[(j, j)];
        assert!(
            (e.loss - want).abs() < 1e-8 * want,
            "{j}: {} vs {want}",
            e.loss
        );
    }
}

#[test]
fn forward_extraction_matches_refactored_ghosh() {
    for t in [toy(), eurostat_germany()] {
        let n = t.len();
        let model = Leontief::from_table(&t, ModelOptions::default()).unwrap();
        let mut ex = Extractor::new(&model, &t).unwrap();
        let b =
            allocation_coefficients(t.z.as_ref(), &t.x, t.index.ids(), Default::default()).unwrap();
        let v: Vec<f64> = (0..n)
            .map(|j| t.x[j] - (0..n).map(|i| t.x[i] * b[(i, j)]).sum::<f64>())
            .collect();
        for alpha in [1.0, 0.5] {
            for j in 0..n {
                let bb = Mat::from_fn(n, n, |r, c| {
                    if r == j {
                        (1.0 - alpha) * b[(r, c)]
                    } else {
                        b[(r, c)]
                    }
                });
                let lu = Factored::identity_minus(bb.as_ref(), t.index.ids()).unwrap();
                let want = lu
                    .solve_transpose(Mat::from_fn(n, 1, |i, _| v[i]).as_ref())
                    .unwrap()
                    .value;
                let want: Vec<f64> = (0..n).map(|i| want[(i, 0)]).collect();
                let opts = ExtractOptions {
                    mode: Mode::Forward,
                    alpha,
                    keep_final_demand: false,
                };
                let e = ex.extract(&Target::Sectors(vec![j]), &opts).unwrap();
                close(&e.x_after, &want);
                close(&e.x_before, &t.x);
            }
        }
    }
}

#[test]
fn regional_extractions_match_refactoring() {
    let t = toy();
    let n = t.len();
    let model = Leontief::from_table(&t, ModelOptions::default()).unwrap();
    let mut ex = Extractor::new(&model, &t).unwrap();
    let reg = t.index.regions().to_vec();
    for r in ["north", "south"] {
        let inr = |i: usize| reg[i] == r;
        for (mode, keep) in [
            (
                Mode::Backward,
                Box::new(|i: usize, j: usize| !inr(j) || inr(i))
                    as Box<dyn Fn(usize, usize) -> bool>,
            ),
            (
                Mode::Forward,
                Box::new(|i: usize, j: usize| !inr(i) || inr(j)),
            ),
            (Mode::Total, Box::new(|i: usize, j: usize| inr(i) == inr(j))),
        ] {
            for alpha in [1.0, 0.25] {
                let e = ex
                    .extract(
                        &Target::Region(r.into()),
                        &ExtractOptions {
                            mode,
                            alpha,
                            keep_final_demand: false,
                        },
                    )
                    .unwrap();
                close(&e.x_after, &brute(&t, &keep, alpha, &vec![1.0; n]));
            }
        }
    }
    let all = ex.all_regions(&ExtractOptions::default()).unwrap();
    assert_eq!(all.len(), 2);
    assert!(all.iter().all(|e| e.loss > 0.0));
}

/// A sector with no intermediate links: extracting it totally removes exactly its own
/// output (its final demand) and changes nothing else; keeping its final demand (Cella)
/// changes nothing at all.
#[test]
fn zero_link_sector_changes_nothing() {
    let t = toy();
    let n = t.len();
    // Append an isolated sector "iso" with output 70 sold entirely to final demand.
    let ids: Vec<String> = t
        .index
        .ids()
        .iter()
        .cloned()
        .chain(["iso".to_string()])
        .collect();
    let regions: Vec<String> = t
        .index
        .regions()
        .iter()
        .cloned()
        .chain(["north".to_string()])
        .collect();
    let sectors: Vec<String> = t
        .index
        .sectors()
        .iter()
        .cloned()
        .chain(["isolated".to_string()])
        .collect();
    let index = mrio::table::Index::new(ids, Some(regions), Some(sectors)).unwrap();
    let z = Mat::from_fn(
        n + 1,
        n + 1,
        |i, j| if i < n && j < n { t.z[(i, j)] } else { 0.0 },
    );
    let y = Mat::from_fn(n + 1, t.y.ncols(), |i, k| {
        if i < n {
            t.y[(i, k)]
        } else if k == 0 {
            70.0
        } else {
            0.0
        }
    });
    let va = Mat::from_fn(t.va.nrows(), n + 1, |p, j| {
        if j < n {
            t.va[(p, j)]
        } else if p == 0 {
            70.0
        } else {
            0.0
        }
    });
    let mut x = t.x.clone();
    x.push(70.0);
    let t2 = IoTable::new(
        index,
        z,
        y,
        t.y_labels.clone(),
        va,
        t.va_labels.clone(),
        Some(x),
    )
    .unwrap();
    let model = Leontief::from_table(&t2, ModelOptions::default()).unwrap();
    let mut ex = Extractor::new(&model, &t2).unwrap();
    let e = ex
        .extract(&Target::Sectors(vec![n]), &ExtractOptions::default())
        .unwrap();
    assert!((e.loss - 70.0).abs() < 1e-9 && e.loss_elsewhere.abs() < 1e-9);
    close(&e.x_after[..n], &e.x_before[..n]);
    let cella = ExtractOptions {
        keep_final_demand: true,
        ..Default::default()
    };
    let e = ex.extract(&Target::Sectors(vec![n]), &cella).unwrap();
    assert!(e.loss.abs() < 1e-9);
    for mode in [Mode::Backward, Mode::Forward] {
        let e = ex
            .extract(
                &Target::Sectors(vec![n]),
                &ExtractOptions {
                    mode,
                    ..Default::default()
                },
            )
            .unwrap();
        assert!(e.loss.abs() < 1e-9, "{mode:?}: {}", e.loss);
    }
}

#[test]
fn bad_targets_are_errors() {
    let t = toy();
    let model = Leontief::from_table(&t, ModelOptions::default()).unwrap();
    let mut ex = Extractor::new(&model, &t).unwrap();
    let msg = ex
        .extract(&Target::Region("east".into()), &ExtractOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("unknown region `east`") && msg.contains("north, south"),
        "{msg}"
    );
    let bad = ExtractOptions {
        alpha: 1.5,
        ..Default::default()
    };
    assert!(ex
        .extract(&Target::Sectors(vec![0]), &bad)
        .unwrap_err()
        .to_string()
        .contains("(0, 1]"));
    assert!(ex
        .extract(&Target::Sectors(vec![9]), &ExtractOptions::default())
        .is_err());
}

/// Ranking all sectors of the shared China 149-sector table: every loss is positive
/// and at least the sector's own final demand share is lost.
#[test]
fn shared_china149_all_sectors() {
    let Some(shared) = shared_dir() else { return };
    let t = mrio::table::read_table(&shared.join("data/china_nbs_149_2017")).unwrap();
    let model = Leontief::from_table(&t, ModelOptions::default()).unwrap();
    let mut ex = Extractor::new(&model, &t).unwrap();
    let all = ex.all_sectors(&ExtractOptions::default()).unwrap();
    assert_eq!(all.len(), 149);
    let x = ex.baseline().to_vec();
    for (j, e) in all.iter().enumerate() {
        // The extracted sector's output vanishes entirely.
        assert!(e.x_after[j].abs() < 1e-6 * x[j].abs().max(1.0));
        assert!((e.loss_in_target - x[j]).abs() < 1e-6 * x[j].abs().max(1.0));
        assert!(e.residual < 1e-10);
    }
}
