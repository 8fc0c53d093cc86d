//! Readable rendering of a [`CheckReport`].

use crate::table::check::CheckReport;
use std::fmt::Write;

fn sci(v: f64) -> String {
    if v == 0.0 {
        "0 (exact)".into()
    } else {
        format!("{v:.3e}")
    }
}

/// Render the report of `mrio check` as text.
/// Where x came from: `x.csv` of a folder or sheet `x` of a workbook, else derived.
fn output_source(r: &CheckReport, source: &str, say_missing: bool) -> String {
    let book = std::path::Path::new(source)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let file = if book { "sheet x" } else { "x.csv" };
    match (r.x_from_file, say_missing) {
        (true, _) => file.to_string(),
        (false, true) => format!("derived as x = Z1 + Y1 (no {file})"),
        (false, false) => "derived as x = Z1 + Y1".into(),
    }
}

pub fn render_check(r: &CheckReport, source: &str) -> String {
    let mut s = String::new();
    let w = &mut s;
    let _ = writeln!(w, "table      {source}");
    if let Some(n) = &r.name {
        let _ = writeln!(w, "name       {n}");
    }
    let _ = writeln!(w, "unit       {}", r.unit);
    let regions = if r.regions.len() <= 12 {
        r.regions.join(", ")
    } else {
        format!(
            "{}, ... ({} in all)",
            r.regions[..12].join(", "),
            r.regions.len()
        )
    };
    let _ = writeln!(
        w,
        "size       N = {} ({} region(s) x {} sector(s)); {} final-demand column(s); {} primary-input row(s)",
        r.size,
        r.regions.len(),
        r.sectors,
        r.final_demand_columns,
        r.primary_input_rows
    );
    let _ = writeln!(w, "regions    {regions}");
    if !r.satellites.is_empty() {
        let _ = writeln!(w, "satellites {}", r.satellites.join(", "));
    }
    let _ = writeln!(w, "output     {}", output_source(r, source, true));
    let bal = |b: &crate::table::check::Balance| {
        let worst: Vec<String> = b
            .worst
            .iter()
            .take(3)
            .map(|w| format!("{} {:.2e}", w.id, w.value))
            .collect();
        if worst.is_empty() {
            sci(b.max_relative_gap)
        } else {
            format!("{} (worst: {})", sci(b.max_relative_gap), worst.join(", "))
        }
    };
    let _ = writeln!(
        w,
        "balance    rows    x vs Z1 + Y1:   max relative gap {}",
        bal(&r.row_balance)
    );
    let _ = writeln!(
        w,
        "           columns x vs 1'Z + 1'VA: max relative gap {}",
        bal(&r.column_balance)
    );
    if r.negatives.is_empty() {
        let _ = writeln!(w, "negatives  none");
    } else {
        for (k, n) in r.negatives.iter().enumerate() {
            let _ = writeln!(
                w,
                "{}{}: {} cell(s), most negative {} {} at ({}, {})",
                if k == 0 { "negatives  " } else { "           " },
                n.matrix,
                n.count,
                crate::report::fmt_value(n.most_negative.2),
                r.unit,
                n.most_negative.0,
                n.most_negative.1
            );
        }
    }
    let _ = writeln!(
        w,
        "zero x     {}",
        if r.zero_output.is_empty() {
            "none".to_string()
        } else {
            r.zero_output.join(", ")
        }
    );
    if !r.negative_output.is_empty() {
        let _ = writeln!(w, "productive not assessed (negative gross output)");
    } else {
        let _ = write!(
            w,
            "productive max column sum of A = {}",
            super::number::fmt_msg(r.max_column_sum)
        );
    }
    match r.spectral_radius {
        _ if !r.negative_output.is_empty() => {}
        Some((lo, hi)) => {
            let (lo, hi) = (super::number::fmt_msg(lo), super::number::fmt_msg(hi));
            let _ = writeln!(w, "; spectral radius of |A| in [{lo}, {hi}]");
        }
        None => {
            let _ = writeln!(w, " < 1, A >= 0: productive (Hawkins-Simon)");
        }
    }
    if !r.unassigned_final_demand.is_empty() {
        let _ = writeln!(
            w,
            "final demand columns of no region: {}",
            r.unassigned_final_demand.join(", ")
        );
    }
    for m in &r.warnings {
        let _ = writeln!(w, "warning: {m}");
    }
    for m in &r.errors {
        let _ = writeln!(w, "error: {m}");
    }
    let _ = writeln!(
        w,
        "verdict    {}",
        if r.is_usable() {
            if r.warnings.is_empty() {
                "usable"
            } else {
                "usable (with warnings)"
            }
        } else {
            "NOT usable"
        }
    );
    s
}

