//! Frames for the planning parts of a scenario file: limits checked per region, capacity
//! caps (unmet and shifted demand) and the value-added split of enclave plants.

use super::{Cell, Column, Frame, Role};
use crate::analysis::scenario::plan::EnclaveSplit;
use crate::analysis::scenario::{available_indicators, Impacts};
use crate::ensemble::limits::LimitRange;
use crate::ensemble::ranges::Ranges;
use crate::table::IoTable;

/// Every `[[limit]]` checked against every scenario: increase, cap, headroom (negative =
/// excess) and whether it binds. With the ranges `r` of an ensemble: the 5th-95th
/// percentile of the increase and the share of draws in which the cap binds. `None`
/// when the file has no limits.
pub fn limits_frame(imp: &Impacts, r: Option<&Ranges>) -> Option<Frame> {
    if imp.set.limits.is_empty() {
        return None;
    }
    let mut cols = vec![
        Column::label("scenario"),
        Column::role("region", Role::Region),
        Column::label("indicator"),
        Column::role("unit", Role::Unit),
        Column::per_row("increase", false),
        Column::per_row("cap", false),
        Column::per_row("headroom", false),
        Column::label("binding"),
    ];
    if r.is_some() {
        cols.push(Column::per_row("increase p05", false));
        cols.push(Column::per_row("increase p95", false));
        cols.push(Column::num("binding share", "%"));
    }
    let mut f =
        Frame::new("Limits: additional use per region against its cap", cols).keyed("limits");
    let mut binding = Vec::new();
    // Limits the ensemble has no band for, and those it has no draws for.
    let (mut no_range, mut no_share) = (Vec::new(), Vec::new());
    for (s, sc) in imp.set.scenarios.iter().enumerate() {
        for c in imp.limit_checks(s) {
            let region = &imp.regions[c.region];
            if c.binding {
                binding.push(format!("`{}` {region} {}", sc.name, c.indicator));
            }
            let mut row = vec![
                Cell::from(sc.name.as_str()),
                Cell::from(region.as_str()),
                Cell::from(c.indicator.as_str()),
                Cell::from(c.unit.as_str()),
                Cell::from(c.increase),
                Cell::from(c.cap),
                Cell::from(c.headroom),
                Cell::from(if c.binding { "yes" } else { "no" }),
            ];
            if let Some(r) = r {
                let lr = r.limit(&sc.name, region, &c.indicator, c.cap);
                let name = format!("`{}` {region} {}", sc.name, c.indicator);
                match lr {
                    None => no_range.push(name),
                    Some(l) if l.binding_share.is_none() => no_share.push(name),
                    Some(_) => {}
                }
                row.extend(limit_range_cells(lr));
            }
            f.push(row);
        }
    }
    f.notes.push(
        "increase = direct + indirect (+ induced) use in the region; headroom = cap - \
         increase (negative: excess over the cap)"
            .into(),
    );
    f.notes.push(if binding.is_empty() {
        "no limit binds".into()
    } else {
        format!("BINDING: {}", binding.join("; "))
    });
    if let Some(r) = r {
        f.notes.push(limit_range_note(r, &no_range, &no_share));
    }
    Some(f)
}

/// The `increase p05`, `increase p95` and `binding share` cells of one limit.
fn limit_range_cells(lr: Option<LimitRange>) -> [Cell; 3] {
    match lr {
        Some(l) => [
            Cell::from(l.p05),
            Cell::from(l.p95),
            l.binding_share
                .map(|b| Cell::from(100.0 * b))
                .unwrap_or(Cell::Missing),
        ],
        None => [Cell::Missing, Cell::Missing, Cell::Missing],
    }
}

/// What the range columns of the limits frame are, and which limits lack them.
fn limit_range_note(r: &Ranges, no_range: &[String], no_share: &[String]) -> String {
    let mut n = format!(
        "increase p05/p95: 5th-95th percentile of {} draws in {}; binding share: share of \
         the draws in which the increase exceeds the cap (`binding` is the point estimate)",
        r.draws,
        r.dir.display()
    );
    if !no_range.is_empty() {
        n.push_str(&format!(
            "; no range for {}: the ensemble did not compute that indicator (an ensemble \
             tracks the indicators its scenario file lists or caps: add the limit to that \
             file, or the indicator to its `indicators`, and rerun it)",
            no_range.join(", ")
        ));
    }
    if !no_share.is_empty() {
        n.push_str(&format!(
            "; no binding share for {}: the ensemble folder has no per-draw region totals \
             (regions.csv) of it",
            no_share.join(", ")
        ));
    }
    n
}

