//! The impact-by-region charts of a scenario report: one per indicator, the shocked
//! region(s) and the rest of the country in one panel and the other cities of the
//! cluster in a second panel on their own scale, with ensemble whiskers when given.

use super::demo::Groups;
use super::svg::{bar_panels, Panel, Series};
use crate::analysis::scenario::Impacts;
use crate::ensemble::ranges::Ranges;
use crate::table::IoTable;

/// The chart of indicator `k` in scenario `s`; `factor` converts the indicator's unit
/// to `unit` (the report's). The title is the scenario's description when it has one.
pub fn impact_chart(
    t: &IoTable,
    imp: &Impacts,
    s: usize,
    k: usize,
    ranges: Option<&Ranges>,
    (factor, unit): (f64, &str),
) -> String {
    let sc = &imp.set.scenarios[s];
    let ind = &imp.set.indicators[k];
    let g = Groups::of(t, imp, s);
    let mut first: Vec<usize> = imp.shocked_regions(s);
    let ranked: Vec<usize> = imp
        .ranked_outside(s, k)
        .into_iter()
        .map(|(r, _)| r)
        .collect();
    let cities: Vec<usize> = ranked
        .iter()
        .copied()
        .filter(|&r| g.is_other_city(r))
        .collect();
    // One panel when the cities' bars would be visible anyway (few regions, no centre).
    let split = !cities.is_empty() && cities.len() < ranked.len();
    if split {
        first.extend(ranked.iter().copied().filter(|&r| !g.is_other_city(r)));
    } else {
        first.extend(ranked.iter().copied());
    }
    let panel = |order: &[usize], heading: Option<String>| -> Panel<'static> {
        let by = imp.by_region(s, k);
        let values = |f: fn(&crate::analysis::scenario::Components) -> f64| -> Vec<f64> {
            order.iter().map(|&r| factor * f(&by[r])).collect()
        };
        let mut series = vec![
            Series {
                name: "direct",
                color: "#1f4e79",
                values: values(|c| c.direct),
            },
            Series {
                name: "indirect",
                color: "#5b9bd5",
                values: values(|c| c.indirect),
            },
        ];
        if imp.closed {
            series.push(Series {
                name: "induced",
                color: "#f4b183",
                values: values(|c| c.induced),
            });
        }
        let ranges = match ranges {
            Some(rg) => order
                .iter()
                .map(|&r| {
                    rg.get(&sc.name, &imp.regions[r], "all", &ind.name)
                        .map(|b| (factor * b.1, factor * b.2))
                })
                .collect(),
            None => Vec::new(),
        };
        Panel {
            heading,
            labels: order.iter().map(|&r| g.name(&imp.regions[r])).collect(),
            series,
            ranges,
        }
    };
    let mut panels = Vec::new();
    if split {
        panels.push(panel(
            &first,
            Some("Shocked region(s) and the regions outside the cluster".into()),
        ));
        panels.push(panel(
            &cities,
            Some("The other cities of the cluster (own scale)".into()),
        ));
    } else {
        panels.push(panel(&first, None));
    }
    let what = match &sc.description {
        Some(d) => format!("{d} ({})", sc.name),
        None => format!("Scenario {}", sc.name),
    };
    let mut title = format!("{what}: {} by region", ind.name);
    if ranges.is_some() {
        title.push_str(" (whiskers: 5th-95th percentile of the ensemble)");
    }
    bar_panels(&title, unit, &panels)
}
