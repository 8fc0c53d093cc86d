//! The frames of `mrio demo`: the shocks, the impact by city (with the ensemble's ranges
//! when given), Type I and II totals, output by city and the top supply-chain paths.
//! Computes nothing: the analysis and the paths come in.

use super::scenario::{method_notes, region_frame, shocks_frame};
use super::spillover::paths_frame;
use super::uncertainty::{drivers_frame, region_ranges_frame};
use super::{fmt_pct, Cell, Column, Frame, Role};
use crate::analysis::paths::PathResult;
use crate::analysis::scenario::{find_indicator, Impacts};
use crate::analysis::ScenarioAnalysis;
use crate::ensemble::ranges::{percent_range, Ranges};
use crate::table::IoTable;

/// What the demo shows.
pub struct DemoInputs<'a> {
    /// The built-in table.
    pub table: &'a IoTable,
    /// The scenario's analysis (scenario 0 is shown).
    pub analysis: &'a ScenarioAnalysis,
    /// Paths ending in the other cluster cities.
    pub to_cities: &'a PathResult,
    /// Ranges of an ensemble on the same table and scenario, if asked for.
    pub ranges: Option<&'a Ranges>,
}

/// Who is where: the shocked regions, the regions outside the cluster (named
/// "Rest of ..." in index.csv: the rest of each province and of the country), and the
/// display name of every region code.
pub struct Groups {
    /// Shocked regions (indices into the impacts' regions).
    pub centre: Vec<usize>,
    /// Regions outside the cluster.
    pub rest: Vec<usize>,
    names: Vec<(String, String)>,
}

impl Groups {
    /// The groups of scenario `s`.
    pub fn of(table: &IoTable, imp: &Impacts, s: usize) -> Groups {
        let names = super::frame_region_names(&table.index);
        let mut g = Groups {
            centre: imp.shocked_regions(s),
            rest: Vec::new(),
            names,
        };
        g.rest = (0..imp.regions.len())
            .filter(|&r| {
                g.name(&imp.regions[r])
                    .to_lowercase()
                    .starts_with("rest of")
            })
            .collect();
        g
    }

    /// The display name of a region code.
    pub fn name(&self, code: &str) -> String {
        self.names
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| code.to_string())
    }

    /// Whether region `r` is one of the other cluster cities.
    pub fn is_other_city(&self, r: usize) -> bool {
        !self.centre.contains(&r) && !self.rest.contains(&r)
    }
}

/// The position of the `output` indicator (else the first).
pub fn output_indicator(imp: &Impacts) -> usize {
    imp.set
        .indicators
        .iter()
        .position(|i| i.name == "output")
        .unwrap_or(0)
}

/// Every frame of the demo, in order.
pub fn frames(inp: &DemoInputs) -> Vec<Frame> {
    let (t, imp, s) = (inp.table, &inp.analysis.impacts, 0);
    let g = Groups::of(t, imp, s);
    let k_out = output_indicator(imp);
    let order = city_order(imp, &g, s, k_out);
    let type_ii = if imp.closed { "Type II" } else { "Type I" };
    let mut frames = vec![shocks(t, imp, s), by_city(imp, &g, &order, inp.ranges)];
    frames.extend(water_frame(t, imp, &g, &order));
    frames.extend(super::planning::limits_frame(imp, inp.ranges).map(|f| f.keyed("water_limits")));
    if let Some(r) = inp.ranges {
        let rows: Vec<usize> = order.iter().map(|(_, x)| *x).collect();
        let inds: Vec<usize> = (0..imp.set.indicators.len()).collect();
        let name_of = |c: &str| g.name(c);
        frames.push(region_ranges_frame(imp, s, &inds, &rows, &name_of, r).keyed("ranges_by_city"));
        let sc = &imp.set.scenarios[s].name;
        let out_name = &imp.set.indicators[k_out].name;
        frames.push(drivers_frame(r, sc, out_name, "other_cities", 5).keyed("drivers"));
    }
    frames.push(totals_frame(imp, s));
    let mut detail = region_frame(imp, s, k_out).keyed("output_by_city");
    detail.title = format!("Output by city: direct, indirect, induced ({type_ii})");
    with_names(&mut detail, &g);
    frames.push(detail);
    let u = t.unit();
    if let Some(p) = &inp.analysis.paths[s] {
        let mut f = paths_frame(p, &t.index, "output in all regions", u).keyed("top_paths");
        f.title
            .push_str(" (Type I: supply chain only, no induced spending)");
        frames.push(f);
    }
    let mut f = paths_frame(
        inp.to_cities,
        &t.index,
        "output in the other cluster cities",
        u,
    )
    .keyed("top_paths_to_cities");
    f.title.push_str(" (Type I)");
    frames.push(f);
    frames
}

