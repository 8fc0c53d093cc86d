//! LU factorization and solves by the system LAPACK (OpenBLAS's `dgetrf` and `dgetrs`),
//! behind the optional cargo feature `lapack` (docs/performance.md, "Optional system
//! BLAS"). Linked directly: two routines need no wrapper crate, and the default build
//! needs no system library at all.
//!
//! The factorization is computed in the same column-major n x n buffer the faer path
//! uses (a faer `Mat`, leading dimension = its column stride), so memory is unchanged.

use faer::{MatMut, MatRef};
use std::os::raw::{c_char, c_int};
use std::sync::Mutex;

/// One LAPACK call at a time: OpenBLAS threads each call itself (so a large
/// factorization loses nothing), and its pthreads build is not meant to be entered from
/// several threads at once.
static LOCK: Mutex<()> = Mutex::new(());

/// Stack for the thread that calls LAPACK. OpenBLAS's `dgetrf_parallel` keeps large
/// arrays on the stack: on a 2 MiB Rust thread (test threads, rayon workers) it
/// overflowed, crashing at n = 300 and silently corrupting results at n = 208. Only
/// the pages touched are committed.
const LAPACK_STACK: usize = 64 << 20;

/// Run `f` (one LAPACK call) under [`LOCK`] on a thread with [`LAPACK_STACK`] bytes of stack.
fn call<R: Send>(f: impl FnOnce() -> R + Send) -> Result<R, String> {
    let _one = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .name("mrio-lapack".into())
            .stack_size(LAPACK_STACK)
            .spawn_scoped(s, f)
            .map_err(|e| format!("cannot start the LAPACK thread: {e}"))?
            .join()
            .map_err(|_| "the LAPACK call panicked".to_string())
    })
}

#[link(name = "openblas")]
extern "C" {
    fn dgetrf_(
        m: *const c_int,
        n: *const c_int,
        a: *mut f64,
        lda: *const c_int,
        ipiv: *mut c_int,
        info: *mut c_int,
    );
    fn dgetrs_(
        trans: *const c_char,
        n: *const c_int,
        nrhs: *const c_int,
        a: *const f64,
        lda: *const c_int,
        ipiv: *const c_int,
        b: *mut f64,
        ldb: *const c_int,
        info: *mut c_int,
        trans_len: usize,
    );
}

fn int(v: usize, what: &str) -> Result<c_int, String> {
    c_int::try_from(v).map_err(|_| format!("{what} = {v} is too large for this LAPACK (32-bit)"))
}

/// Leading dimension of a column-major view (rows contiguous), if it has one.
fn leading_dim(rows: usize, row_stride: isize, col_stride: isize) -> Option<usize> {
    let ld = usize::try_from(col_stride).ok()?;
    (row_stride == 1 && ld >= rows.max(1)).then_some(ld)
}

/// Factor the square `lu` in place (`P lu = L U`, L unit lower). Returns LAPACK's pivots
/// (1-based row interchanges). An exactly zero pivot (`info > 0`) is not an error here:
/// the caller's pivot check names the column, as it does for faer.
pub fn getrf(lu: MatMut<'_, f64>) -> Result<Vec<c_int>, String> {
    let n = lu.nrows();
    let mut ipiv: Vec<c_int> = vec![0; n];
    if n == 0 {
        return Ok(ipiv);
    }
    let ld = leading_dim(n, lu.row_stride(), lu.col_stride())
        .ok_or("the factorization buffer is not column-major")?;
    let (ni, ldi) = (int(n, "n")?, int(ld, "leading dimension")?);
    let info = call(|| {
        let mut info: c_int = 0;
        // SAFETY: `lu` is an n x n column-major buffer with leading dimension `ld` >= n,
        // exclusively borrowed; `ipiv` holds n entries.
        unsafe {
            dgetrf_(
                &ni,
                &ni,
                lu.as_ptr_mut(),
                &ldi,
                ipiv.as_mut_ptr(),
                &mut info,
            )
        };
        info
    })?;
    if info < 0 {
        return Err(format!("dgetrf: argument {} is invalid", -info));
    }
    Ok(ipiv)
}

/// Solve `M X = B` (or `M' X = B` when `transpose`) in place in `b`, with `lu` and
/// `ipiv` from [`getrf`]. A `b` that is not column-major is solved through a copy.
pub fn getrs(
    transpose: bool,
    lu: MatRef<'_, f64>,
    ipiv: &[c_int],
    mut b: MatMut<'_, f64>,
) -> Result<(), String> {
    let (n, k) = (lu.nrows(), b.ncols());
    if n == 0 || k == 0 {
        return Ok(());
    }
    let Some(ldb) = leading_dim(n, b.row_stride(), b.col_stride()) else {
        let mut copy = b.to_owned();
        getrs(transpose, lu, ipiv, copy.as_mut())?;
        b.copy_from(copy.as_ref());
        return Ok(());
    };
    let lda = leading_dim(n, lu.row_stride(), lu.col_stride())
        .ok_or("the factorization buffer is not column-major")?;
    let trans = if transpose { b'T' } else { b'N' } as c_char;
    let (ni, ki) = (int(n, "n")?, int(k, "right-hand sides")?);
    let (ldai, ldbi) = (
        int(lda, "leading dimension")?,
        int(ldb, "leading dimension")?,
    );
    let info = call(|| {
        let mut info: c_int = 0;
        // SAFETY: `lu` (n x n, leading dimension lda) and `ipiv` (n entries) come from
        // `getrf`; `b` is n x k column-major with leading dimension ldb >= n, exclusively
        // borrowed.
        unsafe {
            dgetrs_(
                &trans,
                &ni,
                &ki,
                lu.as_ptr(),
                &ldai,
                ipiv.as_ptr(),
                b.as_ptr_mut(),
                &ldbi,
                &mut info,
                1,
            )
        };
        info
    })?;
    if info < 0 {
        return Err(format!("dgetrs: argument {} is invalid", -info));
    }
    Ok(())
}
