//! Fuzz the `.npy` readers: `npy_from_bytes` (the in-memory reader behind `read_npy`)
//! and `map_npy` (the memory-mapped reader of large binary tables) on the same bytes.
//! Any input must give `Ok` or an `Err`, never a panic or an abort; besides:
//! - an accepted array has exactly the bytes its shape declares (8 per value, after the
//!   header), so a crafted shape cannot make the reader allocate more than the input;
//! - what mrio writes (`npy_bytes`) reads back bit for bit;
//! - the mapped reader accepts exactly what the in-memory reader accepts, with the same
//!   values (when the values are 8-byte aligned, else it declines with `Ok(None)`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mrio::table::npy::{npy_bytes, npy_from_bytes};
use mrio::table::npy_map::map_npy;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// One scratch file per fuzzing process for the mapped reader.
fn scratch() -> &'static PathBuf {
    static P: OnceLock<PathBuf> = OnceLock::new();
    P.get_or_init(|| std::env::temp_dir().join(format!("mrio-fuzz-npy-{}.npy", std::process::id())))
}

fn bits(m: faer::MatRef<'_, f64>) -> Vec<u64> {
    let mut v = Vec::with_capacity(m.nrows() * m.ncols());
    for j in 0..m.ncols() {
        for i in 0..m.nrows() {
            v.push(m[(i, j)].to_bits());
        }
    }
    v
}

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz/Z.npy");
    let read = npy_from_bytes(path, data);
    if let Ok(m) = &read {
        let values = (m.nrows() * m.ncols()) as u64 * 8;
        assert!(values <= data.len() as u64, "no more values than bytes");
        // mrio's own writing reads back to the same bits (2-D, and 1-D for a column).
        let again = npy_from_bytes(path, &npy_bytes(m.as_ref(), false)).expect("reads own 2-D");
        assert_eq!(bits(again.as_ref()), bits(m.as_ref()));
        if m.ncols() == 1 {
            let v = npy_from_bytes(path, &npy_bytes(m.as_ref(), true)).expect("reads own 1-D");
            assert_eq!(bits(v.as_ref()), bits(m.as_ref()));
        }
    }
    let file = scratch();
    if std::fs::write(file, data).is_err() {
        return;
    }
    let mapped = map_npy(file);
    match (&read, &mapped) {
        (Ok(m), Ok(Some(mm))) => {
            assert_eq!((mm.nrows(), mm.ncols()), (m.nrows(), m.ncols()));
            assert_eq!(bits(mm.view()), bits(m.as_ref()), "mapped = read");
        }
        (Ok(_), Ok(None)) => {}
        (Err(_), Err(_)) => {}
        (Ok(_), Err(e)) => panic!("mapped reader refuses what the reader accepts: {e}"),
        (Err(e), Ok(_)) => panic!("mapped reader accepts what the reader refuses: {e}"),
    }
});
