//! faer matrices and vectors to numpy without copies.
//!
//! A matrix owned by a live Python object (the table's Z, Y, VA, x, the factored A) is
//! handed out as a view whose numpy `base` is that object, so it stays alive as long
//! as the array does. A computed matrix is moved into a small holder object that
//! becomes the array's base. Either way numpy sees faer's column-major layout (with
//! its column stride), which pandas takes as is.

use faer::{Mat, MatRef};
use numpy::ndarray::{ArrayView1, ArrayView2, ShapeBuilder};
use numpy::{PyArray1, PyArray2};
use pyo3::prelude::*;

/// Keeps a computed matrix alive for the numpy arrays that view it.
#[pyclass(frozen, module = "mrio._mrio")]
pub struct MatHolder(Mat<f64>);

/// A numpy view of `m`, kept alive by `owner`.
///
/// # Safety
/// `m` must point into memory owned by `owner` that is never mutated or freed while
/// `owner` lives (the frozen Table and MatHolder guarantee it).
pub unsafe fn view2<'py>(
    m: MatRef<'_, f64>,
    owner: Bound<'py, PyAny>,
) -> Bound<'py, PyArray2<f64>> {
    let (r, c) = (m.nrows(), m.ncols());
    if r == 0 || c == 0 {
        return PyArray2::zeros(owner.py(), (r, c), true);
    }
    let rs = m.row_stride() as usize;
    let cs = m.col_stride() as usize;
    let v = ArrayView2::from_shape_ptr((r, c).strides((rs, cs)), m.as_ptr());
    PyArray2::borrow_from_array(&v, owner)
}

/// A numpy view of `v`, kept alive by `owner` (same contract as [`view2`]).
pub unsafe fn view1<'py>(v: &[f64], owner: Bound<'py, PyAny>) -> Bound<'py, PyArray1<f64>> {
    let a = ArrayView1::from_shape_ptr(v.len(), v.as_ptr());
    PyArray1::borrow_from_array(&a, owner)
}

/// Move a computed matrix into numpy without copying its numbers.
pub fn mat_into_py(py: Python<'_>, m: Mat<f64>) -> PyResult<Bound<'_, PyArray2<f64>>> {
    let holder = Bound::new(py, MatHolder(m))?;
    let r = holder.get().0.as_ref();
    // SAFETY: the holder is frozen and owns the matrix; it is the array's base.
    Ok(unsafe { view2(r, holder.clone().into_any()) })
}

/// Copy a (possibly strided) numpy matrix into a faer matrix, refusing non-finite cells
/// is left to the library's solves.
pub fn mat_from_py(a: &numpy::PyReadonlyArray2<'_, f64>) -> Mat<f64> {
    let v = a.as_array();
    Mat::from_fn(v.nrows(), v.ncols(), |i, j| v[(i, j)])
}
