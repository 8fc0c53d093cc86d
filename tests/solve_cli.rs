//! `mrio solve` with several demand columns is one multi-column solve whose columns equal
//! the one-vector solves.

use std::process::Command;

fn solve_csv(demand: &str) -> Vec<Vec<String>> {
    let dir = std::env::temp_dir().join(format!("mrio-solve-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{}.csv", demand.len()));
    std::fs::write(&path, demand).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_mrio"))
        .args([
            "solve",
            "tables/toy_two_region",
            "--format",
            "csv",
            "--demand",
        ])
        .arg(&path)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| l.split(',').map(|s| s.to_string()).collect())
        .collect()
}

#[test]
fn batch_columns_equal_single_solves() {
    let batch = solve_csv("id,a,b\nXIAN_equip,10,0\nBAOJI_serv,0,5\n");
    let names = |h: &[String]| -> Vec<String> {
        h.iter()
            .map(|c| c.split(" [").next().unwrap().to_string())
            .collect()
    };
    assert_eq!(names(&batch[0]), ["id", "region", "sector", "x_a", "x_b"]);
    // Units are in the headers; the last row is the total.
    assert!(batch[0][3].ends_with(']'), "{:?}", batch[0]);
    assert_eq!(batch.last().unwrap()[1], "total");
    let a = solve_csv("id,value\nXIAN_equip,10\n");
    let b = solve_csv("id,value\nBAOJI_serv,5\n");
    assert_eq!(names(&a[0]), ["id", "region", "sector", "demand", "x"]);
    for i in 1..batch.len() {
        let xa: f64 = a[i][4].parse().unwrap();
        let xb: f64 = b[i][4].parse().unwrap();
        let ba: f64 = batch[i][3].parse().unwrap();
        let bb: f64 = batch[i][4].parse().unwrap();
        assert!((xa - ba).abs() <= 1e-12 * xa.abs().max(1.0), "{xa} vs {ba}");
        assert!((xb - bb).abs() <= 1e-12 * xb.abs().max(1.0), "{xb} vs {bb}");
    }
}