/// A `name` column after the region codes (`ROC` -> `Rest of China`), blank on the
/// total row (like an id: views blank it when they merge rows).
fn with_names(f: &mut Frame, g: &Groups) {
    let Some(j) = f.col_of(Role::Region) else {
        return;
    };
    f.columns.insert(j + 1, Column::role("name", Role::Id));
    let total = f.total_row.then(|| f.rows.len() - 1);
    for (i, row) in f.rows.iter_mut().enumerate() {
        let name = match &row[j] {
            Cell::Text(r) if Some(i) != total => g.name(r),
            _ => String::new(),
        };
        row.insert(j + 1, Cell::from(name));
    }
}

fn shocks(t: &IoTable, imp: &Impacts, s: usize) -> Frame {
    let mut f = shocks_frame(imp, t).keyed("shocks");
    f.title = format!(
        "mrio demo: scenario `{}` on the built-in table `{}`",
        imp.set.scenarios[s].name,
        t.meta.name.as_deref().unwrap_or("cluster")
    );
    if let Some(d) = &imp.set.scenarios[s].description {
        f.title.push('\n');
        f.title.push_str(d);
    }
    f.notes.extend(method_notes(imp));
    f
}

/// (rank label, region): the centre first, then the others ranked by output.
fn city_order(imp: &Impacts, g: &Groups, s: usize, k_out: usize) -> Vec<(String, usize)> {
    let mut order: Vec<(String, usize)> = g
        .centre
        .iter()
        .map(|&r| ("centre".to_string(), r))
        .collect();
    order.extend(
        imp.ranked_outside(s, k_out)
            .into_iter()
            .enumerate()
            .map(|(i, (r, _))| ((i + 1).to_string(), r)),
    );
    order
}

/// Impact by city: Type II totals of every indicator, with where the spillover goes.
fn by_city(imp: &Impacts, g: &Groups, order: &[(String, usize)], r: Option<&Ranges>) -> Frame {
    let s = 0;
    let k_out = output_indicator(imp);
    let per_ind: Vec<_> = (0..imp.set.indicators.len())
        .map(|k| imp.by_region(s, k))
        .collect();
    let mut cols = vec![
        Column::role("rank", Role::Rank),
        Column::role("region", Role::Region),
        // Blank when cities are grouped (like an id).
        Column::role("name", Role::Id),
    ];
    for i in &imp.set.indicators {
        cols.push(Column::amount(&i.name, &i.unit));
    }
    cols.push(Column::amount("output_share", "% of total output"));
    let mut f = Frame::new(
        format!(
            "Impact by city, {} totals (direct + indirect{})",
            if imp.closed { "Type II" } else { "Type I" },
            if imp.closed { " + induced" } else { "" }
        ),
        cols,
    )
    .keyed("impact_by_city");
    let total_out = imp.total(s, k_out).total;
    for (rank, x) in order {
        let mut row = vec![
            Cell::from(rank.as_str()),
            Cell::from(&imp.regions[*x]),
            Cell::from(g.name(&imp.regions[*x])),
        ];
        row.extend(per_ind.iter().map(|v| Cell::from(v[*x].total)));
        row.push(Cell::from(100.0 * per_ind[k_out][*x].total / total_out));
        f.push(row);
    }
    f.push_total();
    for (k, i) in imp.set.indicators.iter().enumerate() {
        let out = imp.share_outside(s, k);
        let cities: f64 = per_ind[k]
            .iter()
            .enumerate()
            .filter(|(x, _)| g.is_other_city(*x))
            .map(|(_, c)| c.total)
            .sum::<f64>()
            / imp.total(s, k).total;
        let sc = &imp.set.scenarios[s].name;
        let band = |grp: &str| {
            r.and_then(|r| r.shares.get(&(sc.clone(), i.name.clone(), grp.to_string())))
                .map(|b| format!(" [{}]", percent_range(*b)))
                .unwrap_or_default()
        };
        f.notes.push(format!(
            "{}: {} spills out of the centre ({} to the other cluster cities{}, {} to {}{})",
            i.name,
            fmt_pct(out),
            fmt_pct(cities),
            band("other_cities"),
            fmt_pct(out - cities),
            outside_names(g, &imp.regions),
            band("rest"),
        ));
    }
    if r.is_some() {
        f.notes.push(
            "[in brackets: point (5th-95th percentile) of the ensemble's draws; by city in \
             ranges_by_city]"
                .into(),
        );
    }
    f
}

