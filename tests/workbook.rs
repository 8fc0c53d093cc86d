//! A table as one workbook (docs/excel.md): `mrio convert TABLE BOOK.xlsx` writes it,
//! every command reads it like the folder, bit for bit; bad workbooks are refused
//! naming the sheet and cell.

mod common;
use common::mrio;
use mrio::table::book::{cell_ref, read_book, write_book};
use mrio::table::read_table;
use mrio::IoTable;
use std::path::{Path, PathBuf};

fn tmp(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/tmp/workbook")
        .join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn bits(m: faer::MatRef<'_, f64>) -> Vec<u64> {
    (0..m.ncols())
        .flat_map(|j| (0..m.nrows()).map(move |i| m[(i, j)].to_bits()))
        .collect()
}

/// Every number and label of `b` is `a`'s, bit for bit.
fn assert_identical(a: &IoTable, b: &IoTable) {
    assert_eq!(a.index.ids(), b.index.ids());
    assert_eq!(a.index.region_list(), b.index.region_list());
    assert_eq!(a.index.sector_list(), b.index.sector_list());
    assert_eq!(a.index.extra(), b.index.extra());
    assert_eq!(bits(a.z.as_ref()), bits(b.z.as_ref()), "Z");
    assert_eq!(bits(a.y.as_ref()), bits(b.y.as_ref()), "Y");
    assert_eq!(bits(a.va.as_ref()), bits(b.va.as_ref()), "VA");
    let xb = |t: &IoTable| t.x.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
    assert_eq!(xb(a), xb(b), "x");
    assert_eq!((&a.y_labels, &a.va_labels), (&b.y_labels, &b.va_labels));
    assert_eq!(a.y_regions, b.y_regions);
    assert_eq!(a.meta, b.meta);
    assert_eq!(a.satellites.len(), b.satellites.len());
    for (s, t) in a.satellites.iter().zip(&b.satellites) {
        assert_eq!((&s.name, &s.indicators), (&t.name, &t.indicators));
        assert_eq!(
            bits(s.values.as_ref()),
            bits(t.values.as_ref()),
            "{}",
            s.name
        );
    }
}

#[test]
fn table_to_workbook_to_table_is_bit_for_bit() {
    let d = tmp("roundtrip");
    for name in ["toy_two_region", "cluster"] {
        let folder = read_table(&Path::new("tables").join(name)).unwrap();
        let book = d.join(format!("{name}.xlsx"));
        write_book(&folder, &book).unwrap();
        assert_identical(&folder, &read_book(&book).unwrap());
        // The one table reader takes the workbook too.
        assert_identical(&folder, &read_table(&book).unwrap());
    }
    // Numbers an economist's table never has but a f64 can: every bit must survive.
    let mut t = read_table(Path::new("tables/toy_two_region")).unwrap();
    let odd = [
        0.1 + 0.2,
        1.0 / 3.0,
        1e-300,
        5e-324,
        1.7976931348623157e308,
        -0.0,
    ];
    for (k, v) in odd.iter().enumerate() {
        t.y[(k % 4, 0)] = *v;
    }
    write_book(&t, &d.join("odd.xlsx")).unwrap();
    let back = read_book(&d.join("odd.xlsx")).unwrap();
    assert_eq!(bits(t.y.as_ref()), bits(back.y.as_ref()));
}

#[test]
fn convert_writes_a_workbook_and_calc_reads_it_like_the_folder() {
    let d = tmp("calc");
    let book = d.join("cluster.xlsx");
    let b = book.to_str().unwrap();
    let o = mrio(&["convert", "tables/cluster", b]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("one workbook"));
    // A second convert onto it needs --force.
    let o = mrio(&["convert", "tables/cluster", b]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--force"));
    let (a, w) = (d.join("folder"), d.join("book"));
    for (src, out) in [("tables/cluster", &a), (b, &w)] {
        let only = "x,A,L,S,M,D_cba,D_pba";
        let o = mrio(&["calc", src, "--out", out.to_str().unwrap(), "--only", only]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let files = csv_files(&a, Path::new(""));
    assert!(files.len() >= 8, "{files:?}"); // x, A, L, units and per satellite S, M, D_*
    assert_eq!(files, csv_files(&w, Path::new("")));
    for f in &files {
        let (x, y) = (
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(w.join(f)).unwrap(),
        );
        assert!(x == y, "{f:?} differs between folder and workbook");
    }
    // And back to a folder: the same files as the original's.
    let back = d.join("back");
    let o = mrio(&["convert", b, back.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let orig = read_table(Path::new("tables/cluster")).unwrap();
    assert_identical(&orig, &read_table(&back).unwrap());
}

/// The CSV files under `dir` (relative paths, sorted).
fn csv_files(dir: &Path, rel: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir.join(rel)).unwrap() {
        let r = rel.join(e.unwrap().file_name());
        if dir.join(&r).is_dir() {
            out.extend(csv_files(dir, &r));
        } else if r.extension().is_some_and(|x| x == "csv") {
            out.push(r);
        }
    }
    out.sort();
    out
}

/// A workbook of the toy table written by hand (rust_xlsxwriter), with `edit` applied
/// to the sheets' cells first: numbers as numbers, the rest as text.
fn hand_book(path: &Path, edit: &dyn Fn(&str, &mut Vec<Vec<String>>)) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tables/toy_two_region");
    let mut wb = rust_xlsxwriter::Workbook::new();
    for sheet in ["index", "Z", "Y", "VA", "x", "employment"] {
        let mut rd = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_path(dir.join(format!("{sheet}.csv")))
            .unwrap();
        let mut cells: Vec<Vec<String>> = rd
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        edit(sheet, &mut cells);
        if cells.is_empty() {
            continue; // the edit removed the sheet
        }
        let ws = wb.add_worksheet().set_name(sheet).unwrap();
        for (r, row) in cells.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match v.parse::<f64>() {
                    Ok(n) if r > 0 && c > 0 && sheet != "index" => ws.write_number(r, c, n),
                    _ => ws.write_string(r, c, v),
                }
                .unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}

fn refused(book: &Path, fragments: &[&str]) {
    let o = mrio(&["multipliers", book.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    for f in fragments {
        assert!(err.contains(f), "stderr lacks `{f}`:\n{err}");
    }
}

#[test]
fn bad_workbooks_are_refused_naming_the_sheet_and_cell() {
    let d = tmp("bad");
    // The hand-written book is a good table (the checks below are not vacuous).
    let good = d.join("good.xlsx");
    hand_book(&good, &|_, _| {});
    let folder = read_table(Path::new("tables/toy_two_region")).unwrap();
    let mut expected = folder.clone();
    expected.meta = Default::default(); // no meta sheet
    assert_identical(&expected, &read_table(&good).unwrap());

    let text = d.join("text.xlsx");
    hand_book(&text, &|s, c| {
        if s == "Z" {
            c[3][2] = "abc".into(); // cell C4
        }
    });
    refused(
        &text,
        &["sheet Z, cell C4: expected a number, found text \"abc\""],
    );

    let empty = d.join("empty_cell.xlsx");
    hand_book(&empty, &|s, c| {
        if s == "VA" {
            c[1][2] = String::new();
        }
    });
    refused(
        &empty,
        &["sheet VA, cell C2: expected a number, found an empty cell"],
    );

    let missing = d.join("missing.xlsx");
    hand_book(&missing, &|s, c| {
        if s == "Y" {
            c.clear();
        }
    });
    refused(
        &missing,
        &["missing.xlsx: no sheet `Y`", "index, Z, VA, x, employment"],
    );

    let label = d.join("label.xlsx");
    hand_book(&label, &|s, c| {
        if s == "Z" {
            c[0][2] = "XIAN_service".into();
        }
    });
    refused(
        &label,
        &[
            "label.xlsx, sheet Z: row 1, column 3",
            "`XIAN_service`",
            "ids of sheet index",
        ],
    );

    let dup = d.join("dup.xlsx");
    hand_book(&dup, &|s, c| {
        if s == "index" {
            c[3][0] = "XIAN_serv".into();
        }
    });
    refused(
        &dup,
        &["dup.xlsx, sheet index", "row 4", "duplicate id `XIAN_serv`"],
    );

    let notzip = d.join("notzip.xlsx");
    std::fs::write(&notzip, "id,x\nA,1\n").unwrap();
    refused(&notzip, &["notzip.xlsx", "not an Excel workbook"]);
}

#[test]
fn cell_references_are_excel_s() {
    assert_eq!(cell_ref(0, 0), "A1");
    assert_eq!(cell_ref(6, 2), "C7");
    assert_eq!(cell_ref(0, 25), "Z1");
    assert_eq!(cell_ref(9, 26), "AA10");
    assert_eq!(cell_ref(0, 16_383), "XFD1"); // Excel's last column
}

#[test]
fn check_of_a_workbook_names_its_sheet_not_a_csv_file() {
    let d = tmp("check");
    let book = d.join("toy.xlsx");
    write_book(
        &read_table(Path::new("tables/toy_two_region")).unwrap(),
        &book,
    )
    .unwrap();
    let o = mrio(&["check", book.to_str().unwrap()]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{out}");
    let line = out.lines().find(|l| l.starts_with("output")).unwrap();
    assert_eq!(line, "output     sheet x", "{out}");
    assert!(!out.contains(".csv"), "{out}");
    // The folder still says x.csv.
    let o = mrio(&["check", "tables/toy_two_region"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("output     x.csv"));
}
