//! Limits over an ensemble: for a `[[limit]]` (most additional use of an indicator in a
//! region), the 5th-95th percentile of the additional use over the draws and the share
//! of draws in which the cap binds. The additional use of a draw is the region total of
//! the indicator in that draw (direct + indirect + induced), as in
//! [`crate::analysis::scenario::Impacts::limit_checks`]; a draw binds by the same rule,
//! [`crate::analysis::scenario::binds`].

use super::stats;

/// A limit's additional use over an ensemble.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LimitRange {
    /// Additional use of the point result (every input at its central value).
    pub point: f64,
    /// 5th percentile of the additional use over the draws.
    pub p05: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Share of draws (0..=1) in which the additional use exceeds the cap; `None` when
    /// the ensemble folder has no per-draw region totals (`regions.csv`).
    pub binding_share: Option<f64>,
}

/// The range of a limit from every draw's additional use (at least one draw).
pub fn from_draws(point: f64, draws: &[f64], cap: f64) -> LimitRange {
    let s = stats::summarize(draws);
    let hits = draws
        .iter()
        .filter(|&&v| crate::analysis::scenario::binds(v, cap))
        .count();
    LimitRange {
        point,
        p05: s.p05,
        p95: s.p95,
        binding_share: Some(hits as f64 / draws.len() as f64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Ten hand-made draws of a region's additional water use (1e4 m3): 1, 2, ..., 10.
    fn draws() -> Vec<f64> {
        (1..=10).map(f64::from).collect()
    }

    #[test]
    fn binding_share_is_the_hand_count() {
        // Cap 7.5: the draws 8, 9 and 10 exceed it, 3 of 10.
        let r = from_draws(5.0, &draws(), 7.5);
        assert_eq!(r.binding_share, Some(0.3));
        // A draw exactly at the cap (7) does not bind: still 8, 9 and 10.
        let r = from_draws(5.0, &draws(), 7.0);
        assert_eq!(r.binding_share, Some(0.3));
        // Cap 0.5: every draw binds.
        assert_eq!(from_draws(5.0, &draws(), 0.5).binding_share, Some(1.0));
    }

    #[test]
    fn a_cap_no_draw_reaches_binds_in_no_draw() {
        assert_eq!(from_draws(5.0, &draws(), 10.0).binding_share, Some(0.0));
        assert_eq!(from_draws(5.0, &draws(), 1e6).binding_share, Some(0.0));
    }

    #[test]
    fn ranges_are_the_type_7_percentiles_and_bracket_the_point() {
        let r = from_draws(5.0, &draws(), 7.5);
        // Type 7: h = 9 p; p05 = 1 + 0.45, p95 = 9 + 0.55.
        assert!((r.p05 - 1.45).abs() < 1e-12, "{}", r.p05);
        assert!((r.p95 - 9.55).abs() < 1e-12, "{}", r.p95);
        assert!(r.p05 <= r.point && r.point <= r.p95);
    }
}
