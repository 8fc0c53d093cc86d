//! The lean model of `mrio calc` (Z moved into the model, A formed only inside the
//! factorization buffer, residuals from Z and x) gives the results of the standard
//! model, which keeps A.

use mrio::calc::{compute, compute_mapped, compute_owned, Output};
use std::path::Path;

mod common;
use common::csv_values;

fn same_results(table_dir: &str) {
    let t =
        mrio::table::read_table(&Path::new(env!("CARGO_MANIFEST_DIR")).join(table_dir)).unwrap();
    let only = [
        Output::X,
        Output::S,
        Output::M,
        Output::DCba,
        Output::DPba,
        Output::DImp,
        Output::DExp,
    ];
    let full = compute(&t, Default::default(), &only).unwrap();
    let lean = compute_owned(t.clone(), Default::default(), &only, &|_| {}).unwrap();
    assert_eq!(full.files.len(), lean.files.len());
    for ((na, a, ua), (nb, b, ub)) in full.files.iter().zip(&lean.files) {
        assert_eq!((na, ua), (nb, ub));
        let (a, b) = (csv_values(a), csv_values(b));
        let scale = a.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        for (x, y) in a.iter().zip(&b) {
            assert!((x - y).abs() <= 1e-13 * scale, "{na}: {x} vs {y}");
        }
    }
    // The residuals are computed from Z and x, and are as small as those from A.
    assert!(lean.max_residual < 1e-12, "{}", lean.max_residual);
    assert!(lean.max_residual > 0.0 || full.max_residual == 0.0);
}

#[test]
fn lean_calc_equals_standard_calc_on_pymrio_test_system() {
    same_results("tests/data/pymrio_test");
}

#[test]
fn lean_calc_equals_standard_calc_on_generated_mrio() {
    same_results("tests/data/mrio_small");
}

#[test]
fn lean_calc_refuses_a_non_productive_table_like_the_standard_one() {
    let mut t = mrio::table::read_table(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pymrio_test"),
    )
    .unwrap();
    // Every sector buys fifty times its inputs at the same output: rho(A) > 1.
    for j in 0..t.len() {
        for i in 0..t.len() {
            t.z[(i, j)] *= 50.0;
        }
    }
    let only = [Output::S];
    let a = compute(&t, Default::default(), &only)
        .err()
        .expect("must fail")
        .to_string();
    let b = compute_owned(t, Default::default(), &only, &|_| {})
        .err()
        .expect("must fail")
        .to_string();
    assert_eq!(a, b);
    assert!(a.contains("not productive"), "{a}");
}

/// Write `dir`'s table in the binary form under a fresh folder, optionally with Z in C
/// order (numpy's default) and without x.npy.
fn binary_copy(src: &str, name: &str, c_order: bool, drop_x: bool) -> std::path::PathBuf {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&root);
    let t = mrio::table::read_table(&Path::new(env!("CARGO_MANIFEST_DIR")).join(src)).unwrap();
    mrio::table::npy::write_npy_table(&t, &root).unwrap();
    if c_order {
        let n = t.len();
        let head = format!("{{'descr': '<f8', 'fortran_order': False, 'shape': ({n}, {n}), }}");
        let mut head = head.into_bytes();
        while (10 + head.len() + 1) % 64 != 0 {
            head.push(b' ');
        }
        head.push(b'\n');
        let mut bytes = b"\x93NUMPY\x01\x00".to_vec();
        bytes.extend_from_slice(&(head.len() as u16).to_le_bytes());
        bytes.extend_from_slice(&head);
        for i in 0..n {
            for j in 0..n {
                bytes.extend_from_slice(&t.z[(i, j)].to_le_bytes());
            }
        }
        std::fs::write(root.join("Z.npy"), bytes).unwrap();
    }
    if drop_x {
        std::fs::remove_file(root.join("x.npy")).unwrap();
    }
    root
}

/// The memory-mapped Z (read block by block, pages released) gives byte-identical
/// result files to Z in memory, in either file order, with x given or derived, and
/// whatever the block size (blocks of one row or column exercise every seam).
#[test]
fn mapped_z_gives_the_results_of_z_in_memory() {
    let only = [Output::X, Output::L, Output::S, Output::DCba, Output::DExp];
    for src in ["tests/data/pymrio_test", "tests/data/mrio_small"] {
        for (c_order, drop_x) in [(false, false), (true, false), (true, true), (false, true)] {
            let name = format!("mapped-{}-{c_order}-{drop_x}", src.replace('/', "_"));
            let dir = binary_copy(src, &name, c_order, drop_x);
            let owned = mrio::table::read_table(&dir).unwrap();
            let want = compute_owned(owned, Default::default(), &only, &|_| {}).unwrap();
            for block in [mrio::table::npy_map::BLOCK_BYTES, 1] {
                let (table, z) = mrio::table::read_table_mapped(&dir).unwrap();
                assert!(table.z.nrows() == 0, "{name}: Z must not be in the table");
                let mut z = z.expect("numpy-aligned files are mapped");
                z.set_block_bytes(block);
                let got = compute_mapped(&table, z, Default::default(), &only, &|_| {}).unwrap();
                assert_eq!(want.files.len(), got.files.len());
                for ((na, a, ua), (nb, b, ub)) in want.files.iter().zip(&got.files) {
                    assert_eq!((na, ua), (nb, ub));
                    assert!(a == b, "{name}, block {block}: {na} differs");
                }
                assert!(got.max_residual < 1e-12, "{}", got.max_residual);
            }
        }
    }
}

/// A non-finite value in a mapped Z is refused naming the file and the cell, as when Z
/// is read.
#[test]
fn mapped_z_refuses_a_non_finite_cell_naming_it() {
    let dir = binary_copy("tests/data/pymrio_test", "mapped-nan", true, false);
    let mut bytes = std::fs::read(dir.join("Z.npy")).unwrap();
    let at = bytes.len() - 8 * 3;
    bytes[at..at + 8].copy_from_slice(&f64::NAN.to_le_bytes());
    std::fs::write(dir.join("Z.npy"), bytes).unwrap();
    let Err(mapped) = mrio::table::read_table_mapped(&dir) else {
        panic!("a NaN in a mapped Z must be refused")
    };
    let Err(read) = mrio::table::read_table(&dir) else {
        panic!("a NaN in Z must be refused")
    };
    let (mapped, read) = (mapped.to_string(), read.to_string());
    assert!(
        mapped.contains("Z.npy") && mapped.contains("is NaN"),
        "{mapped}"
    );
    assert_eq!(mapped, read);
}
