//! Sectors that cannot grow: the mixed exogenous/endogenous model (Miller & Blair 2009
//! §13.2; METHODS 2.6).
//!
//! Sectors are endogenous (output follows demand, `Δx = L Δf`) unless a capacity limit
//! binds: then the sector's output change is fixed at its cap `c_k` and it is exogenous.
//! With the binding set `B`, the partitioned solution
//! `Δx_E = (I − A_EE)⁻¹ (Δf_E + A_EB c_B)` is computed through columns of `L` on the
//! already factored `I − A`: the final demand the capped sectors can actually deliver is
//! `Δf_B + u_B` with `L_BB u_B = c_B − (L Δf)_B`, and `Δx = L Δf + L_{·B} u_B`. The
//! demand they cannot meet is `−u_B`.
//!
//! * [`Overflow::Unmet`]: the unmet demand is reported and goes unsupplied.
//! * [`Overflow::Shift`]: the unmet demand is supplied by other producers of the same
//!   product, in given shares (trade shares, chosen by the caller); the shifted demand
//!   raises their output and their purchases, which may again fall on a capped sector, so
//!   the shift is repeated until it converges (each round is smaller by at most the
//!   spectral radius of `A`). Total supply of every product then equals its demand.
//!
//! The binding set is found by an active-set loop: start from the Leontief solution, fix
//! every sector above its cap, re-solve, add any newly violated cap, and release a sector
//! whose fixed output would exceed what demand asks of it (`u_k > 0`).

use super::{Factored, Leontief};
use crate::error::{Error, Result};
use faer::Mat;

/// A capacity limit: the output of `position` may grow by at most `max_increase`
/// (in the table's unit; `0` = no growth).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cap {
    /// Position of the (region, sector) in the model.
    pub position: usize,
    /// Largest output increase allowed (>= 0).
    pub max_increase: f64,
}

/// What happens to demand a capped sector cannot meet.
#[derive(Debug, Clone, PartialEq)]
pub enum Overflow {
    /// It goes unsupplied (reported).
    Unmet,
    /// It moves to other producers: one list of `(position, share)` per cap, in the order
    /// of the caps, shares summing to 1 (an empty list leaves that demand unmet).
    Shift(Vec<Vec<(usize, f64)>>),
}

/// Solution of the mixed model.
#[derive(Debug, Clone)]
pub struct Mixed {
    /// Output change per position.
    pub x: Vec<f64>,
    /// Demand for each position's product that it could not meet and that nobody else
    /// supplied (>= 0).
    pub unmet: Vec<f64>,
    /// Demand each capped position turned away to other producers (shift mode; >= 0).
    pub shifted: Vec<f64>,
    /// Demand each position received from capped producers (shift mode; >= 0).
    pub received: Vec<f64>,
    /// Positions whose cap binds, in cap order.
    pub binding: Vec<usize>,
    /// Rounds of shifting (0 in unmet mode).
    pub rounds: usize,
}

const TOL: f64 = 1e-12;
const MAX_ROUNDS: usize = 1000;

/// Solve the mixed model for final-demand change `df` under `caps`.
///
/// ```
/// // Miller & Blair (2009) Table 2.3: a12 = 0.25, a22 = 0.05. Sector 1 cannot grow,
/// // 100 more final demand for sector 2: Δx2 = 100/(1 − a22), unmet = a12 Δx2.
/// use mrio::model::{mixed, Leontief};
/// let a = faer::mat![[0.15, 0.25], [0.2, 0.05]];
/// let m = Leontief::new(a, vec!["s1".into(), "s2".into()]).unwrap();
/// let caps = [mixed::Cap { position: 0, max_increase: 0.0 }];
/// let r = mixed::solve(&m, &[0.0, 100.0], &caps, &mixed::Overflow::Unmet).unwrap();
/// assert!((r.x[1] - 100.0 / 0.95).abs() < 1e-9);
/// assert!((r.unmet[0] - 0.25 * 100.0 / 0.95).abs() < 1e-9);
/// ```
pub fn solve(model: &Leontief, df: &[f64], caps: &[Cap], overflow: &Overflow) -> Result<Mixed> {
    let n = model.n();
    check(n, df, caps, overflow)?;
    // L columns of every capped position, solved once.
    let mut units = Mat::<f64>::zeros(n, caps.len());
    for (k, c) in caps.iter().enumerate() {
        units[(c.position, k)] = 1.0;
    }
    let cols = model.solve_batch(units.as_ref())?.value;
    let none: Vec<Vec<(usize, f64)>> = vec![Vec::new(); caps.len()];
    let to = match overflow {
        Overflow::Unmet => &none,
        Overflow::Shift(to) => to,
    };
    // m_k: demand moved away from cap k so far; the capped solve sees D − m at the capped
    // position and D + Σ share·m at the recipients. Repeat m_k += unmet_k until nothing
    // is left to move.
    let mut moved = vec![0.0; caps.len()];
    let scale = df.iter().map(|v| v.abs()).fold(0.0, f64::max).max(1e-300);
    for rounds in 0..=MAX_ROUNDS {
        let mut demand = df.to_vec();
        let mut received = vec![0.0; n];
        for (k, c) in caps.iter().enumerate() {
            demand[c.position] -= moved[k];
            for &(p, s) in &to[k] {
                demand[p] += s * moved[k];
                received[p] += s * moved[k];
            }
        }
        let forced: Vec<bool> = moved.iter().map(|&m| m > 0.0).collect();
        let (x, u, binding) = capped(model, &cols, &demand, caps, &forced)?;
        let mut unmet = vec![0.0; n];
        let mut left = 0.0_f64;
        for (k, c) in caps.iter().enumerate() {
            let un = (-u[k]).max(0.0);
            if to[k].is_empty() {
                unmet[c.position] += un;
            } else {
                left = left.max(un);
                moved[k] += un;
            }
        }
        if left <= TOL * scale {
            let mut shifted = vec![0.0; n];
            for (k, c) in caps.iter().enumerate() {
                if !to[k].is_empty() {
                    shifted[c.position] = moved[k];
                }
            }
            return Ok(Mixed {
                x,
                unmet,
                shifted,
                received,
                binding,
                rounds,
            });
        }
    }
    Err(Error::Model(format!(
        "shifting demand away from capped sectors did not converge in {MAX_ROUNDS} rounds: \
         the capped sectors supply too much of their own recipients' inputs"
    )))
}

