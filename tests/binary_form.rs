//! The binary (.npy) table form: lossless round trip, numpy-compatible header, and
//! clear errors for files it cannot read.

use mrio::table::npy::{npy_bytes, read_npy};
use mrio::table::{read_table, write_table_as, Form};
use std::path::{Path, PathBuf};

fn tmp(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&d);
    d
}

#[test]
fn csv_to_npy_and_back_is_lossless() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pymrio_test");
    let t = read_table(&src).unwrap();
    let bin = tmp("bin_roundtrip");
    write_table_as(&t, &bin, Form::Npy).unwrap();
    assert_eq!(Form::of(&bin), Form::Npy);
    let b = read_table(&bin).unwrap();
    assert_eq!(b.index, t.index);
    assert_eq!(b.y_labels, t.y_labels);
    assert_eq!(b.va_labels, t.va_labels);
    assert_eq!(b.x, t.x);
    assert_eq!(b.meta, t.meta);
    assert_eq!(b.z, t.z, "Z must round-trip bit for bit");
    assert_eq!(b.y, t.y);
    assert_eq!(b.va, t.va);
    assert_eq!(b.satellites.len(), 1);
    assert_eq!(b.satellites[0].indicators, t.satellites[0].indicators);
    assert_eq!(b.satellites[0].values, t.satellites[0].values);
    // And back to CSV: same numbers again.
    let csv = tmp("bin_roundtrip_csv");
    write_table_as(&b, &csv, Form::Csv).unwrap();
    let c = read_table(&csv).unwrap();
    assert_eq!(c.z, t.z);
    // A folder holds one form.
    let err = write_table_as(&b, &csv, Form::Npy).unwrap_err();
    assert!(err.to_string().contains("holds Z.csv"), "{err}");
}

#[test]
fn npy_header_is_what_numpy_writes() {
    let m = faer::mat![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
    let b = npy_bytes(m.as_ref(), false);
    assert_eq!(&b[..8], b"\x93NUMPY\x01\x00");
    let hlen = u16::from_le_bytes([b[8], b[9]]) as usize;
    assert_eq!(
        (10 + hlen) % 64,
        0,
        "data aligned to 64 bytes as numpy does"
    );
    let h = std::str::from_utf8(&b[10..10 + hlen]).unwrap();
    assert!(h.starts_with("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }"));
    assert!(h.ends_with('\n'));
    // Column-major data: 1, 4, 2, 5, 3, 6.
    let first: Vec<f64> = b[10 + hlen..]
        .chunks_exact(8)
        .map(|c| f64::from_le_bytes(c.try_into().unwrap()))
        .collect();
    assert_eq!(first, [1.0, 4.0, 2.0, 5.0, 3.0, 6.0]);
}

#[test]
fn c_order_files_from_numpy_are_read() {
    // What np.save(p, np.array([[1., 2., 3.], [4., 5., 6.]])) writes (C order).
    let mut header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }".to_string();
    while (10 + header.len() + 1) % 64 != 0 {
        header.push(' ');
    }
    header.push('\n');
    let mut b = b"\x93NUMPY\x01\x00".to_vec();
    b.extend_from_slice(&(header.len() as u16).to_le_bytes());
    b.extend_from_slice(header.as_bytes());
    for v in [1.0f64, 2.0, 3.0, 4.0, 5.0, 6.0] {
        b.extend_from_slice(&v.to_le_bytes());
    }
    let d = tmp("c_order");
    std::fs::create_dir_all(&d).unwrap();
    let p = d.join("m.npy");
    std::fs::write(&p, &b).unwrap();
    let m = read_npy(&p).unwrap();
    assert_eq!(m, faer::mat![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]);
}

#[test]
fn unreadable_npy_files_get_clear_errors() {
    let d = tmp("bad_npy");
    std::fs::create_dir_all(&d).unwrap();
    let m = faer::mat![[1.0, 2.0], [3.0, 4.0]];
    let good = npy_bytes(m.as_ref(), false);
    let p = d.join("trunc.npy");
    std::fs::write(&p, &good[..good.len() - 3]).unwrap();
    let e = read_npy(&p).unwrap_err().to_string();
    assert!(e.contains("trunc.npy") && e.contains("truncated"), "{e}");
    let p = d.join("f4.npy");
    let mut f4 = good.clone();
    let at = f4.windows(3).position(|w| w == b"<f8").unwrap();
    f4[at + 2] = b'4';
    std::fs::write(&p, &f4).unwrap();
    let e = read_npy(&p).unwrap_err().to_string();
    assert!(e.contains("dtype `<f4`") && e.contains("float64"), "{e}");
    let p = d.join("text.npy");
    std::fs::write(&p, b"id,a\nx,1\n").unwrap();
    let e = read_npy(&p).unwrap_err().to_string();
    assert!(e.contains("not a .npy file"), "{e}");
    // A NaN in Z names the cell by its labels.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/mrio_small");
    let mut t = read_table(&src).unwrap();
    t.z[(1, 2)] = f64::NAN;
    let bin = tmp("bad_npy_nan");
    write_table_as(&t, &bin, Form::Npy).unwrap();
    let e = read_table(&bin).unwrap_err().to_string();
    assert!(
        e.contains("Z.npy") && e.contains("row `R00_s001`, column `R00_s002`"),
        "{e}"
    );
}
