//! The result table of `mrio multipliers` (also returned by the Python bindings), one
//! row per (region, sector).

use super::{Cell, Column, Frame, Role};
use crate::analysis::multipliers::{money_unit, Multipliers};
use crate::model::ClosedLeontief;
use crate::table::IoTable;
use std::path::Path;

/// Multipliers as a frame: for each measure the simple multiplier, the Type I ratio
/// and, with households closed, the total multiplier and the Type II ratio.
/// `commuting` names the commuting file for the notes.
pub fn multipliers_frame(
    table: &IoTable,
    m: &Multipliers,
    closed: Option<&ClosedLeontief>,
    commuting: Option<&Path>,
) -> Frame {
    let money = money_unit(table);
    let mut cols = vec![
        Column::role("id", Role::Id),
        Column::role("region", Role::Region),
        Column::role("sector", Role::Sector),
    ];
    for ms in &m.measures {
        let w = &ms.weight;
        let per = format!("{} per {money}", w.unit);
        let ratio = format!("{} per {} direct", w.unit, w.unit);
        cols.push(Column::num(&w.name, &per));
        if !w.is_output {
            cols.push(Column::num(&format!("{}_type1", w.name), &ratio));
        }
        if ms.total.is_some() {
            cols.push(Column::num(&format!("{}_total", w.name), &per));
            if !w.is_output {
                cols.push(Column::num(&format!("{}_type2", w.name), &ratio));
            }
        }
    }
    let title = if closed.is_some() {
        "Multipliers per unit of final demand: simple w'L, Type I = simple / direct; \
         total w'L̄ and Type II = total / direct with households closed"
    } else {
        "Multipliers per unit of final demand: simple w'L and Type I = simple / direct"
    };
    let mut frame = Frame::new(title, cols);
    let ix = &table.index;
    for j in 0..ix.len() {
        let mut row = vec![
            Cell::from(&ix.ids()[j]),
            Cell::from(&ix.regions()[j]),
            Cell::from(&ix.sectors()[j]),
        ];
        for ms in &m.measures {
            row.push(Cell::from(ms.simple[j]));
            if !ms.weight.is_output {
                row.push(Cell::from(ms.type1[j]));
            }
            if let (Some(t), Some(t2)) = (&ms.total, &ms.type2) {
                row.push(Cell::from(t[j]));
                if !ms.weight.is_output {
                    row.push(Cell::from(t2[j]));
                }
            }
        }
        frame.push(row);
    }
    for ms in &m.measures {
        if !ms.weight.is_output {
            frame
                .notes
                .push(format!("{}: {}", ms.weight.name, ms.weight.description));
        }
    }
    if let Some(c) = closed {
        let h = c.households();
        let props: Vec<String> = h
            .regions
            .iter()
            .zip(h.propensities())
            .map(|(r, p)| format!("{r} {p:.4}"))
            .collect();
        frame.notes.push(format!(
            "households: income = {}; consumption = {}; consumption per unit of income: {}",
            h.income_rows.join(" + "),
            h.consumption_columns.join(", "),
            props.join(", ")
        ));
        if let Some(p) = commuting {
            frame.notes.push(format!(
                "household income paid by region of residence with the commuting shares of {}",
                p.display()
            ));
        }
    }
    frame.notes.push(format!(
        "largest relative residual of the solves: {:.1e}",
        m.residual
    ));
    frame
}
