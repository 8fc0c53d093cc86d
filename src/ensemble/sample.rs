//! Distributions of uncertain inputs and the random streams of draws.
//!
//! Every draw has its own stream: ChaCha8 keyed by the seed, with the draw index as the
//! stream number, so draw `d` gets the same numbers whatever thread or shard runs it.

use super::spec::{Cx, ParamSpec};
use crate::error::Result;
use rand::distr::weighted::WeightedIndex;
use rand::distr::{Distribution, Uniform};
use rand::rngs::ChaCha8Rng;
use rand::SeedableRng;
use rand_distr::{LogNormal, Normal, Triangular};

/// The random stream of draw `draw` under `seed`.
pub fn stream(seed: u64, draw: u64) -> ChaCha8Rng {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    key[8..16].copy_from_slice(b"mrio-ens");
    let mut rng = ChaCha8Rng::from_seed(key);
    rng.set_stream(draw);
    rng
}

/// A distribution of one input.
#[derive(Debug, Clone, PartialEq)]
pub enum Dist {
    /// Uniform on `[min, max]`.
    Uniform { min: f64, max: f64 },
    /// Triangular on `[min, max]` with its peak at `mode`.
    Triangular { min: f64, mode: f64, max: f64 },
    /// Normal, optionally truncated to `[min, max]`.
    Normal {
        mean: f64,
        sd: f64,
        min: f64,
        max: f64,
    },
    /// Log-normal: `median · exp(sigma · N(0,1))`, optionally truncated.
    LogNormal {
        median: f64,
        sigma: f64,
        min: f64,
        max: f64,
    },
    /// One of `values` with probabilities proportional to `weights`.
    Choice {
        values: Vec<toml::Value>,
        weights: Vec<f64>,
    },
}

/// A drawn value.
#[derive(Debug, Clone, PartialEq)]
pub enum Drawn {
    /// A number.
    Num(f64),
    /// The index of a choice.
    Choice(usize),
}

fn finite(x: Option<f64>) -> bool {
    x.map_or(true, f64::is_finite)
}

impl Dist {
    /// Validate a `[[parameter]]` entry.
    pub(super) fn from_spec(cx: &Cx, p: &ParamSpec) -> Result<Dist> {
        let span = p.distribution.span();
        let err = |m: String| Err(cx.err(span.clone(), m));
        let name = p.distribution.get_ref().as_str();
        let nums = [p.min, p.max, p.mode, p.mean, p.sd, p.median, p.sigma];
        if !nums.iter().all(|v| finite(*v)) {
            return err("every number must be finite".into());
        }
        let allowed: &[&str] = match name {
            "uniform" => &["min", "max"],
            "triangular" => &["min", "mode", "max"],
            "normal" => &["mean", "sd", "min", "max"],
            "lognormal" => &["median", "sigma", "min", "max"],
            "choice" => &["values", "weights"],
            other => {
                return err(format!(
                    "unknown distribution `{other}`: expected uniform, triangular, normal, \
                     lognormal or choice"
                ))
            }
        };
        let given: Vec<(&str, bool)> = vec![
            ("min", p.min.is_some()),
            ("max", p.max.is_some()),
            ("mode", p.mode.is_some()),
            ("mean", p.mean.is_some()),
            ("sd", p.sd.is_some()),
            ("median", p.median.is_some()),
            ("sigma", p.sigma.is_some()),
            ("values", p.values.is_some()),
            ("weights", p.weights.is_some()),
        ];
        if let Some((k, _)) = given.iter().find(|(k, g)| *g && !allowed.contains(k)) {
            return err(format!(
                "`{k}` does not belong to a {name} distribution (it takes {})",
                allowed.join(", ")
            ));
        }
        let need = |k: &str, v: Option<f64>| -> Result<f64> {
            v.ok_or_else(|| cx.err(span.clone(), format!("a {name} distribution needs `{k}`")))
        };
        let (lo, hi) = (
            p.min.unwrap_or(f64::NEG_INFINITY),
            p.max.unwrap_or(f64::INFINITY),
        );
        if lo > hi {
            return err(format!("min = {lo} is above max = {hi}"));
        }
        Ok(match name {
            "uniform" => Dist::Uniform {
                min: need("min", p.min)?,
                max: need("max", p.max)?,
            },
            "triangular" => {
                let (min, mode, max) = (
                    need("min", p.min)?,
                    need("mode", p.mode)?,
                    need("max", p.max)?,
                );
                if !(min <= mode && mode <= max) {
                    return err(format!(
                        "mode = {mode} must lie between min = {min} and max = {max}"
                    ));
                }
                Dist::Triangular { min, mode, max }
            }
            "normal" => {
                let (mean, sd) = (need("mean", p.mean)?, need("sd", p.sd)?);
                if sd < 0.0 {
                    return err(format!("sd = {sd}: expected a number >= 0"));
                }
                if !(lo <= mean && mean <= hi) {
                    return err(format!("mean = {mean} lies outside [min, max]"));
                }
                Dist::Normal {
                    mean,
                    sd,
                    min: lo,
                    max: hi,
                }
            }
            "lognormal" => {
                let (median, sigma) = (need("median", p.median)?, need("sigma", p.sigma)?);
                if median <= 0.0 || sigma < 0.0 {
                    return err(format!(
                        "median = {median}, sigma = {sigma}: expected median > 0 and sigma >= 0"
                    ));
                }
                if !(lo <= median && median <= hi) {
                    return err(format!("median = {median} lies outside [min, max]"));
                }
                Dist::LogNormal {
                    median,
                    sigma,
                    min: lo.max(0.0),
                    max: hi,
                }
            }
            _ => {
                let values = p.values.clone().unwrap_or_default();
                if values.is_empty() {
                    return err("a choice needs `values = [...]`".into());
                }
                let weights = p.weights.clone().unwrap_or(vec![1.0; values.len()]);
                if weights.len() != values.len() {
                    return err(format!(
                        "{} weights for {} values: give one weight per value",
                        weights.len(),
                        values.len()
                    ));
                }
                if weights.iter().any(|w| !(w.is_finite() && *w >= 0.0))
                    || weights.iter().sum::<f64>() <= 0.0
                {
                    return err("weights must be numbers >= 0, not all zero".into());
                }
                Dist::Choice { values, weights }
            }
        })
    }

