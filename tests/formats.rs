//! Readers of global MRIO releases and pymrio folders (`mrio convert --from`), on the
//! hand-written fixtures of tests/data/formats (make_fixtures.py; each in the layout of
//! the real release, and each read by pymrio 0.7 too, see docs/global-mrios.md).

use mrio::formats::{read, Format};
use std::path::{Path, PathBuf};
use std::process::Command;

fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/formats")
        .join(rel)
}

fn mrio(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_mrio"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

fn tmp(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("formats-{name}"));
    let _ = std::fs::remove_dir_all(&d);
    d
}

/// Convert with the CLI and require `mrio check` to call the result usable.
fn convert_and_check(src: &Path, from: &str, name: &str) -> PathBuf {
    let dst = tmp(name);
    let (ok, _, err) = mrio(&[
        "convert",
        src.to_str().unwrap(),
        dst.to_str().unwrap(),
        "--from",
        from,
    ]);
    assert!(ok, "convert failed: {err}");
    let (ok, out, err) = mrio(&["check", dst.to_str().unwrap()]);
    assert!(ok, "check failed: {err}");
    assert!(out.contains("verdict    usable"), "{out}");
    assert!(out.contains("max relative gap 0 (exact)"), "{out}");
    dst
}

#[test]
fn exiobase3_folder_reads_z_y_x_units_and_satellites_split_by_unit() {
    let (t, extras) = read(&data("exiobase3/IOT_2022_ixi"), Format::Exiobase3).unwrap();
    assert_eq!(t.len(), 6);
    assert_eq!(t.index.region_list(), ["AT", "DE", "WA"]);
    assert_eq!(
        t.index.ids()[1],
        "AT_Manufacture of motor vehicles, trailers and semi-trailers"
    );
    assert_eq!(t.unit(), "M.EUR");
    // x.txt is used as given, and equals Z 1 + Y 1 in the fixture.
    let row = |i: usize| {
        (0..6).map(|j| t.z[(i, j)]).sum::<f64>() + (0..6).map(|k| t.y[(i, k)]).sum::<f64>()
    };
    for i in 0..6 {
        assert_eq!(t.x[i], row(i));
    }
    // VA is the balancing row x - 1'Z.
    for j in 0..6 {
        let colsum: f64 = (0..6).map(|i| t.z[(i, j)]).sum();
        assert_eq!(t.va[(0, j)], t.x[j] - colsum);
    }
    // Three stressors in three units: three satellites, each with its unit.
    let names: Vec<&str> = t.satellites.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["satellite_1000_p", "satellite_kg", "satellite_TJ"]);
    assert_eq!(t.satellite_unit("satellite_kg"), "kg");
    assert_eq!(
        t.satellite("satellite_kg").unwrap().indicators,
        ["CO2 - combustion - air"]
    );
    // F row 2 of the fixture: (i + 1) * (j + 2) * 10 with i = 1.
    assert_eq!(t.satellite("satellite_kg").unwrap().values[(0, 3)], 100.0);
    // Final-demand columns carry their region explicitly.
    assert_eq!(
        t.y_labels[0],
        "AT_Final consumption expenditure by households"
    );
    assert_eq!(t.y_regions[5].as_deref(), Some("WA"));
    // F_Y kept, one per satellite.
    assert_eq!(extras.fd.len(), 3);
    assert_eq!(extras.fd[1].values[(0, 0)], 15.0);
    convert_and_check(&data("exiobase3/IOT_2022_ixi"), "exiobase3", "exio-ixi");
}

#[test]
fn exiobase3_zip_with_a_and_x_gives_the_same_table_as_the_folder() {
    let (folder, _) = read(&data("exiobase3/IOT_2022_ixi"), Format::Exiobase3).unwrap();
    let (zip, extras) = read(&data("exiobase3/IOT_2022_pxp.zip"), Format::Exiobase3).unwrap();
    assert_eq!(zip.index, folder.index);
    for i in 0..6 {
        for j in 0..6 {
            let (a, b) = (zip.z[(i, j)], folder.z[(i, j)]);
            assert!((a - b).abs() <= 1e-12 * b.abs(), "Z[{i},{j}] {a} vs {b}");
        }
    }
    assert_eq!(zip.y, folder.y);
    // F_hh (the pre-3.7 name) is read as F_Y.
    assert_eq!(extras.fd.len(), 3);
    convert_and_check(&data("exiobase3/IOT_2022_pxp.zip"), "exiobase3", "exio-zip");
}

/// The raw cells of an ICIO CSV: (row code, column code) -> value.
fn raw(path: &Path) -> std::collections::HashMap<(String, String), f64> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let mut out = std::collections::HashMap::new();
    for l in lines {
        let cells: Vec<&str> = l.split(',').collect();
        for (j, c) in cells.iter().enumerate().skip(1) {
            out.insert(
                (cells[0].to_string(), header[j].to_string()),
                c.parse().unwrap(),
            );
        }
    }
    out
}

