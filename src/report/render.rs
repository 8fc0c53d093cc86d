//! Frames as text, CSV, JSON and Markdown (xlsx in [`super::xlsx`]). The conventions,
//! the same for every command, are documented in docs/units.md.

use super::frame::{Cell, Column, Frame, Role};
use super::number::{fmt_full, fmt_sig, fmt_whole, is_count};
use serde_json::{json, Map, Value};

/// The short spelling of a unit, with every parenthesized qualifier dropped
/// (`persons (urban-unit employment concept) per 10k CNY` -> `persons per 10k CNY`), and
/// the line that explains the first qualifier (`persons: urban-unit employment concept`).
pub fn short_unit(u: &str) -> (String, Option<String>) {
    let Some((head, rest)) = u.split_once(" (") else {
        return (u.to_string(), None);
    };
    let Some((why, _)) = rest.split_once(')') else {
        return (u.to_string(), None);
    };
    let mut short = String::new();
    let mut depth = 0usize;
    for c in u.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => short.push(c),
            _ => {}
        }
    }
    let short = short.split_whitespace().collect::<Vec<_>>().join(" ");
    let head = head.rsplit(' ').next().unwrap_or(head);
    (short, Some(format!("{head}: {why}")))
}

/// The unit that applies to cell `j` of `row`: the column's, or the row's `unit` cell.
fn unit_of<'a>(f: &'a Frame, row: &'a [Cell], j: usize) -> Option<&'a str> {
    f.columns[j].unit.as_deref().or_else(|| {
        let uc = f.col_of(Role::Unit)?;
        match &row[uc] {
            Cell::Text(s) => Some(s.as_str()),
            _ => None,
        }
    })
}

/// A cell for reading.
fn cell_text(f: &Frame, row: &[Cell], j: usize, digits: usize) -> String {
    match &row[j] {
        Cell::Text(s) => s.clone(),
        Cell::Missing => "-".into(),
        Cell::Num(v) => match unit_of(f, row, j) {
            Some(u) if is_count(u) => fmt_whole(*v),
            _ => fmt_sig(*v, digits),
        },
    }
}

/// The one unit shared by every numeric column, if there is one.
fn shared_unit(f: &Frame) -> Option<&str> {
    let mut units = f
        .columns
        .iter()
        .filter(|c| c.is_numeric())
        .map(|c| c.unit.as_deref());
    let first = units.next()??;
    units.all(|u| u == Some(first)).then_some(first)
}

/// Readable text: title, the unit (once), header, aligned rows, notes.
pub fn to_text(f: &Frame, digits: usize) -> String {
    let shared = shared_unit(f);
    let mut explained: Vec<String> = Vec::new();
    let mut explain = |u: &str| -> String {
        let (s, why) = short_unit(u);
        if let Some(line) = why {
            if !explained.contains(&line) {
                explained.push(line);
            }
        }
        s
    };
    let header: Vec<String> = f
        .columns
        .iter()
        .map(|c| match (&c.unit, shared) {
            (Some(u), None) => format!("{} [{}]", c.name, explain(u)),
            _ => c.name.clone(),
        })
        .collect();
    let shared_line = shared.map(|u| format!("unit: {}", explain(u)));
    let body: Vec<Vec<String>> = f
        .rows
        .iter()
        .map(|r| (0..r.len()).map(|j| cell_text(f, r, j, digits)).collect())
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|j| {
            body.iter()
                .map(|r| r[j].chars().count())
                .chain([header[j].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[String]| {
        let parts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(j, s)| {
                let pad = " ".repeat(widths[j] - s.chars().count());
                if f.columns[j].is_numeric() {
                    format!("{pad}{s}")
                } else {
                    format!("{s}{pad}")
                }
            })
            .collect();
        parts.join("  ").trim_end().to_string()
    };
    let mut out = String::new();
    if !f.title.is_empty() {
        out.push_str(&f.title);
        out.push('\n');
    }
    if let Some(u) = shared_line {
        out.push_str(&u);
        out.push('\n');
    }
    out.push_str(&line(&header));
    out.push('\n');
    let total: usize = widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1);
    out.push_str(&"-".repeat(total));
    out.push('\n');
    for r in &body {
        out.push_str(&line(r));
        out.push('\n');
    }
    for n in explained.iter().chain(&f.notes) {
        out.push_str(n);
        out.push('\n');
    }
    out
}

/// CSV: one header row `name [unit]`, numbers in full precision (shortest round trip),
/// undefined values empty. Notes are not part of the file.
pub fn to_csv(f: &Frame) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(f.columns.iter().map(Column::heading))
        .expect("writing to memory");
    for r in &f.rows {
        w.write_record(r.iter().map(|c| match c {
            Cell::Text(s) => s.clone(),
            Cell::Num(v) => fmt_full(*v),
            Cell::Missing => String::new(),
        }))
        .expect("writing to memory");
    }
    String::from_utf8(w.into_inner().expect("writing to memory")).expect("UTF-8 CSV")
}

