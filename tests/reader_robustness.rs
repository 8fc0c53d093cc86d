//! Library-level tests of the error handling fixed for issue 7: CSV prechecks
//! (quotes, encodings), alignment by label, exact productivity for reducible A,
//! overflowing solves, and TOML error positions.

use faer::mat;
use mrio::model::{check_productive, Leontief};
use mrio::table::csvio::LabeledMatrix;
use mrio::table::{parse_text_csv, read_table};
use mrio::Error;
use std::path::Path;

fn p() -> &'static Path {
    Path::new("t/Z.csv")
}

fn err_text(r: mrio::Result<impl std::fmt::Debug>) -> String {
    r.expect_err("expected an error").to_string()
}

#[test]
fn quotes_that_close_are_accepted() {
    // Escaped quotes inside a quoted label, a quoted number, CRLF line ends.
    let m = LabeledMatrix::from_bytes(
        p(),
        b"id,\"a \"\"x\"\"\",b\r\n\"r,1\",\"1.5\",2\r\nr2,3,4\r\n",
    )
    .unwrap();
    assert_eq!(m.col_labels, vec!["a \"x\"", "b"]);
    assert_eq!(m.row_labels, vec!["r,1", "r2"]);
    assert_eq!(m.data, vec![1.5, 2.0, 3.0, 4.0]);
    // A quote inside an unquoted field is literal (csv rules): a name like 12" pipes.
    let (_, rows) = parse_text_csv(p(), b"id,name\np,12\" pipes\nq,ok\n").unwrap();
    assert_eq!(rows[0].1[1], "12\" pipes");
}

#[test]
fn unterminated_quote_names_the_line_where_it_opens() {
    let e = err_text(LabeledMatrix::from_bytes(
        p(),
        b"id,a\nr1,1\nr2,\"2\nr3,3\nr4,4\n",
    ));
    assert!(e.starts_with("t/Z.csv:3: unterminated quote"), "{e}");
    // A quote closed by `""` escape only is still open.
    let e = err_text(parse_text_csv(p(), b"id,name\nq,\"ab\"\"\n"));
    assert!(e.starts_with("t/Z.csv:2: unterminated quote"), "{e}");
}

#[test]
fn bom_is_accepted_and_utf16_refused() {
    let plain = LabeledMatrix::from_bytes(p(), b"id,a\nr,1\n").unwrap();
    let bom = LabeledMatrix::from_bytes(p(), b"\xEF\xBB\xBFid,a\nr,1\n").unwrap();
    assert_eq!(
        (plain.corner, plain.col_labels, plain.data),
        (bom.corner, bom.col_labels, bom.data)
    );
    let utf16: Vec<u8> = "\u{FEFF}id,a\nr,1\n"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    let e = err_text(LabeledMatrix::from_bytes(p(), &utf16));
    assert!(e.contains(":1: file is UTF-16"), "{e}");
    let e = err_text(parse_text_csv(p(), &utf16));
    assert!(e.contains("UTF-16"), "{e}");
}

#[test]
fn non_utf8_cell_is_named_as_such() {
    let e = err_text(LabeledMatrix::from_bytes(p(), b"id,a\nr,1\xE9\n"));
    assert!(e.starts_with("t/Z.csv:2:2:"), "{e}");
    assert!(e.contains("not UTF-8"), "{e}");
}

#[test]
fn permuted_files_give_the_identical_table() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_inputs");
    let a = read_table(&root.join("_base/table")).unwrap();
    let b = read_table(&root.join("permuted_aligned/table")).unwrap();
    assert_eq!(a.index.ids(), b.index.ids());
    assert_eq!(a.x, b.x);
    assert_eq!(a.z, b.z);
    assert_eq!(a.y, b.y);
    assert_eq!(a.va, b.va);
    assert_eq!(a.va_labels, b.va_labels);
}

fn ids(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("s{i}")).collect()
}

#[test]
fn reducible_non_productive_is_refused() {
    // A closed loop s0 <-> s1 with coefficients 1.05 next to a sector with 0.1: rho = 1.05,
    // but the power-iteration bounds of a reducible matrix do not meet.
    let a = mat![[0.0, 1.05, 0.0], [1.05, 0.0, 0.0], [0.0, 0.0, 0.1]];
    match check_productive(a.as_ref(), &ids(3)) {
        Err(Error::NonProductive { rho, detail }) => {
            assert!(rho >= 1.0, "{rho}");
            assert!(
                detail.contains("`s0`") && detail.contains("`s1`"),
                "{detail}"
            );
        }
        other => panic!("expected NonProductive, got {other:?}"),
    }
    // rho exactly 1 (closed loop): refused as not productive, not as a vague singularity.
    let a = mat![[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 0.1]];
    assert!(matches!(
        check_productive(a.as_ref(), &ids(3)),
        Err(Error::NonProductive { .. })
    ));
}

#[test]
fn reducible_productive_with_a_column_sum_above_one_is_accepted() {
    // Column s2 sums to 1.1, yet rho(A) = max(rho of the s0/s1 block = 0.95, 0.1) = 0.95.
    let a = mat![[0.0, 0.95, 0.5], [0.95, 0.0, 0.5], [0.0, 0.0, 0.1]];
    check_productive(a.as_ref(), &ids(3)).unwrap();
    let m = Leontief::new(a, ids(3)).unwrap();
    let x = m.solve(&[1.0, 0.0, 0.0]).unwrap();
    // Identity: x = L f >= f >= 0 for a productive A >= 0, and (I - A) x = f.
    assert!(x.value.iter().all(|&v| v >= 0.0));
    assert!(x.value[0] >= 1.0);
    assert!(x.residual < 1e-12);
    // s0/s1 block: x0 = 1 / (1 - 0.95^2), x1 = 0.95 x0.
    assert!((x.value[0] - 1.0 / (1.0 - 0.9025)).abs() < 1e-9);
}

#[test]
fn overflowing_solve_is_an_error_not_inf() {
    let a = mat![[0.5, 0.0], [0.0, 0.5]];
    let m = Leontief::new(a, ids(2)).unwrap();
    let e = err_text(m.solve(&[1.7e308, 1.0]));
    assert!(e.contains("overflowed"), "{e}");
}

#[test]
fn toml_errors_name_the_line_and_key() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("toml_line");
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("table.toml");
    std::fs::write(&f, "name = \"x\"\n\n# comment\nyeer = 2017\n").unwrap();
    let e = err_text(mrio::table::read_meta(&f));
    assert!(e.contains("line 4: unknown field `yeer`"), "{e}");
    assert!(e.contains("(in `yeer = 2017`)"), "{e}");
}
