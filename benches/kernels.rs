//! Kernel benchmarks (divan): LU of I - A, one solve, 64 solves, full inverse, at
//! n = 500, 1000, 2000 on a synthetic productive table; 1000 demand vectors at n = 2000
//! after one factorization; the power series for one vector.
//!
//!     cargo bench --bench kernels
//!
//! Few samples each (the machine is shared); results in docs/performance.md.

use divan::Bencher;
use faer::Mat;
use mrio::model::{power_series, Factored, PowerOptions};

fn main() {
    divan::main();
}

/// A dense productive A: pseudo-random cells (fixed LCG), columns scaled to sum 0.5.
fn synthetic(n: usize) -> (Mat<f64>, Vec<String>) {
    let mut state = 42u64;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 11) as f64) / ((1u64 << 53) as f64)
    };
    let mut a = Mat::from_fn(n, n, |_, _| next());
    for j in 0..n {
        let s: f64 = (0..n).map(|i| a[(i, j)]).sum();
        for i in 0..n {
            a[(i, j)] *= 0.5 / s;
        }
    }
    let ids = (0..n).map(|i| format!("s{i}")).collect();
    (a, ids)
}

fn rhs(n: usize, k: usize) -> Mat<f64> {
    Mat::from_fn(n, k, |i, j| 1.0 + ((i * 7 + j * 13) % 11) as f64)
}

const SIZES: [usize; 3] = [500, 1000, 2000];

#[divan::bench(args = SIZES, sample_count = 3, sample_size = 1)]
fn lu(bencher: Bencher, n: usize) {
    let (a, ids) = synthetic(n);
    bencher.bench(|| Factored::identity_minus(a.as_ref(), &ids).unwrap());
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn one_solve(bencher: Bencher, n: usize) {
    let (a, ids) = synthetic(n);
    let lu = Factored::identity_minus(a.as_ref(), &ids).unwrap();
    let f = rhs(n, 1);
    bencher.bench(|| {
        let mut x = f.clone();
        lu.solve_in_place(x.as_mut()).unwrap();
        x
    });
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn solves_64(bencher: Bencher, n: usize) {
    let (a, ids) = synthetic(n);
    let lu = Factored::identity_minus(a.as_ref(), &ids).unwrap();
    let f = rhs(n, 64);
    bencher.bench(|| {
        let mut x = f.clone();
        lu.solve_in_place(x.as_mut()).unwrap();
        x
    });
}

#[divan::bench(args = SIZES, sample_count = 3, sample_size = 1)]
fn inverse(bencher: Bencher, n: usize) {
    let (a, ids) = synthetic(n);
    bencher.bench(|| {
        Factored::identity_minus(a.as_ref(), &ids)
            .unwrap()
            .inverse()
            .unwrap()
    });
}

/// 1000 demand vectors at n = 2000 after one factorization (issue 6 goal: < 1 s).
#[divan::bench(sample_count = 3, sample_size = 1)]
fn solves_1000_at_2000(bencher: Bencher) {
    let (a, ids) = synthetic(2000);
    let lu = Factored::identity_minus(a.as_ref(), &ids).unwrap();
    let f = rhs(2000, 1000);
    bencher.bench(|| {
        let mut x = f.clone();
        lu.solve_in_place(x.as_mut()).unwrap();
        x
    });
}

#[divan::bench(args = SIZES, sample_count = 3, sample_size = 1)]
fn power_series_one(bencher: Bencher, n: usize) {
    let (a, _) = synthetic(n);
    let f = rhs(n, 1);
    bencher.bench(|| power_series(a.as_ref(), f.as_ref(), PowerOptions::default()).unwrap());
}
