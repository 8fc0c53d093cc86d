//! Where the lean Leontief model keeps Z: in memory, or memory-mapped from `Z.npy`
//! ([`crate::table::npy_map`]). The two passes over Z that the model makes (forming
//! `A = Z x̂⁻¹` into the factorization buffer, and the products `Z v` and `Z' v` of the
//! residual checks) run block by block over a mapped Z, releasing each block's pages
//! after use, so the process keeps about one n x n matrix resident (the factors)
//! instead of two.

use crate::table::npy_map::MappedMat;
use faer::linalg::matmul::matmul;
use faer::reborrow::ReborrowMut;
use faer::{Accum, Mat, MatMut, MatRef, Par};

/// Z of the lean model.
#[derive(Debug)]
pub enum ZStore {
    /// Z in memory (moved out of the table).
    Owned(Mat<f64>),
    /// Z mapped from its `.npy` file.
    Mapped(MappedMat),
}

impl ZStore {
    /// Z as a view.
    pub fn view(&self) -> MatRef<'_, f64> {
        match self {
            ZStore::Owned(z) => z.as_ref(),
            ZStore::Mapped(m) => m.view(),
        }
    }

    /// `dst[:, j] = Z[:, j] / x_j` where `x_j > 0` (other columns untouched), with the
    /// same division as `technical_coefficients`, so A is bit-identical either way.
    pub fn scaled_into(&self, x: &[f64], mut dst: MatMut<'_, f64>) {
        let z = self.view();
        let n = z.nrows();
        match self {
            ZStore::Mapped(m) if !m.column_major() => {
                // Rows are contiguous in the file: a block of rows at a time, written
                // column by column into the (column-major) buffer.
                let step = m.lines_per_block().clamp(1, 256);
                let mut i0 = 0;
                while i0 < n {
                    let w = step.min(n - i0);
                    for (j, &xj) in x.iter().enumerate() {
                        if xj > 0.0 {
                            for i in i0..i0 + w {
                                dst[(i, j)] = z[(i, j)] / xj;
                            }
                        }
                    }
                    m.release(i0, w);
                    i0 += w;
                }
            }
            _ => {
                for (j, &xj) in x.iter().enumerate() {
                    if xj > 0.0 {
                        let src = z.col(j);
                        let mut d = dst.rb_mut().col_mut(j);
                        for i in 0..n {
                            d[i] = src[i] / xj;
                        }
                    }
                    if let ZStore::Mapped(m) = self {
                        m.release(j, 1);
                    }
                }
            }
        }
    }

    /// `r += Z v` (r is n x k, v is n x k).
    pub fn add_product(&self, v: MatRef<'_, f64>, mut r: MatMut<'_, f64>, par: Par) {
        let m = match self {
            ZStore::Owned(z) => return matmul(r, Accum::Add, z.as_ref(), v, 1.0, par),
            ZStore::Mapped(m) => m,
        };
        let z = m.view();
        let (n, step) = (z.nrows(), m.lines_per_block());
        let mut s = 0;
        while s < n {
            let w = step.min(n - s);
            if m.column_major() {
                let (zb, vb) = (z.subcols(s, w), v.subrows(s, w));
                matmul(r.rb_mut(), Accum::Add, zb, vb, 1.0, par);
            } else {
                let zb = z.subrows(s, w);
                matmul(r.rb_mut().subrows_mut(s, w), Accum::Add, zb, v, 1.0, par);
            }
            m.release(s, w);
            s += w;
        }
    }

    /// `Z' v` (v is n x k).
    pub fn transpose_product(&self, v: MatRef<'_, f64>, par: Par) -> Mat<f64> {
        let n = self.view().ncols();
        let mut t = Mat::<f64>::zeros(n, v.ncols());
        let m = match self {
            ZStore::Owned(z) => {
                matmul(t.as_mut(), Accum::Replace, z.transpose(), v, 1.0, par);
                return t;
            }
            ZStore::Mapped(m) => m,
        };
        let z = m.view();
        let step = m.lines_per_block();
        let mut s = 0;
        while s < n {
            let w = step.min(n - s);
            if m.column_major() {
                let zb = z.subcols(s, w).transpose();
                matmul(t.as_mut().subrows_mut(s, w), Accum::Add, zb, v, 1.0, par);
            } else {
                let (zb, vb) = (z.subrows(s, w).transpose(), v.subrows(s, w));
                matmul(t.as_mut(), Accum::Add, zb, vb, 1.0, par);
            }
            m.release(s, w);
            s += w;
        }
        t
    }
}
