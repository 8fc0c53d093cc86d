//! Reproducibility: the same inputs give bit-identical results on every run with the
//! same thread count, and results within 1e-12 (relative) across 1 and 2 threads.
//!
//! `mrio::set_threads` sets a process-wide setting, so this file holds one test that
//! changes it (tests in one binary run in parallel).

use faer::Mat;
use mrio::model::{Leontief, ZeroOutput};
use std::path::Path;
use std::process::Command;

/// A small deterministic generator (64-bit LCG, Knuth's MMIX constants), values in [0, 1).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A dense productive flow table of size n: Z with about 30% non-zero cells, output x
/// with column sums of A = Z x^-1 between 0.3 and 0.7.
fn flows(n: usize) -> (Mat<f64>, Vec<f64>, Vec<String>) {
    let mut g = Lcg(20_261_125);
    let mut z = Mat::<f64>::from_fn(n, n, |_, _| {
        let u = g.next();
        if u < 0.3 {
            1.0 + 1000.0 * g.next()
        } else {
            0.0
        }
    });
    let x: Vec<f64> = (0..n)
        .map(|j| {
            let col: f64 = (0..n).map(|i| z[(i, j)]).sum();
            col / (0.3 + 0.4 * g.next())
        })
        .collect();
    // One sector in a nearly closed loop, so the condition number is not trivial.
    z[(0, 1)] += 0.2 * x[1];
    let ids = (0..n).map(|i| format!("s{i}")).collect();
    (z, x, ids)
}

/// Everything compared: a solve, a batch, multipliers, L (flattened), the condition estimate.
fn results(z: &Mat<f64>, x: &[f64], ids: &[String]) -> Vec<Vec<f64>> {
    let n = x.len();
    let a = mrio::model::technical_coefficients(z.as_ref(), x, ids, ZeroOutput::Inert).unwrap();
    let model = Leontief::new(a, ids.to_vec()).unwrap();
    let mut g = Lcg(7);
    let f: Vec<f64> = (0..n).map(|_| 100.0 * g.next()).collect();
    let batch = Mat::<f64>::from_fn(n, 3, |_, _| g.next());
    let solved = model.solve(&f).unwrap();
    assert!(solved.residual < 1e-12, "residual {}", solved.residual);
    let xb = model.solve_batch(batch.as_ref()).unwrap().value;
    let mult = model.output_multipliers().unwrap().value;
    let l = model.inverse().unwrap().value;
    let flat = |m: &Mat<f64>| {
        (0..m.ncols())
            .flat_map(|j| (0..m.nrows()).map(move |i| (i, j)))
            .map(|(i, j)| m[(i, j)])
            .collect::<Vec<f64>>()
    };
    vec![
        solved.value,
        flat(&xb),
        mult,
        flat(&l),
        vec![model.condition_estimate()],
    ]
}

fn max_rel_diff(a: &[Vec<f64>], b: &[Vec<f64>]) -> f64 {
    a.iter()
        .zip(b)
        .flat_map(|(u, v)| {
            assert_eq!(u.len(), v.len());
            let scale = u.iter().fold(0.0f64, |m, x| m.max(x.abs())).max(1e-300);
            u.iter().zip(v).map(move |(p, q)| (p - q).abs() / scale)
        })
        .fold(0.0, f64::max)
}

#[test]
fn identical_across_runs_and_within_1e_12_across_threads() {
    // n > 1000: above the size where mrio switches from sequential to the global
    // parallelism (model::par_for), so the thread count really changes the kernels.
    let n = 1100;
    let (z, x, ids) = flows(n);

    mrio::set_threads(1);
    let one_a = results(&z, &x, &ids);
    let one_b = results(&z, &x, &ids);
    mrio::set_threads(2);
    let two_a = results(&z, &x, &ids);
    let two_b = results(&z, &x, &ids);
    mrio::set_threads(0);

    assert_eq!(one_a, one_b, "1 thread: two runs differ");
    assert_eq!(two_a, two_b, "2 threads: two runs differ");
    let d = max_rel_diff(&one_a, &two_a);
    println!("max relative difference between 1 and 2 threads: {d:e}");
    assert!(d <= 1e-12, "1 vs 2 threads differ by {d:e}");
}

/// The CLI gives byte-identical output across runs and thread counts (written files
/// included).
#[test]
fn cli_output_identical_across_runs_and_threads() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let table = root.join("tables/mb2009_two_sector");
    let demand = table.join("examples/f_new.csv");
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR")).join("determinism");
    let mut outputs = Vec::new();
    for (k, threads) in ["1", "2", "1", "2"].iter().enumerate() {
        let out = tmp.join(format!("run{k}"));
        let _ = std::fs::remove_dir_all(&out);
        let run = |args: &[&str]| {
            let o = Command::new(env!("CARGO_BIN_EXE_mrio"))
                .args(["--threads", threads])
                .args(args)
                .output()
                .unwrap();
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            o.stdout
        };
        let solve = run(&[
            "solve",
            table.to_str().unwrap(),
            "--demand",
            demand.to_str().unwrap(),
            "--format",
            "csv",
        ]);
        run(&[
            "calc",
            table.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--only",
            "x,A,L,B,G",
        ]);
        let files: Vec<Vec<u8>> = ["x", "A", "L", "B", "G", "units"]
            .iter()
            .map(|f| std::fs::read(out.join(format!("{f}.csv"))).unwrap())
            .collect();
        outputs.push((solve, files));
    }
    for o in &outputs[1..] {
        assert!(*o == outputs[0], "CLI output differs between runs");
    }
}
