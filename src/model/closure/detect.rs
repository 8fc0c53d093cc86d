//! Which rows and columns of a table are household income and consumption when the
//! user does not say, and the warning for households that spend more than they earn.

use crate::table::IoTable;

/// One warning per region with spending per unit of household income above 1, with
/// the figure (see [`Households::overspending_warnings`]).
pub fn overspending_warnings(regions: &[String], propensities: &[f64]) -> Vec<String> {
    regions
        .iter()
        .zip(propensities)
        .filter(|(_, p)| **p > 1.0)
        .map(|(r, p)| {
            format!(
                "warning: households of {r} would spend {p:.3} on the table's products per unit of labour income (more than they earn): check that the consumption columns hold household spending only (not government) and the propensity (consumption_scale)"
            )
        })
        .collect()
}

/// The labels among `labels` that are labour income by default: whole labels (any case)
/// of [`crate::table::primary::KNOWN_LABOUR_INCOME`], never substrings. A table's own
/// classes are [`IoTable::labour_income_labels`](crate::table::IoTable::labour_income_labels).
pub fn detect_income_rows(labels: &[String]) -> Vec<String> {
    labels
        .iter()
        .filter(|l| crate::table::primary::is_known_labour_income(l))
        .cloned()
        .collect()
}

/// Final-demand categories that name household consumption in common tables: labels
/// containing `household` (but not "serving households", i.e. NPISH), `P3_S14` (ESA),
/// `c37` (WIOD), `FU101`/`FU102` (NBS China rural/urban households), 居民.
pub fn detect_consumption_columns(table: &IoTable) -> Vec<String> {
    table
        .y_labels
        .iter()
        .enumerate()
        .filter(|(k, l)| {
            let c = category(table, *k).to_lowercase();
            let full = l.to_lowercase();
            let hh = |s: &str| {
                (s.contains("household") && !s.contains("serving") && !s.contains("npish"))
                    || s == "p3_s14"
                    || s == "c37"
                    || s == "fu101"
                    || s == "fu102"
                    || s.contains("居民")
            };
            hh(&c) || hh(&full)
        })
        .map(|(_, l)| l.clone())
        .collect()
}

/// The category of final-demand column k: its label without the region prefix
/// (`CHN_c37` -> `c37`), or the whole label.
pub(super) fn category(table: &IoTable, k: usize) -> &str {
    let l = table.y_labels[k].as_str();
    if let Some(r) = &table.y_regions[k] {
        if table.index.is_multi_region() {
            if let Some(rest) = l.strip_prefix(r.as_str()) {
                if let Some(c) = rest.strip_prefix(['|', '_']) {
                    return c;
                }
            }
        }
    }
    l
}