    /// The smallest and largest values a draw can take (None for a choice); infinite
    /// for an untruncated normal or log-normal.
    pub fn support(&self) -> Option<(f64, f64)> {
        match self {
            Dist::Uniform { min, max } => Some((*min, *max)),
            Dist::Triangular { min, max, .. } => Some((*min, *max)),
            Dist::Normal { sd, mean, min, max } => {
                if *sd == 0.0 {
                    Some((*mean, *mean))
                } else {
                    Some((*min, *max))
                }
            }
            Dist::LogNormal {
                median,
                sigma,
                min,
                max,
            } => {
                if *sigma == 0.0 {
                    Some((*median, *median))
                } else {
                    Some((*min, *max))
                }
            }
            Dist::Choice { .. } => None,
        }
    }

    /// One draw from `rng`.
    pub fn draw(&self, rng: &mut ChaCha8Rng) -> Drawn {
        match self {
            Dist::Uniform { min, max } => Drawn::Num(if min == max {
                *min
            } else {
                Uniform::new_inclusive(*min, *max)
                    .expect("validated")
                    .sample(rng)
            }),
            Dist::Triangular { min, mode, max } => Drawn::Num(if min == max {
                *min
            } else {
                Triangular::new(*min, *max, *mode)
                    .expect("validated")
                    .sample(rng)
            }),
            Dist::Normal { mean, sd, min, max } => {
                let d = Normal::new(*mean, *sd).expect("validated");
                Drawn::Num(truncated(|r| d.sample(r), *min, *max, *mean, rng))
            }
            Dist::LogNormal {
                median,
                sigma,
                min,
                max,
            } => {
                let d = LogNormal::new(median.ln(), *sigma).expect("validated");
                Drawn::Num(truncated(|r| d.sample(r), *min, *max, *median, rng))
            }
            Dist::Choice { weights, .. } => Drawn::Choice(
                WeightedIndex::new(weights.iter().copied())
                    .expect("validated")
                    .sample(rng),
            ),
        }
    }
}

/// A draw of `f` within `[min, max]` by rejection (at most 1000 tries, then `centre`).
fn truncated(
    f: impl Fn(&mut ChaCha8Rng) -> f64,
    min: f64,
    max: f64,
    centre: f64,
    rng: &mut ChaCha8Rng,
) -> f64 {
    for _ in 0..1000 {
        let v = f(rng);
        if (min..=max).contains(&v) {
            return v;
        }
    }
    centre
}

/// A multiplicative noise factor with mean 1 and relative SD `s`: log-normal with
/// `σ² = ln(1 + s²)`, `μ = −σ²/2` (keeps signs, zero cells stay zero).
pub fn factor(s: f64, rng: &mut ChaCha8Rng) -> f64 {
    if s == 0.0 {
        return 1.0;
    }
    let var = (1.0 + s * s).ln();
    let z: f64 = rand_distr::StandardNormal.sample(rng);
    (z * var.sqrt() - var / 2.0).exp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_depend_on_seed_and_draw_only() {
        use rand::Rng;
        let a = stream(7, 3).next_u64();
        assert_eq!(a, stream(7, 3).next_u64());
        assert_ne!(a, stream(7, 4).next_u64());
        assert_ne!(a, stream(8, 3).next_u64());
    }

    #[test]
    fn noise_factor_has_mean_one_and_the_relative_sd() {
        let mut rng = stream(1, 0);
        let n = 200_000;
        let v: Vec<f64> = (0..n).map(|_| factor(0.2, &mut rng)).collect();
        let m = v.iter().sum::<f64>() / n as f64;
        let sd = (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / n as f64).sqrt();
        // Standard errors: 0.2/sqrt(n) = 4.5e-4 for the mean; ~3.5e-4 for the SD.
        assert!((m - 1.0).abs() < 2e-3, "mean {m}");
        assert!((sd - 0.2).abs() < 3e-3, "sd {sd}");
    }
}