#[test]
fn oecd_2021_layout_folds_cn_and_mx_splits_into_chn_and_mex() {
    let path = data("oecd/ICIO2021_2018.csv");
    let (t, _) = read(&path, Format::OecdIcio).unwrap();
    assert_eq!(t.index.region_list(), ["AUS", "CHN", "MEX", "ROW"]);
    assert_eq!(t.va_labels, ["TAXSUB", "VALU"]);
    assert_eq!(t.unit(), "million USD");
    assert_eq!(t.meta.year, Some(2018));
    let r = raw(&path);
    let chn = t.index.position("CHN_D01T02").unwrap();
    let aus = t.index.position("AUS_D05T06").unwrap();
    let v = |a: &str, b: &str| r[&(a.to_string(), b.to_string())];
    // Row CHN = CHN + CN1 + CN2; column CHN likewise.
    let want = v("CHN_D01T02", "AUS_D05T06")
        + v("CN1_D01T02", "AUS_D05T06")
        + v("CN2_D01T02", "AUS_D05T06");
    assert_eq!(t.z[(chn, aus)], want);
    let want = v("AUS_D05T06", "CHN_D01T02")
        + v("AUS_D05T06", "CN1_D01T02")
        + v("AUS_D05T06", "CN2_D01T02");
    assert_eq!(t.z[(aus, chn)], want);
    // x from the TOTAL column, folded the same way.
    assert_eq!(
        t.x[chn],
        v("CHN_D01T02", "TOTAL") + v("CN1_D01T02", "TOTAL") + v("CN2_D01T02", "TOTAL")
    );
    // Total output 9831, as pymrio's parse_oecd gives on the same file.
    assert_eq!(t.x.iter().sum::<f64>(), 9831.0);
    convert_and_check(&path, "oecd-icio", "oecd2021");
}

#[test]
fn oecd_2023_layout_reads_tls_va_and_the_out_totals() {
    let path = data("oecd/2019_SML.csv");
    let (t, _) = read(&path, Format::OecdIcio).unwrap();
    assert_eq!(t.len(), 8);
    assert_eq!(t.va_labels, ["TLS", "VA"]);
    // Industry codes with an underscore stay whole.
    assert_eq!(t.index.sectors()[0], "A01_02");
    assert_eq!(t.y_labels[0], "AUS_HFCE");
    assert_eq!(t.y_regions[6].as_deref(), Some("CHN"));
    assert_eq!(t.meta.year, Some(2019));
    // Total output 8048, as pymrio's parse_oecd gives on the same file.
    assert_eq!(t.x.iter().sum::<f64>(), 8048.0);
    convert_and_check(&path, "oecd-icio", "oecd2023");
}

#[test]
fn pymrio_csv_folder_reads_and_round_trips_through_to_pymrio() {
    let src = data("pymrio_csv");
    let (t, extras) = read(&src, Format::Pymrio).unwrap();
    assert_eq!(t.index.ids()[1], "north_machinery, equipment");
    assert_eq!(t.satellites[0].indicators, ["CO2|air", "N|water"]);
    assert_eq!(extras.levels["emissions"], ["stressor", "compartment"]);
    assert_eq!(t.x_source, mrio::table::OutputSource::RowTotals);
    let table = convert_and_check(&src, "pymrio", "pymrio-csv");
    let back = tmp("pymrio-back");
    let (ok, _, err) = mrio(&[
        "convert",
        table.to_str().unwrap(),
        back.to_str().unwrap(),
        "--to",
        "pymrio",
    ]);
    assert!(ok, "{err}");
    let (t2, extras2) = read(&back, Format::Pymrio).unwrap();
    assert_eq!(t2.index, t.index);
    assert_eq!(t2.z, t.z);
    assert_eq!(t2.y, t.y);
    assert_eq!(t2.y_labels, t.y_labels);
    assert_eq!(t2.satellites[0].values, t.satellites[0].values);
    assert_eq!(t2.satellites[0].indicators, t.satellites[0].indicators);
    assert_eq!(extras2.fd[0].values, extras.fd[0].values);
    assert_eq!(extras2.levels, extras.levels);
}

#[test]
fn mrio_table_to_pymrio_writes_primary_inputs_as_factor_inputs() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tables/toy_two_region");
    let out = tmp("toy-pymrio");
    let (ok, _, err) = mrio(&[
        "convert",
        src.to_str().unwrap(),
        out.to_str().unwrap(),
        "--to",
        "pymrio",
    ]);
    assert!(ok, "{err}");
    let (t, _) = read(&out, Format::Pymrio).unwrap();
    let orig = mrio::table::read_table(&src).unwrap();
    assert_eq!(t.z, orig.z);
    assert_eq!(t.unit(), "100 million CNY");
    let fi = t
        .satellite("factor_inputs")
        .expect("VA written as factor_inputs");
    assert_eq!(fi.indicators, orig.va_labels);
    assert_eq!(fi.values, orig.va);
}

#[test]
fn bad_sources_fail_naming_the_file_and_what_was_expected() {
    let d = tmp("bad");
    std::fs::create_dir_all(&d).unwrap();
    let e = read(&d, Format::Pymrio).unwrap_err().to_string();
    assert!(e.contains("file_parameters.json"), "{e}");
    let csv = d.join("ICIO2023_2020.csv");
    std::fs::write(
        &csv,
        "V1,AUS_A01,AUS_HFCE,OUT\nAUS_A01,1,2,3\nBOGUS,1,1,2\nOUT,3,2,5\n",
    )
    .unwrap();
    let e = read(&csv, Format::OecdIcio).unwrap_err().to_string();
    assert!(e.contains(":3:") && e.contains("row `BOGUS`"), "{e}");
    std::fs::write(&csv, "V1,AUS_A01,AUS_HFCE,OUT\nAUS_A01,1,x,3\nVA,1,1,2\n").unwrap();
    let e = read(&csv, Format::OecdIcio).unwrap_err().to_string();
    assert!(e.contains(":2:3:") && e.contains("`x`"), "{e}");
    let out = tmp("bad-out");
    let (ok, _, err) = mrio(&[
        "convert",
        csv.to_str().unwrap(),
        out.to_str().unwrap(),
        "--from",
        "oecd-icio",
    ]);
    assert!(!ok && err.contains("error:"), "{err}");
    assert!(!out.exists(), "no partial output");
}
