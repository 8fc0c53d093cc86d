//! Views at output time (docs/views.md): `--group` sums regions into groups without
//! touching the shock, `--region` / `--sector` filter rows, `--unit` converts money.

mod common;
use common::mrio;
use std::process::Output;

/// Long CSV rows of `mrio scenario ... --by region`: (region, indicator) -> total.
fn totals(extra: &[&str]) -> Vec<(String, String, f64)> {
    let mut args = vec![
        "scenario",
        "tables/cluster",
        "docs/scenarios/cluster-hightech.toml",
        "--format",
        "csv",
        "--by",
        "region",
    ];
    args.extend_from_slice(extra);
    let o = mrio(&args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut rd = csv::Reader::from_reader(&o.stdout[..]);
    let h = rd.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|c| c == n).unwrap();
    let (r, i, t) = (col("region"), col("indicator"), col("total"));
    rd.records()
        .map(|rec| {
            let rec = rec.unwrap();
            (
                rec[r].to_string(),
                rec[i].to_string(),
                rec[t].parse().unwrap(),
            )
        })
        .collect()
}

fn groups() -> Vec<(String, String)> {
    let mut rd = csv::Reader::from_path(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tables/cluster/regions_to_provinces.csv"),
    )
    .unwrap();
    rd.records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[1].to_string())
        })
        .collect()
}

#[test]
fn a_group_is_the_sum_of_its_regions_and_the_shock_is_unchanged() {
    let plain = totals(&[]);
    let grouped = totals(&["--group", "tables/cluster/regions_to_provinces.csv"]);
    let g = groups();
    let mut checked = 0;
    for (group, ind, total) in &grouped {
        let members: Vec<&String> = g
            .iter()
            .filter(|(_, to)| to == group)
            .map(|(r, _)| r)
            .collect();
        if members.is_empty() {
            continue;
        }
        let sum: f64 = plain
            .iter()
            .filter(|(r, i, _)| i == ind && members.contains(&r))
            .map(|(_, _, t)| t)
            .sum();
        assert!(
            (sum - total).abs() <= 1e-9 * sum.abs().max(1.0),
            "{group} {ind}: grouped {total} vs sum of members {sum}"
        );
        checked += 1;
    }
    assert!(checked >= 4, "only {checked} groups checked");
    // Whole-economy totals are the same with and without the view.
    for ind in ["output", "employment"] {
        let a: f64 = plain.iter().filter(|r| r.1 == ind).map(|r| r.2).sum();
        let b: f64 = grouped.iter().filter(|r| r.1 == ind).map(|r| r.2).sum();
        assert!((a - b).abs() <= 1e-9 * a.abs());
    }
    // The shock stays in its city: the shocks table is not grouped.
    let o = mrio(&[
        "scenario",
        "tables/cluster",
        "docs/scenarios/cluster-hightech.toml",
        "--group",
        "tables/cluster/regions_to_provinces.csv",
    ]);
    let text = String::from_utf8_lossy(&o.stdout);
    let shocks = text.split("\n\n").next().unwrap();
    let shocked_city = &g[0].0; // first region of the group file
    let group_of_it = &g[0].1;
    // The region column of the shock rows (the notes below the table name columns such
    // as `SHAANXI-R|households`, so whole words are compared).
    let words: Vec<&str> = shocks
        .lines()
        .filter(|l| l.starts_with("xian-hightech"))
        .flat_map(|l| l.split_whitespace())
        .collect();
    assert!(
        words.contains(&shocked_city.as_str()) && !words.contains(&group_of_it.as_str()),
        "{shocks}"
    );
}

#[test]
fn region_filter_keeps_rows_and_recomputes_the_total() {
    let args = [
        "solve",
        "tables/cluster",
        "--demand",
        "tests/data/cluster_demand.csv",
        "--format",
        "csv",
    ];
    let o = mrio(&args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let all = String::from_utf8_lossy(&o.stdout).to_string();
    // The second region of the table (never hard-coded).
    let region = all
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap().to_string())
        .find(|r| *r != all.lines().nth(1).unwrap().split(',').nth(1).unwrap())
        .unwrap();
    let mut with = args.to_vec();
    with.extend(["--region", region.as_str()]);
    let o = mrio(&with);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let f = String::from_utf8_lossy(&o.stdout).to_string();
    let rows: Vec<Vec<&str>> = f.lines().skip(1).map(|l| l.split(',').collect()).collect();
    assert!(rows.len() >= 2);
    let (body, total) = rows.split_at(rows.len() - 1);
    for r in body {
        assert_eq!(r[1], region, "{r:?}");
    }
    assert_eq!(total[0][1], "total");
    let sum: f64 = body.iter().map(|r| r[4].parse::<f64>().unwrap()).sum();
    let t: f64 = total[0][4].parse().unwrap();
    assert!((sum - t).abs() <= 1e-9 * t.abs(), "{sum} vs {t}");
    let mut bad = args.to_vec();
    bad.extend(["--region", "NOWHERE"]);
    let o = mrio(&bad);
    assert!(!o.status.success() && o.stdout.is_empty());
}

#[test]
fn unit_conversion_and_refusals() {
    let run = |unit: &str| {
        mrio(&[
            "solve",
            "tables/cluster",
            "--demand",
            "tests/data/cluster_demand.csv",
            "--format",
            "csv",
            "--unit",
            unit,
        ])
    };
    let base = mrio(&[
        "solve",
        "tables/cluster",
        "--demand",
        "tests/data/cluster_demand.csv",
        "--format",
        "csv",
    ]);
    assert!(
        base.status.success(),
        "{}",
        String::from_utf8_lossy(&base.stderr)
    );
    let bn = run("bn CNY");
    assert!(bn.status.success());
    let head = |o: &Output| {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .next()
            .unwrap()
            .to_string()
    };
    assert!(head(&base).contains("x [10k CNY]"), "{}", head(&base));
    assert!(head(&bn).contains("x [bn CNY]"), "{}", head(&bn));
    let last = |o: &Output| -> f64 {
        let t = String::from_utf8_lossy(&o.stdout).to_string();
        t.lines()
            .last()
            .unwrap()
            .rsplit(',')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    let (a, b) = (last(&base), last(&bn));
    assert!(
        (a * 1e-5 - b).abs() <= 1e-12 * a.abs(),
        "{a} 10k CNY vs {b} bn CNY"
    );
    let usd = run("M USD");
    assert!(!usd.status.success());
    assert!(String::from_utf8_lossy(&usd.stderr).contains("does not convert currencies"));
    assert!(usd.stdout.is_empty());
    let bad = run("furlongs");
    assert!(!bad.status.success());
}
