//! The ensemble's part of a scenario report: the share outside the centre with its
//! range, and a tornado chart of the inputs that move the other cities' share most.

use super::svg::{tornado, TornadoBar};
use crate::analysis::scenario::Impacts;
use crate::ensemble::ranges::{percent_range, Ranges};
use crate::report::{Cell, Column, Frame, Role};

/// Markdown and the tornado chart (file name, SVG) of scenario `s`, indicator `k`;
/// the chart is named `tornado_{slug}.svg`.
pub fn section(
    imp: &Impacts,
    s: usize,
    k: usize,
    r: &Ranges,
    slug: &str,
) -> (String, Vec<(String, Vec<u8>)>) {
    let sc = &imp.set.scenarios[s].name;
    let ind = &imp.set.indicators[k].name;
    let mut md = format!("### Ranges and what drives them ({ind})\n\n");
    let groups = [
        ("centre", "the shocked region(s)"),
        ("other_cities", "the other cities"),
        ("rest", "the rest regions"),
    ];
    for (g, what) in groups {
        if let Some(b) = r.shares.get(&(sc.clone(), ind.clone(), g.to_string())) {
            md.push_str(&format!(
                "- Share of the total in {what}: {} (point, and 5th-95th percentile of {} draws)\n",
                percent_range(*b),
                r.draws
            ));
        }
    }
    md.push('\n');
    let ranked = r.ranked(sc, ind, "other_cities");
    let mut files = Vec::new();
    if ranked.is_empty() {
        return (md, files);
    }
    let bars: Vec<TornadoBar> = ranked
        .iter()
        .map(|x| TornadoBar {
            name: x.input.clone(),
            rho: x.rho.unwrap_or(0.0),
            variance_share: x.variance_share,
        })
        .collect();
    let name = format!("tornado_{slug}.svg");
    files.push((
        name.clone(),
        tornado(
            &format!("{sc}: what moves the other cities' share of {ind}"),
            &format!(
                "uncertain inputs ranked by the share of variance explained ({} draws, {})",
                r.draws,
                // The folder's own name: a long absolute path would run off the chart.
                r.dir
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| r.dir.display().to_string())
            ),
            &bars,
        )
        .into_bytes(),
    ));
    let top = ranked[0];
    md.push_str(&format!(
        "The input that matters most for the other cities' share is `{}`: it explains \
         {:.0}% of the share's variance across the draws (rank correlation {}).\n\n\
         Variance shares under {:.2}% are within the sampling noise of {} draws.\n\n\
         ![what moves the other cities' share, scenario {sc}]({name})\n\n",
        top.input,
        100.0 * top.variance_share,
        top.rho
            .map(|v| format!("{v:+.2}"))
            .unwrap_or_else(|| "undefined: constant".into()),
        100.0 * noise_floor(r.draws),
        r.draws
    ));
    (md, files)
}

/// Ranges by region of scenario `s` for the indicators `inds` (indices into the
/// scenario's indicators), rows in `order` (region indices) and a total row:
/// `IND p05`, `IND p95` per indicator, in the indicator's unit.
pub fn region_ranges_frame(
    imp: &Impacts,
    s: usize,
    inds: &[usize],
    order: &[usize],
    name_of: &dyn Fn(&str) -> String,
    r: &Ranges,
) -> Frame {
    let mut cols = vec![
        Column::role("region", Role::Region),
        Column::role("name", Role::Id),
    ];
    for &k in inds {
        let i = &imp.set.indicators[k];
        cols.push(Column::num(&format!("{} p05", i.name), &i.unit));
        cols.push(Column::num(&format!("{} p95", i.name), &i.unit));
    }
    let mut f = Frame::new(
        format!(
            "Ranges by city: 5th and 95th percentile of {} draws of the ensemble",
            r.draws
        ),
        cols,
    );
    let sc = &imp.set.scenarios[s].name;
    let mut regions: Vec<&str> = order.iter().map(|&g| imp.regions[g].as_str()).collect();
    regions.push("total");
    for region in regions {
        let name = if region == "total" {
            String::new()
        } else {
            name_of(region)
        };
        let mut row = vec![Cell::from(region), Cell::from(name.as_str())];
        for &k in inds {
            let ind = &imp.set.indicators[k].name;
            row.extend(crate::ensemble::ranges::band_cells(
                r, sc, region, "all", ind,
            ));
        }
        f.push(row);
    }
    f.notes.push(format!(
        "ranges of {} draws in {}; the point values are the table's (above)",
        r.draws,
        r.dir.display()
    ));
    f
}

/// The `top` inputs that move `group`'s share of indicator `ind` most, ranked.
pub fn drivers_frame(r: &Ranges, scenario: &str, ind: &str, group: &str, top: usize) -> Frame {
    let whose = match group {
        "centre" => "the centre's",
        "other_cities" => "the other cities'",
        "rest" => "the rest regions'",
        g => g,
    };
    let mut f = Frame::new(
        format!("What moves {whose} share of {ind} most (ensemble sensitivity, ranked)"),
        vec![
            Column::role("rank", Role::Rank),
            Column::label("input"),
            Column::num("spearman", "rank correlation"),
            Column::num("variance_share", "% of variance"),
        ],
    );
    for (i, x) in r
        .ranked(scenario, ind, group)
        .into_iter()
        .take(top)
        .enumerate()
    {
        f.push(vec![
            Cell::from((i + 1).to_string().as_str()),
            Cell::from(x.input.as_str()),
            x.rho.map(Cell::from).unwrap_or(Cell::Missing),
            Cell::from(100.0 * x.variance_share),
        ]);
    }
    f.notes.push(format!(
        "variance shares under {:.2}% are within the sampling noise of {} draws (two \
         standard errors of the estimate for an input that does not matter)",
        100.0 * noise_floor(r.draws),
        r.draws
    ));
    f
}

/// Two standard errors of the binned correlation ratio of an input unrelated to the
/// result: with `k = ⌊√n⌋` bins of `n` draws, `n η²` is about chi-squared with `k - 1`
/// degrees of freedom, so its SD is `√(2 (k - 1)) / n`.
pub fn noise_floor(draws: u64) -> f64 {
    let n = draws.max(2) as f64;
    let k = n.sqrt().floor().max(2.0);
    2.0 * (2.0 * (k - 1.0)).sqrt() / n
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::distr::Distribution;

    #[test]
    fn unrelated_inputs_stay_under_the_noise_floor() {
        // An input that does not matter: x and y independent uniforms, 1000 draws.
        let n = 1000;
        let floor = noise_floor(n as u64);
        let mut above = 0;
        for rep in 0..200 {
            let mut rng = crate::ensemble::sample::stream(11, rep);
            let u = rand::distr::StandardUniform;
            let x: Vec<f64> = (0..n).map(|_| u.sample(&mut rng)).collect();
            let y: Vec<f64> = (0..n).map(|_| u.sample(&mut rng)).collect();
            if crate::ensemble::stats::variance_share(&x, &y) > floor {
                above += 1;
            }
        }
        // Two standard errors: about 2.5% one-sided in theory; allow up to 7%.
        assert!(above <= 14, "{above} of 200 above the floor {floor}");
        assert!(floor > 0.0 && floor < 0.02);
    }
}
