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
    /// Columns are written in parallel for large n: the first write to each page of a
    /// fresh buffer makes the kernel zero it, which at n = 19,680 (3.1 GB) took about
    /// 5 s on one core.
    pub fn scaled_into(&self, x: &[f64], mut dst: MatMut<'_, f64>) {
        use rayon::prelude::*;
        let z = self.view();
        let n = z.nrows();
        let chunk = if n <= 1000 { n.max(1) } else { 256 };
        // Columns j0.. of `d` (rows r0.. of Z) from Z, scaled.
        let fill = |j0: usize, r0: usize, mut d: MatMut<'_, f64>| {
            for jj in 0..d.ncols() {
                let xj = x[j0 + jj];
                if xj > 0.0 {
                    let src = z.col(j0 + jj);
                    let mut c = d.rb_mut().col_mut(jj);
                    for i in 0..c.nrows() {
                        c[i] = src[r0 + i] / xj;
                    }
                }
            }
        };
        match self {
            ZStore::Mapped(m) if !m.column_major() => {
                // Rows are contiguous in the file: a block of rows at a time (its pages
                // released after), its columns in parallel.
                let step = m.lines_per_block().clamp(1, 256);
                let mut i0 = 0;
                while i0 < n {
                    let w = step.min(n - i0);
                    dst.rb_mut()
                        .subrows_mut(i0, w)
                        .par_col_chunks_mut(chunk)
                        .enumerate()
                        .for_each(|(c, d)| fill(c * chunk, i0, d));
                    m.release(i0, w);
                    i0 += w;
                }
            }
            _ => {
                dst.par_col_chunks_mut(chunk)
                    .enumerate()
                    .for_each(|(c, d)| {
                        let (j0, w) = (c * chunk, d.ncols());
                        fill(j0, 0, d);
                        if let ZStore::Mapped(m) = self {
                            m.release(j0, w);
                        }
                    });
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Above n = 1000 the columns are written in parallel chunks: A must still be
    /// bit-identical to `technical_coefficients`, zero-output columns untouched.
    #[test]
    fn parallel_scaling_is_bit_identical() {
        let n = 1300;
        let z = Mat::<f64>::from_fn(n, n, |i, j| {
            if j % 101 == 7 {
                0.0
            } else {
                ((i * 31 + j * 17) % 97) as f64 * 0.37
            }
        });
        let x: Vec<f64> = (0..n)
            .map(|j| if j % 101 == 7 { 0.0 } else { 1e4 + j as f64 })
            .collect();
        let ids: Vec<String> = (0..n).map(|i| format!("s{i}")).collect();
        let a =
            crate::model::technical_coefficients(z.as_ref(), &x, &ids, Default::default()).unwrap();
        let mut dst = Mat::<f64>::from_fn(n, n, |_, _| -1.0);
        ZStore::Owned(z).scaled_into(&x, dst.as_mut());
        for j in 0..n {
            for i in 0..n {
                if x[j] > 0.0 {
                    assert_eq!(dst[(i, j)].to_bits(), a[(i, j)].to_bits(), "({i}, {j})");
                } else {
                    assert_eq!(dst[(i, j)], -1.0, "column {j} has no output: untouched");
                }
            }
        }
    }
}
