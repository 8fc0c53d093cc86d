//! `mrio ensemble`: byte-identical files across runs, thread counts and shard layouts;
//! a zero-width spec gives the point; one uncertain cell gives the percentiles of its
//! known distribution; bad specs are refused naming the line.

use std::path::{Path, PathBuf};
use std::process::Command;

fn mrio() -> Command {
    Command::new(env!("CARGO_BIN_EXE_mrio"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fresh(name: &str) -> PathBuf {
    let d = root().join("target/test-out/ensemble").join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The scenario of the docs' small ensemble (`docs/scenarios/toy-ensemble.toml`).
const SCENARIO: &str = include_str!("../docs/scenarios/toy-demand.toml");

/// A cell-noise spec on the toy two-city table (the docs' `toy-ensemble.toml` with
/// other `[cells]`).
fn toy_spec(dir: &Path, cells: &str) -> PathBuf {
    std::fs::write(dir.join("s.toml"), SCENARIO).unwrap();
    let spec = dir.join("e.toml");
    std::fs::write(
        &spec,
        format!(
            "table = \"{}\"\nscenarios = \"s.toml\"\n[groups]\nrest = []\n[cells]\n{cells}\n",
            root().join("tests/data/toy_two_city").display()
        ),
    )
    .unwrap();
    spec
}

fn ensemble(args: &[&str]) -> std::process::Output {
    let o = mrio().args(args).output().unwrap();
    assert!(
        o.status.success(),
        "mrio {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().to_string(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn identical_bytes_across_runs_threads_and_shards() {
    let d = fresh("identical");
    let spec = toy_spec(&d, "relative_sd = 0.2\nrebalance = true");
    let s = spec.to_str().unwrap();
    let run = |name: &str, threads: &str| {
        let out = d.join(name);
        ensemble(&[
            "--threads",
            threads,
            "ensemble",
            s,
            "--draws",
            "40",
            "--seed",
            "9",
            "--out",
            out.to_str().unwrap(),
        ]);
        files(&out)
    };
    let a = run("a", "1");
    assert_eq!(a.len(), 6);
    assert_eq!(a, run("b", "1"), "repeated run");
    assert_eq!(a, run("c", "2"), "--threads 2");
    for n in [1, 2, 4] {
        let mut parts = Vec::new();
        for k in 1..=n {
            let p = d.join(format!("shard{n}_{k}"));
            ensemble(&[
                "--threads",
                if k % 2 == 0 { "2" } else { "1" },
                "ensemble",
                s,
                "--draws",
                "40",
                "--seed",
                "9",
                "--shard",
                &format!("{k}/{n}"),
                "--out",
                p.to_str().unwrap(),
            ]);
            parts.push(p.to_str().unwrap().to_string());
        }
        // Any order of the partial folders.
        parts.reverse();
        let out = d.join(format!("merged{n}"));
        let mut args = vec!["ensemble", "merge"];
        args.extend(parts.iter().map(String::as_str));
        args.extend(["--out", out.to_str().unwrap()]);
        ensemble(&args);
        assert_eq!(a, files(&out), "{n} shards merged");
    }
    // Another seed gives other draws.
    let out = d.join("seed10");
    ensemble(&[
        "ensemble",
        s,
        "--draws",
        "40",
        "--seed",
        "10",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_ne!(a, files(&out));
}

#[test]
fn merge_refuses_missing_and_foreign_shards() {
    let d = fresh("merge_bad");
    let spec = toy_spec(&d, "relative_sd = 0.1");
    let s = spec.to_str().unwrap();
    let part = |k: u64, n: u64, seed: &str| {
        let p = d.join(format!("p{k}_{n}_{seed}"));
        ensemble(&[
            "ensemble",
            s,
            "--draws",
            "6",
            "--seed",
            seed,
            "--shard",
            &format!("{k}/{n}"),
            "--out",
            p.to_str().unwrap(),
        ]);
        p.to_str().unwrap().to_string()
    };
    let (a, b, c) = (part(1, 3, "1"), part(2, 3, "1"), part(3, 3, "2"));
    let out = d.join("out");
    let o = mrio()
        .args(["ensemble", "merge", &a, &b, "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("2 of 3 shards"));
    let o = mrio()
        .args([
            "ensemble",
            "merge",
            &a,
            &b,
            &c,
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("another run"));
    assert!(!out.exists(), "nothing written on errors");
}

fn read_csv(p: &Path) -> Vec<Vec<String>> {
    std::fs::read_to_string(p)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(String::from).collect())
        .collect()
}

#[test]
fn zero_width_gives_the_point() {
    let d = fresh("zero");
    let spec = toy_spec(&d, "relative_sd = 0.0\nrebalance = true");
    let out = d.join("out");
    ensemble(&[
        "ensemble",
        spec.to_str().unwrap(),
        "--draws",
        "10",
        "--out",
        out.to_str().unwrap(),
    ]);
    let rows = read_csv(&out.join("summary.csv"));
    // Per indicator (output, employment): the total, 2 regions, 4 (region, sector).
    assert_eq!(rows.len(), 2 * (1 + 2 + 4));
    for r in &rows {
        // point, mean, sd, p05, p50, p95
        assert_eq!(r[4], r[7], "{r:?}");
        assert_eq!(r[4], r[8], "{r:?}");
        assert_eq!(r[4], r[9], "{r:?}");
        assert_eq!(r[6], "0");
    }
    for r in read_csv(&out.join("shares.csv")) {
        assert_eq!(r[3], r[5]);
        assert_eq!(r[3], r[7]);
    }
}

/// Only cell (sector1, sector1) of Miller & Blair's table is uncertain (SD 30% of the
/// cell): its factor g is log-normal with σ² = ln(1.09), μ = −σ²/2, and the total output
/// of a final-demand shock rises monotonically with g, so the percentiles of the total
/// are the total at the percentiles of g.
#[test]
fn one_uncertain_cell_gives_its_known_percentiles() {
    let d = fresh("known");
    std::fs::write(
        d.join("s.toml"),
        "indicators = [\"output\"]\n[[scenario]]\nname = \"d\"\n[[scenario.shock]]\n\
         region = \"all\"\nsector = \"sector1\"\namount = 100\nunit = \"USD\"\n",
    )
    .unwrap();
    std::fs::write(
        d.join("sd.csv"),
        "id,sector1,sector2\nsector1,45,0\nsector2,0,0\n",
    )
    .unwrap();
    let spec = d.join("e.toml");
    std::fs::write(
        &spec,
        format!(
            "table = \"{}\"\nscenarios = \"s.toml\"\n[cells]\nsd = \"sd.csv\"\n",
            root().join("tables/mb2009_two_sector").display()
        ),
    )
    .unwrap();
    let out = d.join("out");
    let n = 4000;
    ensemble(&[
        "ensemble",
        spec.to_str().unwrap(),
        "--draws",
        &n.to_string(),
        "--seed",
        "3",
        "--out",
        out.to_str().unwrap(),
    ]);
    let rows = read_csv(&out.join("summary.csv"));
    let total = rows.iter().find(|r| r[1] == "total").unwrap();
    let get = |i: usize| total[i].parse::<f64>().unwrap();
    // Total output of f = (100, 0) with a11 = 0.15 g: x = L f; sum of x.
    let t = |g: f64| {
        let (a11, a12, a21, a22) = (0.15 * g, 0.25, 0.2, 0.05);
        let det = (1.0 - a11) * (1.0 - a22) - a12 * a21;
        100.0 * ((1.0 - a22) + a21) / det
    };
    let s2 = 1.09f64.ln();
    let (mu, s) = (-s2 / 2.0, s2.sqrt());
    for (col, z, p) in [(7, -1.6448536, 0.05), (8, 0.0, 0.5), (9, 1.6448536, 0.95)] {
        let want = t((mu + s * z).exp());
        // Sampling error of a quantile: sqrt(p(1-p)/n) / density; through the monotone
        // map, about 1.5% of the spread here; allow 4 standard errors.
        let q_lo = t((mu + s * (z - 4.0 * (p * (1.0 - p) / n as f64).sqrt() / pdf(z))).exp());
        let q_hi = t((mu + s * (z + 4.0 * (p * (1.0 - p) / n as f64).sqrt() / pdf(z))).exp());
        let got = get(col);
        assert!(
            q_lo <= got && got <= q_hi,
            "p{p}: got {got}, expected {want} within [{q_lo}, {q_hi}]"
        );
    }
    // The point is the table as given: M&B's x = L f for f = (100, 0).
    assert!((get(4) - t(1.0)).abs() < 1e-9 * t(1.0));
}

fn pdf(z: f64) -> f64 {
    (-z * z / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt()
}

#[test]
fn bad_specs_are_refused_naming_the_line() {
    let d = fresh("bad");
    std::fs::write(d.join("s.toml"), SCENARIO).unwrap();
    let cases = [
        (
            "table = \"x\"\nscenarios = \"s.toml\"\n[cells]\nrelative_sd = 0.1\nwhat = 1\n",
            "line 5",
        ),
        (
            "table = \"x\"\nscenarios = \"s.toml\"\n[cells]\nrelative_sd = -0.1\n",
            "expected a number from 0 to 2",
        ),
        (
            "recipe = \"r.toml\"\nscenarios = \"s.toml\"\n[[parameter]]\nkey = \"trade.gamma\"\n\
             distribution = \"triangular\"\nmin = 2\nmode = 1\nmax = 3\n",
            "line 5: mode = 1 must lie between",
        ),
        (
            "recipe = \"r.toml\"\nscenarios = \"s.toml\"\n[[parameter]]\nkey = \"trade.gamma\"\n\
             distribution = \"beta\"\n",
            "unknown distribution `beta`",
        ),
        (
            "scenarios = \"s.toml\"\n[cells]\nrelative_sd = 0.1\n",
            "needs `recipe",
        ),
    ];
    for (text, want) in cases {
        let spec = d.join("e.toml");
        std::fs::write(&spec, text).unwrap();
        let out = d.join("out");
        let o = mrio()
            .args([
                "ensemble",
                spec.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success(), "{text}");
        assert!(err.contains(want), "{text}\nwanted `{want}` in: {err}");
        assert!(!out.exists());
    }
}

#[test]
fn slurm_script_is_written_not_run() {
    let d = fresh("slurm");
    let spec = toy_spec(&d, "relative_sd = 0.1");
    let script = d.join("job.sh");
    ensemble(&[
        "ensemble",
        spec.to_str().unwrap(),
        "--draws",
        "100",
        "--shard",
        "1/4",
        "--slurm",
        script.to_str().unwrap(),
        "--out",
        d.join("res").to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&script).unwrap();
    assert!(text.contains("--array=1-4") && text.contains("afterok"));
    assert!(!d.join("res").exists());
}