fn check(n: usize, df: &[f64], caps: &[Cap], overflow: &Overflow) -> Result<()> {
    if df.len() != n {
        return Err(Error::shape(
            "demand change",
            format!("{} entries", df.len()),
            format!("{n} (one per sector of the model)"),
        ));
    }
    for (k, c) in caps.iter().enumerate() {
        if c.position >= n {
            return Err(Error::bad_value(
                format!("cap {k}: position"),
                c.position,
                format!("a position below {n} (the model's sector count)"),
            ));
        }
        if !(c.max_increase.is_finite() && c.max_increase >= 0.0) {
            return Err(Error::bad_value(
                format!("cap {k}: max_increase"),
                c.max_increase,
                "a number >= 0",
            ));
        }
        if caps[..k].iter().any(|o| o.position == c.position) {
            return Err(Error::conflict(
                format!("position {}", c.position),
                "capped twice",
            ));
        }
    }
    if let Overflow::Shift(to) = overflow {
        if to.len() != caps.len() {
            return Err(Error::shape(
                "shift lists",
                format!("{} lists", to.len()),
                format!("{} (one per cap)", caps.len()),
            ));
        }
        for (k, list) in to.iter().enumerate() {
            let sum: f64 = list.iter().map(|&(_, s)| s).sum();
            if !list.is_empty() && (sum - 1.0).abs() > 1e-9 {
                return Err(Error::bad_value(
                    format!("shift shares of cap {k}"),
                    format!("sum {sum}"),
                    "shares summing to 1",
                ));
            }
            if list.iter().any(|&(p, s)| {
                p >= n || s.is_nan() || s < 0.0 || caps.iter().any(|c| c.position == p)
            }) {
                return Err(Error::conflict(
                    format!("shift list of cap {k}"),
                    "recipients must be uncapped positions with shares >= 0",
                ));
            }
        }
    }
    Ok(())
}

/// One capped solve: `(Δx, u per cap, binding positions)`, `u_k = 0` for non-binding caps.
/// `forced` caps stay fixed (demand was already moved away from them).
fn capped(
    model: &Leontief,
    cols: &Mat<f64>,
    df: &[f64],
    caps: &[Cap],
    forced: &[bool],
) -> Result<(Vec<f64>, Vec<f64>, Vec<usize>)> {
    let x0 = model.solve(df)?.value;
    let scale = x0.iter().map(|v| v.abs()).fold(0.0, f64::max).max(1e-300);
    let mut active: Vec<usize> = (0..caps.len())
        .filter(|&k| forced[k] || x0[caps[k].position] > caps[k].max_increase + TOL * scale)
        .collect();
    for _ in 0..=2 * caps.len() + 2 {
        let (x, u) = fix(model, cols, &x0, caps, &active)?;
        let over: Vec<usize> = (0..caps.len())
            .filter(|k| !active.contains(k))
            .filter(|&k| x[caps[k].position] > caps[k].max_increase + 1e-9 * scale)
            .collect();
        let release: Vec<usize> = active
            .iter()
            .copied()
            .filter(|&k| !forced[k] && u[k] > 1e-9 * scale)
            .collect();
        if over.is_empty() && release.is_empty() {
            let binding = active.iter().map(|&k| caps[k].position).collect();
            let mut x = x;
            for &k in &active {
                x[caps[k].position] = caps[k].max_increase;
            }
            return Ok((x, u, binding));
        }
        active.retain(|k| !release.contains(k));
        active.extend(over);
        active.sort_unstable();
    }
    Err(Error::Model(
        "capacity limits: the set of binding caps did not settle (cycling)".into(),
    ))
}

/// Fix the caps in `active` at their limits: `L_BB u_B = c_B − x0_B`, `x = x0 + L_{·B} u_B`.
fn fix(
    model: &Leontief,
    cols: &Mat<f64>,
    x0: &[f64],
    caps: &[Cap],
    active: &[usize],
) -> Result<(Vec<f64>, Vec<f64>)> {
    let mut u = vec![0.0; caps.len()];
    let mut x = x0.to_vec();
    if active.is_empty() {
        return Ok((x, u));
    }
    let m = active.len();
    let lbb = Mat::from_fn(m, m, |a, b| cols[(caps[active[a]].position, active[b])]);
    let rhs = Mat::from_fn(m, 1, |a, _| {
        caps[active[a]].max_increase - x0[caps[active[a]].position]
    });
    let names: Vec<String> = active
        .iter()
        .map(|&k| model.ids()[caps[k].position].clone())
        .collect();
    let phi = Factored::new(lbb, &names)?.solve(rhs.as_ref())?.value;
    for (b, &k) in active.iter().enumerate() {
        u[k] = phi[(b, 0)];
        for (i, xi) in x.iter_mut().enumerate() {
            *xi += cols[(i, k)] * u[k];
        }
    }
    Ok((x, u))
}
