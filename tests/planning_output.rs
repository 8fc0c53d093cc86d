//! What a user sees of the planning parts of a scenario file: the report's section on
//! limits and enclave plants, and the enclave plants in CSV (`--by enclave`) and JSON.
//! On the toy two-city table: a 20 (100M CNY) plant in Baoji built by a Xi'an firm that
//! keeps 40% of its value added; the plant's value added is 0.30 x 20 = 6, so 2.4 goes
//! home and 3.6 stays in Baoji.

mod common;

use common::{mrio, root};
use std::path::PathBuf;

const TOY: &str = "tests/data/toy_two_city";

fn fresh(name: &str) -> PathBuf {
    let d = root().join("target/test-out/planning_output").join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// An enclave scenario and a local-plant scenario, a limit on Baoji's jobs that binds
/// (the plant alone brings more than 100 jobs) and one on Xi'an's output that does not.
const FILE: &str = r#"unit = "100M CNY"
indicators = ["output", "employment"]
[[scenario]]
name = "enclave"
[[scenario.shock]]
region = "BJ"
sector = "E"
kind = "enclave"
home = "XA"
home_share = 0.4
amount = 20
[[scenario]]
name = "local"
[[scenario.shock]]
region = "BJ"
sector = "E"
kind = "output"
amount = 20
[[limit]]
region = "BJ"
indicator = "employment"
cap = 100
[[limit]]
region = "XA"
indicator = "output"
cap = 1e6
"#;

fn scenario_file(dir: &std::path::Path, text: &str) -> String {
    let p = dir.join("plan.toml");
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

fn ok(args: &[&str]) -> String {
    let o = mrio(args);
    assert!(
        o.status.success(),
        "mrio {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

/// The cells of the Markdown table rows of `md` whose first cell is `first`.
fn md_rows<'a>(md: &'a str, first: &str) -> Vec<Vec<&'a str>> {
    md.lines()
        .filter(|l| l.starts_with('|'))
        .map(|l| {
            l.trim_matches('|')
                .split('|')
                .map(str::trim)
                .collect::<Vec<_>>()
        })
        .filter(|c| c[0] == first)
        .collect()
}

fn number(s: &str) -> f64 {
    s.replace(',', "").parse().unwrap_or_else(|_| panic!("{s}"))
}

#[test]
fn report_shows_the_limit_rows_the_binding_flag_and_the_enclave_split() {
    let d = fresh("report");
    let file = scenario_file(&d, FILE);
    let rep = d.join("rep");
    ok(&[
        "--quiet",
        "scenario",
        TOY,
        &file,
        "--report",
        rep.to_str().unwrap(),
    ]);
    let md = std::fs::read_to_string(rep.join("report.md")).unwrap();
    let start = md
        .find("## Limits, capacity and enclaves")
        .expect("planning section");
    let end = start + md[start..].find("\n## ").expect("next section after it");
    let sec = &md[start..end];
    // One limit row per scenario and limit, with its flag.
    let limits: Vec<_> = md_rows(sec, "enclave")
        .into_iter()
        .chain(md_rows(sec, "local"))
        .collect();
    assert_eq!(limits.len(), 4, "{sec}");
    for r in &limits {
        let (region, ind, binding) = (r[1], r[2], r[7]);
        let inc = number(r[4]);
        match (region, ind) {
            ("BJ", "employment") => assert!(inc > 100.0 && binding == "yes", "{r:?}"),
            ("XA", "output") => assert!(binding == "no", "{r:?}"),
            other => panic!("unexpected limit row {other:?}"),
        }
        // headroom = cap - increase, as printed (4 significant digits).
        let (cap, head) = (number(r[5]), number(r[6]));
        assert!(
            (head - (cap - inc)).abs() <= 1e-3 * cap.abs().max(1.0),
            "{r:?}"
        );
    }
    assert!(sec.contains("*BINDING: `enclave` BJ employment; `local` BJ employment*"));
    // Every note once (the section used to print each twice).
    assert_eq!(sec.matches("BINDING:").count(), 1, "{sec}");
    // The plant: value added 6, 40% = 2.4 home, 3.6 stays in the host.
    assert_eq!(
        md_rows(sec, "BJ_E"),
        vec![vec!["BJ_E", "XA", "BJ", "6.000", "40.00", "2.400", "3.600"]],
        "{sec}"
    );
    // The split: gained = produced, plus 2.4 at home and minus 2.4 in the host; the
    // totals agree (the split moves value added, it creates none).
    let split = &sec[sec
        .find("value added by place of production")
        .expect("split")..];
    let row = |r: &str| {
        let c = &md_rows(split, r)[0];
        (number(c[1]), number(c[2]))
    };
    let ((pxa, gxa), (pbj, gbj), (pt, gt)) = (row("XA"), row("BJ"), row("total"));
    assert!((gxa - pxa - 2.4).abs() < 2e-3, "XA {pxa} {gxa}");
    assert!((pbj - gbj - 2.4).abs() < 2e-3, "BJ {pbj} {gbj}");
    assert_eq!(pt, gt);
}

#[test]
fn enclave_plants_in_csv_and_json_carry_units() {
    let d = fresh("csv");
    let file = scenario_file(&d, FILE);
    let csv = ok(&[
        "--quiet", "scenario", TOY, &file, "--format", "csv", "--by", "enclave",
    ]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "scenario,plant,home,host,value added [100M CNY],home share [%],to home [100M CNY],\
         stays in host [100M CNY]"
    );
    // Only the enclave scenario has a plant row.
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 1, "{csv}");
    let r = &rows[0];
    assert_eq!(&r[..4], &["enclave", "BJ_E", "XA", "BJ"]);
    let v: Vec<f64> = r[4..].iter().map(|s| s.parse().unwrap()).collect();
    for (got, want) in v.iter().zip([6.0, 40.0, 2.4, 3.6]) {
        assert!((got - want).abs() < 1e-9, "{v:?}");
    }
    // --unit converts the money columns and leaves the share.
    let bn = ok(&[
        "--quiet", "scenario", TOY, &file, "--format", "csv", "--by", "enclave", "--unit", "bn CNY",
    ]);
    assert!(bn.starts_with("scenario,plant,home,host,value added [bn CNY],home share [%]"));
    let last = bn.lines().nth(1).unwrap();
    let v: Vec<f64> = last
        .split(',')
        .skip(4)
        .map(|s| s.parse().unwrap())
        .collect();
    for (got, want) in v.iter().zip([0.6, 40.0, 0.24, 0.36]) {
        assert!((got - want).abs() < 1e-12, "{bn}");
    }
    // JSON: the same frame with its units.
    let json = ok(&["--quiet", "scenario", TOY, &file, "--format", "json"]);
    let j: serde_json::Value = serde_json::from_str(&json).unwrap();
    let f = &j["enclave_enclave_plants"];
    assert_eq!(f["units"]["to home"], "100M CNY", "{f}");
    assert_eq!(f["units"]["home share"], "%");
    assert!((f["rows"][0]["to home"].as_f64().unwrap() - 2.4).abs() < 1e-9);
    assert!(
        j["enclave_enclave"]["rows"].is_array(),
        "split frame in {json}"
    );
}

#[test]
fn by_enclave_without_an_enclave_is_a_clear_error_and_no_output() {
    let d = fresh("none");
    let i = FILE.find("[[scenario]]\nname = \"local\"").unwrap();
    let file = scenario_file(&d, &format!("unit = \"100M CNY\"\n{}", &FILE[i..]));
    let o = mrio(&["scenario", TOY, &file, "--format", "csv", "--by", "enclave"]);
    assert!(!o.status.success());
    assert!(
        o.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("no scenario of the file has an enclave plant"),
        "{err}"
    );
}