/// Capacity caps per scenario: allowed increase, output increase reached, demand left
/// unmet or shifted to other regions. `None` without `[[capacity]]`.
pub fn capacity_frame(imp: &Impacts, table: &IoTable) -> Option<Frame> {
    if imp.set.capacity.is_empty() {
        return None;
    }
    let unit = table.unit();
    let ix = &table.index;
    let mut f = Frame::new(
        "Capacity caps",
        vec![
            Column::label("scenario"),
            Column::role("region", Role::Region),
            Column::role("sector", Role::Sector),
            Column::num("max increase", unit),
            Column::num("output increase", unit),
            Column::amount("unmet", unit),
            Column::amount("shifted", unit),
            Column::label("binding"),
        ],
    )
    .keyed("capacity");
    for (s, sc) in imp.set.scenarios.iter().enumerate() {
        let Some(m) = &imp.constrained[s] else {
            continue;
        };
        for c in &imp.set.capacity {
            let p = c.position;
            f.push(vec![
                Cell::from(sc.name.as_str()),
                Cell::from(ix.regions()[p].as_str()),
                Cell::from(ix.sectors()[p].as_str()),
                Cell::from(c.max_increase),
                Cell::from(m.x[p]),
                Cell::from(m.unmet[p]),
                Cell::from(m.shifted[p]),
                Cell::from(if m.binding.contains(&p) { "yes" } else { "no" }),
            ]);
        }
    }
    f.notes.push(
        "a cap binds only when the unconstrained increase exceeds it (caps fixed, \
         re-solved until no new cap binds); unmet = demand for the capped product nobody \
         supplies; shifted = demand moved to the same product's other regions by trade share"
            .into(),
    );
    Some(f)
}

/// Value added of every scenario with an enclave plant, per region, by place of
/// production and by who gains (the home region's share of the plant's own value added
/// moves from host to home). `None` when no scenario has an enclave.
pub fn enclave_frames(imp: &Impacts, table: &IoTable) -> Vec<Frame> {
    let Some(va) = available_indicators(table, &[])
        .into_iter()
        .find(|i| i.name == "value-added")
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (s, sc) in imp.set.scenarios.iter().enumerate() {
        let Some(split) = imp.enclave_split(s, &va) else {
            continue;
        };
        let (produced, gains) = (&split.produced, &split.gained);
        out.push(enclave_plants_frame(imp, table, &sc.name, &split, &va.unit));
        let mut f = Frame::new(
            format!(
                "Scenario `{}`: value added by place of production and by who gains",
                sc.name
            ),
            vec![
                Column::role("region", Role::Region),
                Column::amount("produced", &va.unit),
                Column::amount("gained", &va.unit),
            ],
        )
        .keyed(&format!("{}_enclave", sc.name));
        for (r, name) in imp.regions.iter().enumerate() {
            if produced[r] != 0.0 || gains[r] != 0.0 {
                f.push(vec![
                    Cell::from(name.as_str()),
                    Cell::from(produced[r]),
                    Cell::from(gains[r]),
                ]);
            }
        }
        f.push_total();
        out.push(f);
    }
    out
}

/// One row per enclave plant of scenario `name`: the plant's own value added, the home
/// region's share and the parts accruing to home and staying in the host, in `unit`
/// (converted with `--unit` like every amount column).
fn enclave_plants_frame(
    imp: &Impacts,
    table: &IoTable,
    name: &str,
    split: &EnclaveSplit,
    unit: &str,
) -> Frame {
    let mut f = Frame::new(
        format!("Scenario `{name}`: enclave plants' own value added, home and host parts"),
        vec![
            Column::label("plant"),
            Column::role("home", Role::Region),
            Column::label("host"),
            Column::amount("value added", unit),
            Column::num("home share", "%"),
            Column::amount("to home", unit),
            Column::amount("stays in host", unit),
        ],
    )
    .keyed(&format!("{name}_enclave_plants"));
    for p in &split.plants {
        f.push(vec![
            Cell::from(table.index.ids()[p.position].as_str()),
            Cell::from(imp.regions[p.home].as_str()),
            Cell::from(imp.regions[imp.region_of[p.position]].as_str()),
            Cell::from(p.value_added),
            Cell::from(100.0 * p.share),
            Cell::from(p.to_home),
            Cell::from(p.value_added - p.to_home),
        ]);
    }
    f.notes.push(
        "value added = the plant's own (direct) value added; to home = home share x value \
         added, moved from host to home in the `gained` column"
            .into(),
    );
    f
}

/// Every scenario's enclave plants in one frame with a `scenario` column (the CSV form:
/// one header, `name [unit]` headers). `None` when no scenario has an enclave.
pub fn enclave_plants_long(imp: &Impacts, table: &IoTable) -> Option<Frame> {
    let va = available_indicators(table, &[])
        .into_iter()
        .find(|i| i.name == "value-added")?;
    let mut out: Option<Frame> = None;
    for (s, sc) in imp.set.scenarios.iter().enumerate() {
        let Some(split) = imp.enclave_split(s, &va) else {
            continue;
        };
        let f = enclave_plants_frame(imp, table, &sc.name, &split, &va.unit);
        let o = out.get_or_insert_with(|| {
            let mut cols = vec![Column::label("scenario")];
            cols.extend(f.columns.iter().cloned());
            let mut o = Frame::new("Enclave plants: own value added, home and host parts", cols)
                .keyed("enclave_plants");
            o.notes = f.notes.clone();
            o
        });
        for row in f.rows {
            let mut r = vec![Cell::from(sc.name.as_str())];
            r.extend(row);
            o.push(r);
        }
    }
    out
}

/// All planning frames of a result, in report order (limit ranges when `r` is given).
pub fn planning_frames(imp: &Impacts, table: &IoTable, r: Option<&Ranges>) -> Vec<Frame> {
    let mut v: Vec<Frame> = limits_frame(imp, r).into_iter().collect();
    v.extend(capacity_frame(imp, table));
    v.extend(enclave_frames(imp, table));
    v
}
