//! Frames for spillover decompositions, region x region matrices and paths.

use super::{Cell, Column, Frame, Role};
use crate::analysis::paths::PathResult;
use crate::analysis::spillover::{column_sums, Decomposition, Direction, RegionMatrix, TwoGroup};
use crate::table::Index;

/// Units of a decomposition's values: (short unit for column headers, meaning).
/// `indicator` is `None` for output, else (name, unit) of the indicator.
pub fn decomposition_units(
    d: &Decomposition,
    unit: &str,
    indicator: Option<(&str, &str)>,
) -> (String, String) {
    match (d.direction, indicator) {
        (Direction::Backward, None) => (
            format!("{unit}/{unit}"),
            format!("{unit} of output per {unit} of final demand"),
        ),
        (Direction::Backward, Some((name, u))) => (
            format!("{u} per {unit}"),
            format!("{u} ({name}) per {unit} of final demand"),
        ),
        (Direction::Forward, _) => (
            format!("{unit}/{unit}"),
            format!("{unit} of output per {unit} of primary input"),
        ),
    }
}

/// One row per origin: intra, feedback, spillover (total), multiplier, spillover share,
/// and the largest receiving region.
pub fn origin_frame(d: &Decomposition, index: &Index, units: &(String, String)) -> Frame {
    let u = units.0.clone();
    let title = match d.direction {
        Direction::Backward => {
            "Spillover and feedback per unit of final demand (backward, Leontief): \
             intra + feedback + spillover = multiplier w'L"
        }
        Direction::Forward => {
            "Spillover and feedback per unit of primary input (forward, Ghosh): \
             intra + feedback + spillover = row sum of G"
        }
    };
    let mut f = Frame::new(
        title,
        vec![
            Column::role("origin_region", Role::Region),
            Column::role("origin_sector", Role::Sector),
            Column::num("intra", &u),
            Column::num("feedback", &u),
            Column::num("spillover", &u),
            Column::num("multiplier", &u),
            Column::num("spillover_share", "share of multiplier"),
            Column::label("top_destination"),
        ],
    );
    for i in 0..index.len() {
        let spill = d.total_spillover(i);
        let top = (0..d.regions.len())
            .filter(|&s| s != d.region_of[i])
            .max_by(|&a, &b| d.by_region[(i, a)].total_cmp(&d.by_region[(i, b)]))
            .map(|s| d.regions[s].clone())
            .unwrap_or_default();
        f.push(vec![
            Cell::from(index.regions()[i].as_str()),
            Cell::from(index.sectors()[i].as_str()),
            Cell::from(d.intra[i]),
            Cell::from(d.feedback[i]),
            Cell::from(spill),
            Cell::from(d.total[i]),
            Cell::from(spill / d.total[i]),
            Cell::from(top),
        ]);
    }
    f.notes.push(format!(
        "intra = w_r'L_r e_j with L_r = (I - A^rr)^-1; feedback = w_r'(L^rr - L_r) e_j; \
         spillover = sum over s != r of w_s'L^sr e_j; w = 1 for output, else the indicator \
         per unit output (Miller 1966; Round 1985; Dietzenbacher 2002){}",
        if d.direction == Direction::Forward {
            " -- here with row sums of G = (I - B)^-1"
        } else {
            ""
        }
    ));
    f.notes.push(format!("values are {}", units.1));
    f.notes.push(format!(
        "max relative residual of the solves: {:.1e}",
        d.residual
    ));
    f
}

