//! The one LU factorization of a square system, kept and reused for every solve.
//!
//! Memory discipline (docs/design.md, issue 6): the factorization is computed in place in a
//! buffer this type owns, L (unit lower) and U packed together, so a factored `I − A`
//! costs one n x n buffer beyond `A` itself. `I − A` is never kept: residuals are
//! computed from `A` (`(I − A) x − f = x − A x − f`) column block by column block, so
//! no n x n temporary is made for them either.

use super::zstore::ZStore;
use crate::error::{Error, Result};
use faer::dyn_stack::{MemBuffer, MemStack};
use faer::linalg::lu::partial_pivoting::{factor, inverse, solve};
use faer::perm::PermRef;
use faer::{Accum, Mat, MatMut, MatRef, Par};
use std::cell::Cell;

/// Which library factors `I − A` and solves with the factors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LuBackend {
    /// faer's LU (pure Rust, the default).
    Faer,
    /// The system LAPACK (OpenBLAS `dgetrf`/`dgetrs`); needs the cargo feature `lapack`.
    Lapack,
}

thread_local! {
    static LU_OVERRIDE: Cell<Option<LuBackend>> = const { Cell::new(None) };
}

impl LuBackend {
    /// The backend factorizations use now: the one set by [`with_lu_backend`] on this
    /// thread, else `MRIO_LU=faer|lapack`, else LAPACK when built with the `lapack`
    /// feature, else faer.
    pub fn current() -> Result<Self> {
        if let Some(b) = LU_OVERRIDE.with(Cell::get) {
            return Ok(b);
        }
        match std::env::var("MRIO_LU").ok().as_deref() {
            None | Some("") => Ok(if cfg!(feature = "lapack") {
                LuBackend::Lapack
            } else {
                LuBackend::Faer
            }),
            Some("faer") => Ok(LuBackend::Faer),
            Some("lapack") => Ok(LuBackend::Lapack),
            Some(other) => Err(Error::bad_value("MRIO_LU", other, "`faer` or `lapack`")),
        }
    }
}

/// Run `f` with every factorization on this thread using `backend` (tests compare the
/// two backends in one process this way).
pub fn with_lu_backend<R>(backend: LuBackend, f: impl FnOnce() -> R) -> R {
    let before = LU_OVERRIDE.with(|c| c.replace(Some(backend)));
    let out = f();
    LU_OVERRIDE.with(|c| c.set(before));
    out
}

/// What was factored: `I − A` (A kept, for residuals and the model), `I − Z x̂⁻¹`
/// (only Z and 1/x kept: A is never formed beside the factorization), or a general `M`.
#[derive(Debug)]
enum Base {
    IdentityMinus(Mat<f64>),
    ScaledZ { z: ZStore, xinv: Vec<f64> },
    General(Mat<f64>),
}

/// An LU factorization (partial pivoting) of `M = I − A` (or `I − B`, or any square
/// `M`), with what is needed to compute residuals.
#[derive(Debug)]
pub struct Factored {
    base: Base,
    /// L (strictly lower part, unit diagonal implied) and U (upper part), packed.
    lu: Mat<f64>,
    fwd: Vec<usize>,
    bwd: Vec<usize>,
    /// LAPACK's pivots when LAPACK factored `lu` (its solves use them); None for faer.
    #[cfg_attr(not(feature = "lapack"), allow(dead_code))]
    ipiv: Option<Vec<i32>>,
}

/// Parallelism for an n x n system: sequential for small systems (two threads are
/// slower than one for n <= 1000 on the reference machine, docs/design.md), else global.
pub fn par_for(n: usize) -> Par {
    if n <= 1000 {
        Par::Seq
    } else {
        faer::get_global_parallelism()
    }
}

/// Columns per block when residuals are computed: at least 64, else as many as fit in
/// 4 Mi numbers (32 MB), so the products stay efficient and the temporary small.
fn residual_block(n: usize) -> usize {
    ((1usize << 22) / n.max(1)).max(64)
}

/// Refuse a solution that overflowed: printing `inf` or `-` would hide the failure.
fn check_finite(x: MatRef<'_, f64>) -> Result<()> {
    for j in 0..x.ncols() {
        for i in 0..x.nrows() {
            if !x[(i, j)].is_finite() {
                return Err(Error::Model(format!(
                    "the solution overflowed (entry {} is {}): the system is numerically \
                     singular for this right-hand side, or the values are too large for \
                     64-bit floating point",
                    i + 1,
                    x[(i, j)]
                )));
            }
        }
    }
    Ok(())
}

