//! Random and mutated `.npy` headers to the reader (cargo-fuzz is not installed on the
//! build machine, so this deterministic stand-in runs with `cargo test`): 10,000 inputs,
//! each must give a matrix or an error, never a panic, and an accepted matrix must have
//! exactly the bytes its header declares.

use mrio::table::npy::{npy_bytes, npy_from_bytes};
use std::path::Path;

/// xorshift64*: a fixed stream, so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const SHAPES: &[&str] = &[
    "(3, 4)",
    "(2305843009213693955,)",
    "(18446744073709551615, 2)",
    "(0, 18446744073709551615)",
    "(4294967296, 4294967296)",
    "(-1,)",
    "(1, 2, 3)",
    "()",
    "(3,",
    "('a', 2)",
    "(99999999999999999999999,)",
    "(0,)",
    "(1e3, 2)",
];

fn header(version: u8, descr: &str, fortran: &str, shape: &str, pad: usize) -> Vec<u8> {
    let text = format!(
        "{{'descr': '{descr}', 'fortran_order': {fortran}, 'shape': {shape}, }}{}\n",
        " ".repeat(pad)
    );
    let mut b = b"\x93NUMPY".to_vec();
    b.push(version);
    b.push(0);
    if version == 1 {
        b.extend_from_slice(&(text.len() as u16).to_le_bytes());
    } else {
        b.extend_from_slice(&(text.len() as u32).to_le_bytes());
    }
    b.extend_from_slice(text.as_bytes());
    b
}

/// One input: random bytes, a crafted header with a random shape, or a valid file
/// with random byte flips, insertions, deletions or a cut.
fn input(rng: &mut Rng, valid: &[u8]) -> Vec<u8> {
    match rng.below(4) {
        0 => (0..rng.below(200))
            .map(|_| rng.next() as u8)
            .collect::<Vec<u8>>(),
        1 => {
            let shape = SHAPES[rng.below(SHAPES.len())];
            let descr = ["<f8", ">f8", "<f4", "|u1", ""][rng.below(5)];
            let fortran = ["True", "False", "1", ""][rng.below(4)];
            let mut b = header(1 + rng.below(4) as u8, descr, fortran, shape, rng.below(80));
            b.extend((0..rng.below(120)).map(|_| rng.next() as u8));
            b
        }
        _ => {
            let mut b = valid.to_vec();
            for _ in 0..1 + rng.below(6) {
                let at = rng.below(b.len().min(140));
                match rng.below(4) {
                    0 => b[at] = rng.next() as u8,
                    1 => b.insert(at, rng.next() as u8),
                    2 if b.len() > 1 => {
                        b.remove(at);
                    }
                    _ => b.truncate(at),
                }
                if b.is_empty() {
                    break;
                }
            }
            b
        }
    }
}

#[test]
fn ten_thousand_random_and_mutated_headers_never_panic() {
    let m = faer::Mat::from_fn(3, 4, |i, j| (i * 4 + j) as f64 + 0.5);
    let valid = npy_bytes(m.as_ref(), false);
    assert!(npy_from_bytes(Path::new("Z.npy"), &valid).is_ok());
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut accepted, mut refused) = (0, 0);
    for k in 0..10_000 {
        let bytes = input(&mut rng, &valid);
        let got = std::panic::catch_unwind(|| {
            npy_from_bytes(Path::new("Z.npy"), &bytes).map_err(|e| e.to_string())
        });
        match got {
            Err(_) => panic!("input {k} panicked the reader: {bytes:?}"),
            Ok(Ok(m)) => {
                accepted += 1;
                assert!(
                    m.nrows() * m.ncols() * 8 < bytes.len(),
                    "input {k}: a {} x {} matrix from {} bytes",
                    m.nrows(),
                    m.ncols(),
                    bytes.len()
                );
            }
            Ok(Err(e)) => {
                refused += 1;
                assert!(e.starts_with("Z.npy"), "input {k}: {e}");
            }
        }
    }
    assert_eq!(accepted + refused, 10_000);
    assert!(refused > 9_000, "only {refused} refused");
}

/// Empty arrays with a huge other dimension (the fuzzer's hang: shape (0, 2^32 + 1)
/// has zero value bytes, passed the length check and was read one empty column at a
/// time, 2^32 times, about 7 minutes). Up to 2^20 the array is empty and read at once;
/// beyond, the header is refused.
#[test]
fn empty_arrays_with_huge_dimensions_are_refused() {
    let bytes = |shape: &str, fortran: &str| header(1, "<f8", fortran, shape, 0);
    for fortran in ["True", "False"] {
        for shape in ["(0, 1048576)", "(1048576, 0)", "(0,)"] {
            let m = npy_from_bytes(Path::new("Z.npy"), &bytes(shape, fortran)).unwrap();
            assert_eq!(m.nrows() * m.ncols(), 0, "{shape}");
        }
        for shape in [
            "(0, 4294967297)",
            "(1048577, 0)",
            "(0, 18446744073709551615)",
        ] {
            let e = npy_from_bytes(Path::new("Z.npy"), &bytes(shape, fortran))
                .unwrap_err()
                .to_string();
            assert!(
                e.contains("is an empty array with more than 1048576"),
                "{shape}: {e}"
            );
        }
    }
}