/// Long rows `origin_region,origin_sector,destination_region,component,value` with
/// component `intra`, `feedback` (destination = origin region) or `spillover` (one row
/// per other region).
pub fn long_frame(d: &Decomposition, index: &Index, units: &(String, String)) -> Frame {
    let mut f = Frame::new(
        "Spillover decomposition (long form)",
        vec![
            Column::role("origin_region", Role::Region),
            Column::role("origin_sector", Role::Sector),
            Column::label("destination_region"),
            Column::label("component"),
            Column::num("value", &units.0),
        ],
    );
    for i in 0..index.len() {
        let r = index.regions()[i].as_str();
        let s = index.sectors()[i].as_str();
        f.push(vec![
            r.into(),
            s.into(),
            r.into(),
            "intra".into(),
            Cell::from(d.intra[i]),
        ]);
        f.push(vec![
            r.into(),
            s.into(),
            r.into(),
            "feedback".into(),
            Cell::from(d.feedback[i]),
        ]);
        for (k, dest) in d.regions.iter().enumerate() {
            if k != d.region_of[i] {
                f.push(vec![
                    r.into(),
                    s.into(),
                    dest.as_str().into(),
                    "spillover".into(),
                    Cell::from(d.by_region[(i, k)]),
                ]);
            }
        }
    }
    f
}

fn square(title: &str, regions: &[String], m: &[Vec<f64>], unit: &str, corner: &str) -> Frame {
    let mut cols = vec![Column::role(corner, Role::Region)];
    cols.extend(regions.iter().map(|r| Column::num(r, unit)));
    let mut f = Frame::new(title, cols);
    for (s, row) in m.iter().enumerate() {
        let mut cells = vec![Cell::from(regions[s].as_str())];
        cells.extend(row.iter().map(|&v| Cell::from(v)));
        f.push(cells);
    }
    f
}

/// The region x region frames: multipliers, scale-weighted flows, net spillovers,
/// dependence ratios.
pub fn region_frames(rm: &RegionMatrix, unit: &str) -> Vec<Frame> {
    let mut m = square(
        "Region x region output multipliers: output in the row region per unit of final \
         demand for the column region's products (final-demand mix of the column region)",
        &rm.regions,
        &rm.multiplier,
        &format!("{unit}/{unit}"),
        "destination/origin",
    );
    m.notes.push(
        "column sums = the origin region's average output multiplier; off-diagonal = spillover"
            .into(),
    );
    let s = square(
        "Scale-weighted flows S^sr = 1'L^sr f^r: output in the row region sustained by the \
         column region's actual final demand",
        &rm.regions,
        &rm.scaled,
        unit,
        "destination/origin",
    );
    let n = square(
        "Net spillovers NS^(r->s) = S^sr - S^rs (row r = origin, column s = destination)",
        &rm.regions,
        &rm.net,
        unit,
        "origin/destination",
    );
    let dep = square(
        "Dependence S^sr / 1'x^s: share of the row region's output sustained by the column \
         region's final demand",
        &rm.regions,
        &rm.dependence,
        "share of output",
        "destination/origin",
    );
    vec![
        m.keyed("multiplier"),
        s.keyed("scaled"),
        n.keyed("net"),
        dep.keyed("dependence"),
    ]
}

/// The four region x region matrices as one long table
/// `matrix,destination,origin,value,unit` (origin and destination as in each matrix's
/// title: for `net` the row is the origin).
pub fn region_long_frame(rm: &RegionMatrix, unit: &str) -> Frame {
    let mut f = Frame::new(
        "Region x region matrices (long form)",
        vec![
            Column::label("matrix"),
            Column::role("row_region", Role::Region),
            Column::label("column_region"),
            Column::per_row("value", false),
            Column::role("unit", Role::Unit),
        ],
    )
    .keyed("region_matrices");
    let per = format!("{unit}/{unit}");
    for (name, m, u) in [
        ("multiplier", &rm.multiplier, per.as_str()),
        ("scaled", &rm.scaled, unit),
        ("net", &rm.net, unit),
        ("dependence", &rm.dependence, "share of output"),
    ] {
        for (r, row) in m.iter().enumerate() {
            for (c, &v) in row.iter().enumerate() {
                f.push(vec![
                    Cell::from(name),
                    Cell::from(&rm.regions[r]),
                    Cell::from(&rm.regions[c]),
                    Cell::from(v),
                    Cell::from(u),
                ]);
            }
        }
    }
    f.notes.push(
        "multiplier and scaled and dependence: row = destination, column = origin; \
         net: row = origin, column = destination"
            .into(),
    );
    f
}