impl Factored {
    /// Factor `I − A` (A is copied; see [`Factored::identity_minus_owned`] to avoid the copy).
    /// Fails with [`Error::Singular`] naming the sector whose pivot vanishes.
    pub fn identity_minus(a: MatRef<'_, f64>, ids: &[String]) -> Result<Self> {
        Self::identity_minus_owned(a.to_owned(), ids)
    }

    /// Factor `I − A`, keeping `A` (no copy of it is made). The LU is computed in place
    /// in one n x n buffer.
    pub fn identity_minus_owned(a: Mat<f64>, ids: &[String]) -> Result<Self> {
        let n = a.nrows();
        if a.ncols() != n {
            return Err(Error::shape(
                "matrix",
                format!("{} x {}", a.nrows(), a.ncols()),
                "a square matrix",
            ));
        }
        let mut lu = Mat::<f64>::zeros(n, n);
        for j in 0..n {
            let src = a.col(j);
            let mut dst = lu.col_mut(j);
            for i in 0..n {
                dst[i] = -src[i];
            }
            dst[j] += 1.0;
        }
        Self::factor(Base::IdentityMinus(a), lu, ids)
    }

    /// Factor `I − A` with `A = Z x̂⁻¹` (zero columns where `x_j = 0`), keeping only `Z`
    /// and `1/x`: A is formed straight into the factorization buffer, checked for
    /// productivity there ([`super::check_productive`]), turned into `I − A` in place and
    /// factored, so the whole model costs Z plus one n x n buffer (2 n² numbers).
    /// Residuals use `A x = Z (x ⊘ x̂)`.
    pub fn identity_minus_scaled(z: ZStore, x: &[f64], ids: &[String]) -> Result<Self> {
        let n = z.view().nrows();
        if z.view().ncols() != n || x.len() != n {
            return Err(Error::shape(
                "Z and gross output",
                format!("{} x {} with {} outputs", n, z.view().ncols(), x.len()),
                "a square matrix and one output per column",
            ));
        }
        let xinv: Vec<f64> = x
            .iter()
            .map(|&v| if v > 0.0 { 1.0 / v } else { 0.0 })
            .collect();
        let mut lu = Mat::<f64>::zeros(n, n);
        // z_ij / x_j exactly as `technical_coefficients` forms it (bit-identical A).
        z.scaled_into(x, lu.as_mut());
        super::check_productive(lu.as_ref(), ids)?;
        for j in 0..n {
            let mut dst = lu.col_mut(j);
            for i in 0..n {
                dst[i] = -dst[i];
            }
            dst[j] += 1.0;
        }
        Self::factor(Base::ScaledZ { z, xinv }, lu, ids)
    }

    /// Factor a square matrix `m` (kept for residuals).
    pub fn new(m: Mat<f64>, ids: &[String]) -> Result<Self> {
        if m.ncols() != m.nrows() {
            return Err(Error::shape(
                "matrix",
                format!("{} x {}", m.nrows(), m.ncols()),
                "a square matrix",
            ));
        }
        let lu = m.clone();
        Self::factor(Base::General(m), lu, ids)
    }

    fn factor(base: Base, mut lu: Mat<f64>, ids: &[String]) -> Result<Self> {
        let n = lu.nrows();
        let (fwd, bwd, ipiv) = match LuBackend::current()? {
            LuBackend::Faer => {
                let (fwd, bwd) = faer_lu(lu.as_mut());
                (fwd, bwd, None)
            }
            LuBackend::Lapack => {
                let ipiv = lapack_lu(lu.as_mut())?;
                let (fwd, bwd) = permutation(&ipiv);
                (fwd, bwd, Some(ipiv))
            }
        };
        let umax = (0..n).map(|i| lu[(i, i)].abs()).fold(0.0, f64::max);
        let tol = (n as f64) * f64::EPSILON * umax.max(1.0);
        for i in 0..n {
            let d = lu[(i, i)];
            if !d.is_finite() || d.abs() <= tol {
                let id = ids.get(i).map(|s| s.as_str()).unwrap_or("?");
                return Err(Error::Singular(format!(
                    "pivot {} (column `{id}`) is {d:e}: the columns of I - A are linearly \
                     dependent (a closed loop of sectors buying only from each other, or \
                     a column of A summing to 1)",
                    i + 1
                )));
            }
        }
        Ok(Factored {
            base,
            lu,
            fwd,
            bwd,
            ipiv,
        })
    }

