//! The Leontief price (cost-push) model `p' = p'A + v_c'` ⇒ `p' = v_c' L`
//! (docs/methods.md 1.4; Miller & Blair 2009, sec. 2.6; Dietzenbacher 1997).

use super::leontief::{Leontief, Solved};
use super::solver::Factored;
use crate::error::{Error, Result};
use faer::Mat;

/// Prices from primary-input costs per unit output: `p' = v_c' L` (one transposed solve).
/// With base-year `v_c = v ⊘ x`, every price is 1.
pub fn prices(model: &Leontief, v_c: &[f64]) -> Result<Solved<Vec<f64>>> {
    model.solve_transpose(v_c)
}

/// Price changes from a change in primary-input cost per unit: `Δp' = Δv_c' L`.
pub fn cost_push(model: &Leontief, dv_c: &[f64]) -> Result<Solved<Vec<f64>>> {
    model.solve_transpose(dv_c)
}

/// Prices with a set of exogenous prices (e.g. regulated electricity):
/// `p_E' = (p_X' A_XE + v_cE') (I − A_EE)⁻¹` (docs/methods.md 1.4).
///
/// `exogenous` lists (position, fixed price). Returns the full price vector, exogenous
/// entries set to their fixed value.
pub fn prices_with_exogenous(
    model: &Leontief,
    v_c: &[f64],
    exogenous: &[(usize, f64)],
) -> Result<Solved<Vec<f64>>> {
    let n = model.n();
    if v_c.len() != n {
        return Err(Error::shape("v_c", format!("{} entries", v_c.len()), n));
    }
    let mut fixed = vec![None; n];
    for &(k, p) in exogenous {
        if k >= n || !p.is_finite() {
            return Err(Error::bad_value(
                format!("exogenous price at position {k}"),
                p,
                format!("a finite price at a position below {n} (the model's sector count)"),
            ));
        }
        fixed[k] = Some(p);
    }
    let endo: Vec<usize> = (0..n).filter(|&i| fixed[i].is_none()).collect();
    let a = model.a();
    let ids: Vec<String> = endo.iter().map(|&i| model.ids()[i].clone()).collect();
    let m = endo.len();
    let mut out: Vec<f64> = (0..n).map(|i| fixed[i].unwrap_or(0.0)).collect();
    if m == 0 {
        return Ok(Solved {
            value: out,
            residual: 0.0,
        });
    }
    let a_ee = Mat::from_fn(m, m, |i, j| a[(endo[i], endo[j])]);
    // rhs_j = sum over exogenous i of p_i a_ij + v_c,j for endogenous j.
    let rhs = Mat::from_fn(m, 1, |j, _| {
        let col = endo[j];
        v_c[col]
            + (0..n)
                .filter_map(|i| fixed[i].map(|p| p * a[(i, col)]))
                .sum::<f64>()
    });
    let lu = Factored::identity_minus(a_ee.as_ref(), &ids)?;
    let r = lu.solve_transpose(rhs.as_ref())?;
    for (k, &i) in endo.iter().enumerate() {
        out[i] = r.value[(k, 0)];
    }
    Ok(Solved {
        value: out,
        residual: r.residual,
    })
}
