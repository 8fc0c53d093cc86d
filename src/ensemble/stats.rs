//! Summary statistics of draws: mean, SD, percentiles, Spearman rank correlation and the
//! share of variance an input explains. Sums run in draw order, so results do not depend
//! on how the draws were scheduled.

/// Mean, sample SD (n − 1) and the 5th, 50th and 95th percentiles.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    /// Mean.
    pub mean: f64,
    /// Sample standard deviation (0 for one draw).
    pub sd: f64,
    /// 5th percentile.
    pub p05: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
}

/// Percentile `p` (0..=1) of sorted values, linear between order statistics
/// (Hyndman & Fan 1996 type 7, the default of R and NumPy).
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    if n == 1 {
        return sorted[0];
    }
    let h = (n - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    let v = sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]);
    // Between two equal order statistics the value is exactly that statistic.
    if sorted[lo] == sorted[hi] {
        sorted[lo]
    } else {
        v
    }
}

/// Summary of values (at least one).
pub fn summarize(v: &[f64]) -> Summary {
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    // All equal: exactly that value and no spread (no rounding of the mean).
    if v.iter().all(|x| *x == v[0]) {
        return Summary {
            mean: v[0],
            sd: 0.0,
            p05: v[0],
            p50: v[0],
            p95: v[0],
        };
    }
    let sd = if v.len() > 1 {
        (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
    } else {
        0.0
    };
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    Summary {
        mean,
        sd,
        p05: percentile(&s, 0.05),
        p50: percentile(&s, 0.5),
        p95: percentile(&s, 0.95),
    }
}

/// Ranks 1..n, ties sharing their average rank.
pub fn ranks(v: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_by(|&a, &b| v[a].total_cmp(&v[b]).then(a.cmp(&b)));
    let mut r = vec![0.0; v.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && v[idx[j + 1]] == v[idx[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for &k in &idx[i..=j] {
            r[k] = avg;
        }
        i = j + 1;
    }
    r
}

fn pearson(a: &[f64], b: &[f64]) -> Option<f64> {
    let n = a.len() as f64;
    let ma = a.iter().sum::<f64>() / n;
    let mb = b.iter().sum::<f64>() / n;
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        sab += (x - ma) * (y - mb);
        saa += (x - ma) * (x - ma);
        sbb += (y - mb) * (y - mb);
    }
    if saa == 0.0 || sbb == 0.0 {
        None
    } else {
        Some(sab / (saa * sbb).sqrt())
    }
}

/// Spearman rank correlation (None when either side is constant).
pub fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    pearson(&ranks(x), &ranks(y))
}

/// Share of the variance of `y` explained by `x`: the correlation ratio
/// `η² = Var(E[y | x]) / Var(y)` (first-order sensitivity index), with `E[y | x]`
/// estimated in bins of `x` — one per distinct value when `x` takes few values (a
/// choice), else `⌊√n⌋` bins of equal count — and corrected for the bias of binning
/// like an adjusted R²: `1 − (1 − η²)(n − 1)/(n − B)`, floored at 0.
pub fn variance_share(x: &[f64], y: &[f64]) -> f64 {
    let n = y.len();
    let my = y.iter().sum::<f64>() / n as f64;
    let tot: f64 = y.iter().map(|v| (v - my).powi(2)).sum();
    if tot == 0.0 || n < 3 {
        return 0.0;
    }
    let mut idx: Vec<usize> = (0..n).collect();
    idx.sort_by(|&a, &b| x[a].total_cmp(&x[b]).then(a.cmp(&b)));
    let mut distinct: Vec<f64> = x.to_vec();
    distinct.sort_by(f64::total_cmp);
    distinct.dedup();
    let bins: Vec<Vec<usize>> = if distinct.len() <= 20 {
        distinct
            .iter()
            .map(|d| idx.iter().copied().filter(|&i| x[i] == *d).collect())
            .collect()
    } else {
        let b = ((n as f64).sqrt().floor() as usize).max(2);
        (0..b)
            .map(|k| idx[k * n / b..(k + 1) * n / b].to_vec())
            .collect()
    };
    let between: f64 = bins
        .iter()
        .filter(|b| !b.is_empty())
        .map(|b| {
            let m = b.iter().map(|&i| y[i]).sum::<f64>() / b.len() as f64;
            b.len() as f64 * (m - my).powi(2)
        })
        .sum();
    let eta2 = between / tot;
    let nb = bins.iter().filter(|b| !b.is_empty()).count();
    if nb < 2 || n <= nb {
        return 0.0;
    }
    (1.0 - (1.0 - eta2) * (n - 1) as f64 / (n - nb) as f64).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_match_type_7() {
        // R: quantile(1:10, c(.05,.5,.95)) = 1.45 5.5 9.55
        let v: Vec<f64> = (1..=10).map(f64::from).collect();
        let s = summarize(&v);
        assert!((s.p05 - 1.45).abs() < 1e-12);
        assert!((s.p50 - 5.5).abs() < 1e-12);
        assert!((s.p95 - 9.55).abs() < 1e-12);
        // R: sd(1:10) = 3.02765
        assert!((s.sd - 3.0276503540974917).abs() < 1e-12);
    }

    #[test]
    fn spearman_of_monotone_and_reversed() {
        let x = [1.0, 2.0, 3.0, 4.0, 5.0];
        let y = [1.0, 4.0, 9.0, 16.0, 100.0];
        assert!((spearman(&x, &y).unwrap() - 1.0).abs() < 1e-12);
        let z = [5.0, 4.0, 3.0, 2.0, 1.0];
        assert!((spearman(&x, &z).unwrap() + 1.0).abs() < 1e-12);
        assert!(spearman(&x, &[1.0; 5]).is_none());
        // Ties share ranks: average ranks 1.5, 1.5, 3.
        assert_eq!(ranks(&[2.0, 2.0, 5.0]), vec![1.5, 1.5, 3.0]);
    }

    #[test]
    fn variance_share_of_additive_inputs() {
        // y = a + b with a, b independent and equal variance: each explains ~half.
        let mut rng = super::super::sample::stream(3, 0);
        use rand::distr::Distribution;
        let n = 4000;
        let (a, b): (Vec<f64>, Vec<f64>) = (0..n)
            .map(|_| {
                let u = rand::distr::StandardUniform;
                let x: f64 = u.sample(&mut rng);
                let y: f64 = u.sample(&mut rng);
                (x, y)
            })
            .unzip();
        let y: Vec<f64> = a.iter().zip(&b).map(|(x, z)| x + z).collect();
        let sa = variance_share(&a, &y);
        let sb = variance_share(&b, &y);
        assert!((sa - 0.5).abs() < 0.05, "{sa}");
        assert!((sb - 0.5).abs() < 0.05, "{sb}");
        // An unrelated input explains about nothing.
        let c: Vec<f64> = (0..n).map(|i| ((i * 7919) % 1000) as f64).collect();
        assert!(variance_share(&c, &y) < 0.03);
    }
}
