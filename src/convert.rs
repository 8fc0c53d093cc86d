//! Conversions to and from `ndarray` and `nalgebra` (optional cargo features of the
//! same names), for users who hold their data in those types. The heavy linear algebra
//! stays on faer; these copy at the API edge.

#[cfg(feature = "ndarray")]
pub use self::nd::*;

#[cfg(feature = "nalgebra")]
pub use self::na::*;

#[cfg(feature = "ndarray")]
mod nd {
    use faer::{Mat, MatRef};

    /// A faer matrix as an `ndarray::Array2`.
    ///
    /// ```
    /// let m = faer::mat![[1.0, 2.0], [3.0, 4.0]];
    /// let a = mrio::convert::to_ndarray(m.as_ref());
    /// assert_eq!(a[[1, 0]], 3.0);
    /// assert_eq!(mrio::convert::from_ndarray(a.view()), m);
    /// ```
    pub fn to_ndarray(m: MatRef<'_, f64>) -> ndarray::Array2<f64> {
        ndarray::Array2::from_shape_fn((m.nrows(), m.ncols()), |(i, j)| m[(i, j)])
    }

    /// An `ndarray` view as a faer matrix.
    pub fn from_ndarray(a: ndarray::ArrayView2<'_, f64>) -> Mat<f64> {
        Mat::from_fn(a.nrows(), a.ncols(), |i, j| a[[i, j]])
    }
}

#[cfg(feature = "nalgebra")]
mod na {
    use faer::{Mat, MatRef};

    /// A faer matrix as a `nalgebra::DMatrix`.
    ///
    /// ```
    /// let m = faer::mat![[1.0, 2.0], [3.0, 4.0]];
    /// let d = mrio::convert::to_nalgebra(m.as_ref());
    /// assert_eq!(d[(0, 1)], 2.0);
    /// assert_eq!(mrio::convert::from_nalgebra(&d), m);
    /// ```
    pub fn to_nalgebra(m: MatRef<'_, f64>) -> nalgebra::DMatrix<f64> {
        nalgebra::DMatrix::from_fn(m.nrows(), m.ncols(), |i, j| m[(i, j)])
    }

    /// A `nalgebra::DMatrix` as a faer matrix.
    pub fn from_nalgebra(d: &nalgebra::DMatrix<f64>) -> Mat<f64> {
        Mat::from_fn(d.nrows(), d.ncols(), |i, j| d[(i, j)])
    }
}

#[cfg(all(test, feature = "ndarray", feature = "nalgebra"))]
mod tests {
    use super::*;

    #[test]
    fn table_matrices_round_trip_through_both() {
        let t = crate::builtin::mb2009_two_sector().unwrap();
        let nd = to_ndarray(t.z.as_ref());
        let na = to_nalgebra(from_ndarray(nd.view()).as_ref());
        assert_eq!(from_nalgebra(&na), t.z);
        // A computed from ndarray data equals the table's.
        let m = crate::model::Leontief::from_table(&t, Default::default()).unwrap();
        let a = to_ndarray(m.a());
        assert_eq!(a[[0, 1]], 0.25);
    }
}