    fn perm(&self) -> PermRef<'_, usize> {
        PermRef::new_checked(&self.fwd, &self.bwd, self.fwd.len())
    }

    /// Size n.
    pub fn n(&self) -> usize {
        self.lu.nrows()
    }

    /// `A` when this factors `I − A` (None for a general matrix).
    pub fn a(&self) -> Option<MatRef<'_, f64>> {
        match &self.base {
            Base::IdentityMinus(a) => Some(a.as_ref()),
            Base::ScaledZ { .. } | Base::General(_) => None,
        }
    }

    /// Entry (i, j) of the factored matrix M.
    fn m_entry(&self, i: usize, j: usize) -> f64 {
        let delta = if i == j { 1.0 } else { 0.0 };
        match &self.base {
            Base::IdentityMinus(a) => delta - a[(i, j)],
            Base::ScaledZ { z, xinv } => delta - z.view()[(i, j)] * xinv[j],
            Base::General(m) => m[(i, j)],
        }
    }

    /// The factored matrix `M`, formed on demand (an n x n copy).
    pub fn matrix(&self) -> Mat<f64> {
        let n = self.n();
        Mat::from_fn(n, n, |i, j| self.m_entry(i, j))
    }

    /// Solve `M X = F` in place (`x` holds F on entry, X on exit); no residual.
    pub fn solve_in_place(&self, x: MatMut<'_, f64>) -> Result<()> {
        self.check_rhs(x.as_ref())?;
        #[cfg(feature = "lapack")]
        if let Some(ipiv) = &self.ipiv {
            return super::lapack::getrs(false, self.lu.as_ref(), ipiv, x).map_err(Error::Model);
        }
        let n = self.n();
        let par = par_for(n);
        let mut mem = MemBuffer::new(solve::solve_in_place_scratch::<usize, f64>(
            n,
            x.ncols(),
            par,
        ));
        solve::solve_in_place(
            self.lu.as_ref(),
            self.lu.as_ref(),
            self.perm(),
            x,
            par,
            MemStack::new(&mut mem),
        );
        Ok(())
    }

    /// Solve `M' X = F` in place; no residual.
    pub fn solve_transpose_in_place(&self, x: MatMut<'_, f64>) -> Result<()> {
        self.check_rhs(x.as_ref())?;
        #[cfg(feature = "lapack")]
        if let Some(ipiv) = &self.ipiv {
            return super::lapack::getrs(true, self.lu.as_ref(), ipiv, x).map_err(Error::Model);
        }
        let n = self.n();
        let par = par_for(n);
        let mut mem = MemBuffer::new(solve::solve_transpose_in_place_scratch::<usize, f64>(
            n,
            x.ncols(),
            par,
        ));
        solve::solve_transpose_in_place(
            self.lu.as_ref(),
            self.lu.as_ref(),
            self.perm(),
            x,
            par,
            MemStack::new(&mut mem),
        );
        Ok(())
    }

    /// Solve `M X = F` for every column of `f`.
    pub fn solve(&self, f: MatRef<'_, f64>) -> Result<super::Solved<Mat<f64>>> {
        let mut x = f.to_owned();
        self.solve_in_place(x.as_mut())?;
        check_finite(x.as_ref())?;
        let residual = self.residual(false, x.as_ref(), f);
        Ok(super::Solved { value: x, residual })
    }

    /// Solve `M' X = F` for every column of `f`.
    pub fn solve_transpose(&self, f: MatRef<'_, f64>) -> Result<super::Solved<Mat<f64>>> {
        let mut x = f.to_owned();
        self.solve_transpose_in_place(x.as_mut())?;
        check_finite(x.as_ref())?;
        let residual = self.residual(true, x.as_ref(), f);
        Ok(super::Solved { value: x, residual })
    }

    /// `M⁻¹`, formed explicitly.
    pub fn inverse(&self) -> Result<super::Solved<Mat<f64>>> {
        let n = self.n();
        let par = par_for(n);
        let mut inv = Mat::<f64>::zeros(n, n);
        {
            let mut mem = MemBuffer::new(inverse::inverse_scratch::<usize, f64>(n, par));
            inverse::inverse(
                inv.as_mut(),
                self.lu.as_ref(),
                self.lu.as_ref(),
                self.perm(),
                par,
                MemStack::new(&mut mem),
            );
        }
        check_finite(inv.as_ref())?;
        let residual = self.residual_identity(inv.as_ref());
        Ok(super::Solved {
            value: inv,
            residual,
        })
    }

    fn check_rhs(&self, f: MatRef<'_, f64>) -> Result<()> {
        if f.nrows() != self.n() {
            return Err(Error::shape(
                "right-hand side",
                format!("{} rows", f.nrows()),
                format!("{} (one per sector)", self.n()),
            ));
        }
        for j in 0..f.ncols() {
            let col = f.col(j);
            for i in 0..f.nrows() {
                if !col[i].is_finite() {
                    return Err(Error::bad_value(
                        format!("right-hand side entry ({}, {})", i + 1, j + 1),
                        col[i],
                        "a finite number",
                    ));
                }
            }
        }
        Ok(())
    }

    /// `r = f − M x` for one block of columns (`M` or `M'`), into `r` (holding f on entry).
    pub(super) fn residual_block(
        &self,
        transpose: bool,
        x: MatRef<'_, f64>,
        mut r: MatMut<'_, f64>,
    ) {
        let n = self.n();
        let par = par_for(n);
        match &self.base {
            Base::IdentityMinus(a) => {
                // f − (I − A) x = f − x + A x
                for j in 0..x.ncols() {
                    for i in 0..n {
                        r[(i, j)] -= x[(i, j)];
                    }
                }
                let a = if transpose { a.transpose() } else { a.as_ref() };
                faer::linalg::matmul::matmul(r, Accum::Add, a, x, 1.0, par);
            }
            Base::ScaledZ { z, xinv } => {
                // f − x + A x with A x = Z (x̂⁻¹ x) and A' x = x̂⁻¹ (Z' x).
                for j in 0..x.ncols() {
                    for i in 0..n {
                        r[(i, j)] -= x[(i, j)];
                    }
                }
                if transpose {
                    let t = z.transpose_product(x, par);
                    for j in 0..x.ncols() {
                        for i in 0..n {
                            r[(i, j)] += xinv[i] * t[(i, j)];
                        }
                    }
                } else {
                    let t = Mat::<f64>::from_fn(n, x.ncols(), |i, j| xinv[i] * x[(i, j)]);
                    z.add_product(t.as_ref(), r, par);
                }
            }
            Base::General(m) => {
                let m = if transpose { m.transpose() } else { m.as_ref() };
                faer::linalg::matmul::matmul(r, Accum::Add, m, x, -1.0, par);
            }
        }
    }

    /// Max over columns of `‖M x − f‖∞ / ‖f‖∞` (absolute when f = 0), by column blocks;
    /// probed instead for large systems with many right-hand sides
    /// ([`Factored::residual_probed`]), where the exact check costs as much as the solve.
    pub fn residual(&self, transpose: bool, x: MatRef<'_, f64>, f: MatRef<'_, f64>) -> f64 {
        if super::residual::probe_pays(self.n(), x.ncols()) {
            return self.residual_probed(transpose, x, f);
        }
        let mut worst = 0.0f64;
        let k = x.ncols();
        let block = residual_block(self.n());
        let mut j0 = 0;
        while j0 < k {
            let w = block.min(k - j0);
            let fb = f.subcols(j0, w);
            let mut r = fb.to_owned();
            self.residual_block(transpose, x.subcols(j0, w), r.as_mut());
            worst = worst.max(max_rel(r.as_ref(), fb));
            j0 += w;
        }
        worst
    }

    /// The exact residual whatever the size (tests compare the probe with it).
    #[cfg(test)]
    pub(super) fn residual_exact_for_tests(&self, x: MatRef<'_, f64>, f: MatRef<'_, f64>) -> f64 {
        let mut r = f.to_owned();
        self.residual_block(false, x, r.as_mut());
        max_rel(r.as_ref(), f)
    }

    /// Residual of an explicit inverse `X ≈ M⁻¹`, probed with the ones vector:
    /// `‖M (X 1) − 1‖∞` (O(n²); checking every column would cost another n³ product,
    /// as much as the inverse itself). `X 1` is the row sums of `X`, so an error in any
    /// column shows unless errors cancel across a row.
    fn residual_identity(&self, x: MatRef<'_, f64>) -> f64 {
        let n = self.n();
        let ones = Mat::<f64>::from_fn(n, 1, |_, _| 1.0);
        let mut y = Mat::<f64>::zeros(n, 1);
        faer::linalg::matmul::matmul(
            y.as_mut(),
            Accum::Replace,
            x,
            ones.as_ref(),
            1.0,
            par_for(n),
        );
        self.residual(false, y.as_ref(), ones.as_ref())
    }

    /// Hager-Higham estimate of the 1-norm condition number `‖M‖₁ ‖M⁻¹‖₁`.
    pub fn condition_estimate(&self) -> f64 {
        let n = self.n();
        let norm_m = (0..n)
            .map(|j| (0..n).map(|i| self.m_entry(i, j).abs()).sum::<f64>())
            .fold(0.0, f64::max);
        let mut x = Mat::<f64>::from_fn(n, 1, |_, _| 1.0 / n as f64);
        let mut est = 0.0;
        for _ in 0..5 {
            let mut y = x.clone();
            if self.solve_in_place(y.as_mut()).is_err() {
                return f64::INFINITY;
            }
            let ynorm: f64 = (0..n).map(|i| y[(i, 0)].abs()).sum();
            est = f64::max(est, ynorm);
            let mut z = Mat::<f64>::from_fn(n, 1, |i, _| if y[(i, 0)] >= 0.0 { 1.0 } else { -1.0 });
            if self.solve_transpose_in_place(z.as_mut()).is_err() {
                return f64::INFINITY;
            }
            let (jmax, zmax) = (0..n)
                .map(|i| (i, z[(i, 0)].abs()))
                .fold((0, -1.0), |a, b| if b.1 > a.1 { b } else { a });
            let ztx: f64 = (0..n).map(|i| z[(i, 0)] * x[(i, 0)]).sum();
            if zmax <= ztx {
                break;
            }
            x = Mat::from_fn(n, 1, |i, _| if i == jmax { 1.0 } else { 0.0 });
        }
        norm_m * est
    }
}