/// Per-origin column sums of Round's and Stone's matrices for a two-group split.
pub fn split_frame(tg: &TwoGroup, index: &Index, unit: &str) -> Frame {
    let u = format!("{unit}/{unit}");
    let mut f = Frame::new(
        "Two-group split: column sums of Round's M1, M2, M3 (L = M3 M2 M1) and Stone's N1, \
         N2, N3 (L = I + N1 + N2 + N3)",
        vec![
            Column::role("origin_region", Role::Region),
            Column::role("origin_sector", Role::Sector),
            Column::label("group"),
            Column::num("M1", &u),
            Column::num("M2", &u),
            Column::num("M3", &u),
            Column::num("N1_intra", &u),
            Column::num("N2_open_loop", &u),
            Column::num("N3_closed_loop", &u),
            Column::num("multiplier", &u),
        ],
    );
    let cs = |m: &faer::Mat<f64>| column_sums(m.as_ref());
    let (m1, m2, m3, n1, n2, n3) = (
        cs(&tg.m1),
        cs(&tg.m2),
        cs(&tg.m3),
        cs(&tg.n1),
        cs(&tg.n2),
        cs(&tg.n3),
    );
    for i in 0..index.len() {
        f.push(vec![
            Cell::from(index.regions()[i].as_str()),
            Cell::from(index.sectors()[i].as_str()),
            Cell::from(if tg.in_group1[i] { "1" } else { "2" }),
            Cell::from(m1[i]),
            Cell::from(m2[i]),
            Cell::from(m3[i]),
            Cell::from(n1[i]),
            Cell::from(n2[i]),
            Cell::from(n3[i]),
            Cell::from(1.0 + n1[i] + n2[i] + n3[i]),
        ]);
    }
    f.notes.push(
        "N2 is the first-pass spillover to the other group; spillover amplified by feedback \
         sits in N3 (docs/methods.md 5.3)"
            .into(),
    );
    f
}

/// The listed paths of a structural path analysis.
pub fn paths_frame(p: &PathResult, index: &Index, what: &str, unit: &str) -> Frame {
    let label = |i: usize| format!("{}/{}", index.regions()[i], index.sectors()[i]);
    let from = if p.demand.len() == 1 {
        label(p.demand[0].0)
    } else {
        format!("{} sectors", p.demand.len())
    };
    let mut f = Frame::new(
        format!("Structural paths from final demand for {from} to {what}"),
        vec![
            Column::role("rank", Role::Rank),
            Column::label("order"),
            Column::num("value", unit),
            Column::amount("share", "% of total effect"),
            Column::label("path (demand -> supplier -> ...)"),
        ],
    );
    for (k, path) in p.paths.iter().enumerate() {
        f.push(vec![
            Cell::from((k + 1).to_string()),
            Cell::from((path.nodes.len() - 1).to_string()),
            Cell::from(path.value),
            Cell::from(100.0 * path.value / p.total),
            Cell::from(
                path.nodes
                    .iter()
                    .map(|&i| label(i))
                    .collect::<Vec<_>>()
                    .join(" -> "),
            ),
        ]);
    }
    f.push(vec![
        Cell::from(""),
        Cell::from(""),
        Cell::from(p.total),
        Cell::from(100.0),
        Cell::from("total effect (all paths)"),
    ]);
    f.notes.push(format!(
        "the {} listed paths cover {:.2}% of the total effect; \
         {} paths at or above the threshold cover {:.2}%",
        p.paths.len(),
        100.0 * p.coverage(),
        p.recorded,
        100.0 * p.recorded_sum / p.total
    ));
    if p.truncated {
        f.notes.push(format!(
            "search stopped after {} nodes: raise the threshold for a complete search",
            p.nodes_visited
        ));
    }
    f
}
