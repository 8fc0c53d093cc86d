//! The result table of `mrio linkages` (also returned by the Python bindings), one row
//! per (region, sector).

use super::{Cell, Column, Frame, Role};
use crate::analysis::linkages::{ForwardBasis, LinkageOptions, Linkages, Weighting};
use crate::analysis::multipliers::money_unit;
use crate::table::IoTable;

/// Linkage measures of `table` as a frame: ids, direct linkages, the output multiplier,
/// the normalised indices (intra/inter parts in an MRIO), variability and class.
pub fn linkages_frame(table: &IoTable, lk: &Linkages, opts: &LinkageOptions) -> Frame {
    let u = money_unit(table);
    let per = format!("{u} per {u}");
    let index = "index, weighted mean 1";
    let cv = "coefficient of variation";
    let mut cols = vec![
        Column::role("id", Role::Id),
        Column::role("region", Role::Region),
        Column::role("sector", Role::Sector),
        Column::num("backward_direct", &per),
        Column::num("forward_direct", &per),
        Column::num("output_multiplier", &per),
        Column::num("backward", index),
    ];
    let multi = lk.backward_intra.is_some();
    if multi {
        cols.push(Column::num("backward_intra", index));
        cols.push(Column::num("backward_inter", index));
    }
    cols.push(Column::num("forward", index));
    cols.push(Column::num("ghosh_total", &per));
    cols.push(Column::num("forward_ghosh", index));
    if multi {
        cols.push(Column::num("forward_ghosh_intra", index));
        cols.push(Column::num("forward_ghosh_inter", index));
    }
    if lk.backward_variability.is_some() {
        cols.push(Column::num("backward_cv", cv));
        cols.push(Column::num("forward_cv", cv));
    }
    cols.push(Column::label("class"));
    let mut frame = Frame::new(
        "Linkages: Rasmussen power (backward) and sensitivity (forward) of dispersion, \
         Ghosh forward linkage, key sectors",
        cols,
    );
    let ix = &table.index;
    for j in 0..ix.len() {
        let mut row = vec![
            Cell::from(&ix.ids()[j]),
            Cell::from(&ix.regions()[j]),
            Cell::from(&ix.sectors()[j]),
            Cell::from(lk.backward_direct[j]),
            Cell::from(lk.forward_direct[j]),
            Cell::from(lk.backward_total[j]),
            Cell::from(lk.backward[j]),
        ];
        if let (Some(a), Some(b)) = (&lk.backward_intra, &lk.backward_inter) {
            row.push(Cell::from(a[j]));
            row.push(Cell::from(b[j]));
        }
        row.push(Cell::from(lk.forward[j]));
        row.push(Cell::from(lk.ghosh_total[j]));
        row.push(Cell::from(lk.forward_ghosh[j]));
        if let (Some(a), Some(b)) = (&lk.forward_ghosh_intra, &lk.forward_ghosh_inter) {
            row.push(Cell::from(a[j]));
            row.push(Cell::from(b[j]));
        }
        if let (Some(a), Some(b)) = (&lk.backward_variability, &lk.forward_variability) {
            row.push(Cell::from(a[j]));
            row.push(Cell::from(b[j]));
        }
        row.push(match lk.class[j] {
            Some(c) => Cell::from(c.as_str()),
            None => Cell::Missing,
        });
        frame.push(row);
    }
    let excluded = lk.included.iter().filter(|b| !**b).count();
    frame.notes.push(format!(
        "class: backward > 1 and {} forward > 1 = key; average weights: {}{}",
        match opts.forward_basis {
            ForwardBasis::Ghosh => "Ghosh",
            ForwardBasis::Leontief => "Leontief",
        },
        match opts.weighting {
            Weighting::Equal => "equal",
            Weighting::Output => "output shares",
            Weighting::FinalDemand => "final-demand shares",
        },
        if excluded > 0 {
            format!("; {excluded} zero-output sector(s) left out of the averages")
        } else {
            String::new()
        }
    ));
    frame.notes.push(format!(
        "largest relative residual of the solves: {:.1e}",
        lk.residual
    ));
    frame
}