/// JSON: `{title, units: {column: unit}, rows: [{column: value}], notes}`; numbers in
/// full precision, undefined values `null`.
pub fn to_json(f: &Frame) -> Value {
    let units: Map<String, Value> = f
        .columns
        .iter()
        .filter_map(|c| c.unit.as_ref().map(|u| (c.name.clone(), json!(u))))
        .collect();
    let rows: Vec<Value> = f
        .rows
        .iter()
        .map(|r| {
            let m: Map<String, Value> = f
                .columns
                .iter()
                .zip(r)
                .map(|(c, v)| {
                    let v = match v {
                        Cell::Text(s) => json!(s),
                        Cell::Num(x) => json!(x),
                        Cell::Missing => Value::Null,
                    };
                    (c.name.clone(), v)
                })
                .collect();
            Value::Object(m)
        })
        .collect();
    json!({"title": f.title, "units": units, "rows": rows, "notes": f.notes})
}

/// Markdown: a pipe table with `name [unit]` headers (or the shared unit once), numbers
/// as in text, notes in italics.
pub fn to_markdown(f: &Frame, digits: usize) -> String {
    let mut o = String::new();
    let shared = shared_unit(f);
    if !f.title.is_empty() {
        o.push_str(&format!("**{}**", md_escape(&f.title)));
        if let Some(u) = shared {
            o.push_str(&format!(" ({})", short_unit(u).0));
        }
        o.push_str("\n\n");
    } else if let Some(u) = shared {
        o.push_str(&format!("Unit: {}\n\n", short_unit(u).0));
    }
    let head: Vec<String> = f
        .columns
        .iter()
        .map(|c| match (&c.unit, shared) {
            (Some(u), None) => format!("{} [{}]", c.name, short_unit(u).0),
            _ => c.name.clone(),
        })
        .collect();
    let head: Vec<String> = head.iter().map(|h| md_escape(h)).collect();
    o.push_str(&format!("| {} |\n", head.join(" | ")));
    o.push_str(&format!(
        "|{}|\n",
        f.columns
            .iter()
            .map(|c| if c.is_numeric() { "---:" } else { "---" })
            .collect::<Vec<_>>()
            .join("|")
    ));
    for r in &f.rows {
        let cells: Vec<String> = (0..r.len())
            .map(|j| md_escape(&cell_text(f, r, j, digits)))
            .collect();
        o.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    o.push('\n');
    for n in &f.notes {
        o.push_str(&format!("*{}*\n\n", md_escape(n).replace('*', "\\*")));
    }
    o
}

fn md_escape(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::short_unit;

    #[test]
    fn qualifiers_are_dropped_and_explained_once() {
        let (s, why) = short_unit("persons (urban-unit employment concept) per 10k CNY");
        assert_eq!(s, "persons per 10k CNY");
        assert_eq!(
            why.as_deref(),
            Some("persons: urban-unit employment concept")
        );
        let (s, _) = short_unit("persons (a) per persons (a) direct");
        assert_eq!(s, "persons per persons direct");
        assert_eq!(short_unit("10k CNY"), ("10k CNY".to_string(), None));
        // An unclosed parenthesis is left as written.
        assert_eq!(short_unit("m3 (oops").0, "m3 (oops");
    }
}