/// Type I (direct + indirect) and Type II (+ induced) totals of every indicator.
fn totals_frame(imp: &Impacts, s: usize) -> Frame {
    let mut f = Frame::new(
        "Totals: Type I (supply chain) and Type II (with household spending)",
        vec![
            Column::label("indicator"),
            Column::role("unit", Role::Unit),
            Column::per_row("direct", false),
            Column::per_row("type_I", false),
            Column::per_row("induced", false),
            Column::per_row("type_II", false),
        ],
    )
    .keyed("totals");
    for (k, i) in imp.set.indicators.iter().enumerate() {
        let c = imp.total(s, k);
        f.push(vec![
            Cell::from(&i.name),
            Cell::from(&i.unit),
            Cell::from(c.direct),
            Cell::from(c.direct + c.indirect),
            if imp.closed {
                Cell::from(c.induced)
            } else {
                Cell::Missing
            },
            if imp.closed {
                Cell::from(c.total)
            } else {
                Cell::Missing
            },
        ]);
    }
    f
}

/// `the rest of China`, or for several `the rest of Shaanxi, Gansu and China`.
fn outside_names(g: &Groups, regions: &[String]) -> String {
    let names: Vec<String> = g
        .rest
        .iter()
        .map(|&r| {
            let n = g.name(&regions[r]);
            n.get(8..).unwrap_or(&n).to_string() // after "Rest of "
        })
        .collect();
    match names.len() {
        0 => "the rest of the country".into(),
        1 => format!("the rest of {}", names[0]),
        n => format!(
            "the rest of {} and {}",
            names[..n - 1].join(", "),
            names[n - 1]
        ),
    }
}

/// Water withdrawal by city (every effect of the scenario, Type II when closed), with the
/// table's water caps flagged when one binds. `None` when the table has no water.
fn water_frame(t: &IoTable, imp: &Impacts, g: &Groups, order: &[(String, usize)]) -> Option<Frame> {
    let s = 0;
    let water = find_indicator(t, "water").ok()?;
    let total = imp.output[s].total();
    let mut use_by = vec![0.0; imp.regions.len()];
    for (i, x) in total.iter().enumerate() {
        use_by[imp.region_of[i]] += water.per_output[i] * x;
    }
    let checks = imp.limit_checks(s);
    let mut f = Frame::new(
        format!(
            "Water withdrawal by city ({})",
            if imp.closed { "Type II" } else { "Type I" }
        ),
        vec![
            Column::role("rank", Role::Rank),
            Column::role("region", Role::Region),
            Column::role("name", Role::Id),
            Column::amount("water", &water.unit),
        ],
    )
    .keyed("water_by_city");
    for (rank, r) in order {
        f.push(vec![
            Cell::from(rank.as_str()),
            Cell::from(&imp.regions[*r]),
            Cell::from(g.name(&imp.regions[*r])),
            Cell::from(use_by[*r]),
        ]);
    }
    f.push_total();
    let flags: Vec<String> = checks
        .iter()
        .filter(|c| c.indicator == water.name)
        .map(|c| {
            let r = g.name(&imp.regions[c.region]);
            if c.binding {
                format!("BINDING: {r} is above its water cap")
            } else {
                format!("{r} is within its water cap")
            }
        })
        .collect();
    if !flags.is_empty() {
        f.notes
            .push(format!("water caps (see Limits): {}", flags.join("; ")));
    }
    f.notes.push(format!(
        "{} per unit of output of each city's sectors (tables/cluster/water.csv) times the \
         scenario's output change; cap: tables/cluster/limits.csv",
        water.name
    ));
    Some(f)
}