/// The check as data (for `--format csv|json|xlsx`): one row per finding,
/// `check,value,unit,detail`.
pub fn check_frames(r: &CheckReport, source: &str) -> crate::report::Frame {
    use crate::report::{Cell, Column, Frame, Role};
    let mut f = Frame::new(
        format!("Check of {source}"),
        vec![
            Column::label("check"),
            Column::per_row("value", false),
            Column::role("unit", Role::Unit),
            Column::label("detail"),
        ],
    )
    .keyed("check");
    let mut row = |check: &str, v: Option<f64>, unit: &str, detail: String| {
        f.push(vec![
            Cell::from(check),
            v.map(Cell::from).unwrap_or(Cell::Missing),
            Cell::from(unit),
            Cell::from(detail),
        ]);
    };
    row(
        "size",
        Some(r.size as f64),
        "rows of index.csv",
        String::new(),
    );
    row(
        "regions",
        Some(r.regions.len() as f64),
        "regions",
        r.regions.join(", "),
    );
    row("sectors", Some(r.sectors as f64), "sectors", String::new());
    row(
        "final_demand_columns",
        Some(r.final_demand_columns as f64),
        "columns",
        String::new(),
    );
    row(
        "primary_input_rows",
        Some(r.primary_input_rows as f64),
        "rows",
        String::new(),
    );
    row("satellites", None, "", r.satellites.join(", "));
    row("output", None, "", output_source(r, source, false));
    let worst = |b: &crate::table::check::Balance| {
        b.worst
            .iter()
            .take(3)
            .map(|w| format!("{} {:e}", w.id, w.value))
            .collect::<Vec<_>>()
            .join("; ")
    };
    row(
        "row_balance",
        Some(r.row_balance.max_relative_gap),
        "relative gap",
        worst(&r.row_balance),
    );
    row(
        "column_balance",
        Some(r.column_balance.max_relative_gap),
        "relative gap",
        worst(&r.column_balance),
    );
    for n in &r.negatives {
        row(
            &format!("negatives_{}", n.matrix),
            Some(n.count as f64),
            "cells",
            format!(
                "most negative {} {} at ({}, {})",
                n.most_negative.2, r.unit, n.most_negative.0, n.most_negative.1
            ),
        );
    }
    row(
        "zero_output",
        Some(r.zero_output.len() as f64),
        "sectors",
        r.zero_output.join(", "),
    );
    if r.negative_output.is_empty() {
        row(
            "max_column_sum_A",
            Some(r.max_column_sum),
            &format!("{}/{}", r.unit, r.unit),
            String::new(),
        );
    }
    if let Some((lo, hi)) = r.spectral_radius {
        row("spectral_radius_low", Some(lo), "", String::new());
        row("spectral_radius_high", Some(hi), "", String::new());
    }
    for m in &r.warnings {
        row("warning", None, "", m.clone());
    }
    for m in &r.errors {
        row("error", None, "", m.clone());
    }
    row(
        "usable",
        Some(if r.is_usable() { 1.0 } else { 0.0 }),
        "1 = yes",
        String::new(),
    );
    f
}
