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
    let _ = writeln!(
        w,
        "output     {}",
        if r.x_from_file {
            "x.csv"
        } else {
            "derived as x = Z1 + Y1 (no x.csv)"
        }
    );
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
                "{}{}: {} cell(s), most negative {} at ({}, {})",
                if k == 0 { "negatives  " } else { "           " },
                n.matrix,
                n.count,
                crate::report::fmt_value(n.most_negative.2),
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
            "productive max column sum of A = {:.6}",
            r.max_column_sum
        );
    }
    match r.spectral_radius {
        _ if !r.negative_output.is_empty() => {}
        Some((lo, hi)) => {
            let _ = writeln!(w, "; spectral radius of |A| in [{lo:.6}, {hi:.6}]");
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
