//! Two scenarios of one file side by side:
//! the total impact of each by region, for every indicator of the file, with the
//! difference B − A and the change relative to A (docs/views.md).

use super::{Cell, Column, Frame, Role};
use crate::analysis::scenario::Impacts;
use crate::error::{Error, Result};

/// The positions of the scenarios named `a` and `b` (an error lists the file's names).
pub fn pick(imp: &Impacts, names: &[String]) -> Result<(usize, usize)> {
    let all = || {
        imp.set
            .scenarios
            .iter()
            .map(|s| format!("`{}`", s.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let [a, b] = names else {
        return Err(Error::bad_value(
            "scenarios to compare",
            format!("{} names", names.len()),
            format!("two scenario names, `A,B`; the file has {}", all()),
        ));
    };
    let find = |n: &String| {
        imp.set
            .scenarios
            .iter()
            .position(|s| s.name == *n)
            .ok_or_else(|| Error::Unknown {
                place: imp.set.path.display().to_string(),
                what: "scenario".into(),
                name: n.clone(),
                known: format!("the file has {}", all()),
            })
    };
    let (ia, ib) = (find(a)?, find(b)?);
    if ia == ib {
        return Err(Error::conflict(
            format!("comparing `{a}` with `{b}`"),
            "name two different scenarios",
        ));
    }
    Ok((ia, ib))
}

/// Column names of the two scenarios' totals (a scenario named like a fixed column gets
/// a prefix, so every column keeps its own name).
fn names(imp: &Impacts, a: usize, b: usize) -> (String, String) {
    let fixed = ["region", "indicator", "unit", "difference", "change"];
    let name = |s: usize| {
        let n = &imp.set.scenarios[s].name;
        if fixed.contains(&n.as_str()) {
            format!("scenario {n}")
        } else {
            n.clone()
        }
    };
    (name(a), name(b))
}

/// One frame per indicator: region, total of A, total of B, difference B − A, change
/// `100 (B − A) / |A|` in %; regions in table order, then the total.
pub fn compare_frames(imp: &Impacts, a: usize, b: usize) -> Vec<Frame> {
    let (na, nb) = names(imp, a, b);
    let mut out = Vec::new();
    for (k, ind) in imp.set.indicators.iter().enumerate() {
        let u = ind.unit.as_str();
        let mut f = Frame::new(
            format!("`{nb}` against `{na}`: total {} by region", ind.name),
            vec![
                Column::role("region", Role::Region),
                Column::amount(&na, u),
                Column::amount(&nb, u),
                Column::difference("difference", Some(u), &nb, &na),
                Column::change("change", "difference", &na),
            ],
        )
        .keyed(&format!("compare_{}", ind.name));
        push_rows(imp, a, b, k, &mut f, &|_| Vec::new());
        f.push_total();
        f.notes.push(note(&na, &nb));
        out.push(f);
    }
    out
}

/// The long form (CSV): one row per region and indicator, units in the `unit` column.
pub fn compare_long(imp: &Impacts, a: usize, b: usize) -> Frame {
    let (na, nb) = names(imp, a, b);
    let mut f = Frame::new(
        format!("`{nb}` against `{na}` by region"),
        vec![
            Column::role("region", Role::Region),
            Column::label("indicator"),
            Column::role("unit", Role::Unit),
            Column::per_row(&na, true),
            Column::per_row(&nb, true),
            Column::difference("difference", None, &nb, &na),
            Column::change("change", "difference", &na),
        ],
    )
    .keyed("compare");
    for (k, ind) in imp.set.indicators.iter().enumerate() {
        let labels = |_: usize| vec![Cell::from(ind.name.as_str()), Cell::from(ind.unit.as_str())];
        push_rows(imp, a, b, k, &mut f, &labels);
    }
    f.notes.push(note(&na, &nb));
    f
}

/// Rows `region, labels(r)..., A, B, B − A, change` of indicator `k`.
fn push_rows(
    imp: &Impacts,
    a: usize,
    b: usize,
    k: usize,
    f: &mut Frame,
    labels: &dyn Fn(usize) -> Vec<Cell>,
) {
    let (ra, rb) = (imp.by_region(a, k), imp.by_region(b, k));
    for (r, name) in imp.regions.iter().enumerate() {
        let (ta, tb) = (ra[r].total, rb[r].total);
        let mut row = vec![Cell::from(name.as_str())];
        row.extend(labels(r));
        row.extend([Cell::from(ta), Cell::from(tb), Cell::Missing, Cell::Missing]);
        f.derive(&mut row);
        f.push(row);
    }
}

fn note(a: &str, b: &str) -> String {
    format!(
        "totals (direct + indirect + induced when closed) of each scenario; difference = \
         `{b}` − `{a}`; change = difference / |`{a}`| in % (empty where `{a}` is zero)"
    )
}