/// faer's LU of `lu` in place; returns the row permutation (forward, inverse).
fn faer_lu(mut lu: MatMut<'_, f64>) -> (Vec<usize>, Vec<usize>) {
    let n = lu.nrows();
    let par = par_for(n);
    let mut fwd = vec![0usize; n];
    let mut bwd = vec![0usize; n];
    let mut mem = MemBuffer::new(factor::lu_in_place_scratch::<usize, f64>(
        n,
        n,
        par,
        Default::default(),
    ));
    factor::lu_in_place(
        lu.as_mut(),
        &mut fwd,
        &mut bwd,
        par,
        MemStack::new(&mut mem),
        Default::default(),
    );
    (fwd, bwd)
}

#[cfg(feature = "lapack")]
fn lapack_lu(lu: MatMut<'_, f64>) -> Result<Vec<i32>> {
    super::lapack::getrf(lu).map_err(Error::Model)
}

#[cfg(not(feature = "lapack"))]
fn lapack_lu(_: MatMut<'_, f64>) -> Result<Vec<i32>> {
    Err(Error::bad_value(
        "MRIO_LU",
        "lapack",
        "`faer`: this mrio was built without LAPACK; rebuild with \
         `cargo build --release --features lapack` (needs the system OpenBLAS, \
         docs/performance.md \"Optional system BLAS\"), or unset MRIO_LU",
    ))
}

/// LAPACK's pivots (1-based row interchanges, applied in turn to the identity, as faer
/// applies its own transpositions) as a permutation (forward, inverse).
fn permutation(ipiv: &[i32]) -> (Vec<usize>, Vec<usize>) {
    let n = ipiv.len();
    let mut fwd: Vec<usize> = (0..n).collect();
    for (i, &p) in ipiv.iter().enumerate() {
        fwd.swap(i, p as usize - 1);
    }
    let mut bwd = vec![0usize; n];
    for (i, &p) in fwd.iter().enumerate() {
        bwd[p] = i;
    }
    (fwd, bwd)
}

/// Max over columns of `‖r‖∞ / ‖f‖∞` (absolute when f = 0).
fn max_rel(r: MatRef<'_, f64>, f: MatRef<'_, f64>) -> f64 {
    let n = r.nrows();
    let mut worst = 0.0f64;
    for j in 0..r.ncols() {
        let rn = (0..n).map(|i| r[(i, j)].abs()).fold(0.0, f64::max);
        let fnorm = (0..n).map(|i| f[(i, j)].abs()).fold(0.0, f64::max);
        let rel = if fnorm > 0.0 { rn / fnorm } else { rn };
        worst = worst.max(rel);
    }
    worst
}
