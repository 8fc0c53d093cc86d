//! A labelled result table, rendered as readable text (with units), CSV or JSON.
//! Every command's output goes through a [`Frame`], so units are never lost.

use serde_json::{json, Map, Value};

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// A label.
    Text(String),
    /// A number.
    Num(f64),
    /// Not defined (e.g. a linkage index of a zero-output sector).
    Missing,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_string())
    }
}
impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}
impl From<f64> for Cell {
    fn from(v: f64) -> Self {
        if v.is_finite() {
            Cell::Num(v)
        } else {
            Cell::Missing
        }
    }
}

/// A column: name and unit (None for label columns).
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Machine name (the CSV header).
    pub name: String,
    /// Unit of the numbers in this column.
    pub unit: Option<String>,
}

impl Column {
    /// A label column.
    pub fn label(name: &str) -> Self {
        Column {
            name: name.into(),
            unit: None,
        }
    }
    /// The heading a reader sees: `name [unit]` for numbers, `name` for labels.
    pub fn heading(&self) -> String {
        match &self.unit {
            Some(u) => format!("{} [{u}]", self.name),
            None => self.name.clone(),
        }
    }

    /// A numeric column with its unit.
    pub fn num(name: &str, unit: &str) -> Self {
        Column {
            name: name.into(),
            unit: Some(unit.into()),
        }
    }
}

/// Output format of a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Aligned text with units in the header (default).
    #[default]
    Table,
    /// CSV: one header row of column names, units in the `units` form of JSON/table.
    Csv,
    /// JSON with every column's unit.
    Json,
}

/// A titled table of results.
#[derive(Debug, Clone, Default)]
pub struct Frame {
    /// Title printed above the table.
    pub title: String,
    /// Columns.
    pub columns: Vec<Column>,
    /// Rows (one cell per column).
    pub rows: Vec<Vec<Cell>>,
    /// Notes printed below the table (diagnostics, residuals, assumptions).
    pub notes: Vec<String>,
}

/// Format a number for reading: 6 decimals, scientific for very large or small values.
pub fn fmt_value(v: f64) -> String {
    let a = v.abs();
    if v == 0.0 {
        "0".into()
    } else if !(1e-4..1e12).contains(&a) {
        format!("{v:.6e}")
    } else {
        format!("{v:.6}")
    }
}

impl Frame {
    /// New empty frame.
    pub fn new(title: impl Into<String>, columns: Vec<Column>) -> Self {
        Frame {
            title: title.into(),
            columns,
            rows: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Append a row.
    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.columns.len());
        self.rows.push(row);
    }

    /// Render in `format`.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Table => self.to_text(),
            Format::Csv => self.to_csv(),
            Format::Json => {
                serde_json::to_string_pretty(&self.to_json()).expect("JSON of a frame") + "\n"
            }
        }
    }

    /// Readable text: title, header with units, aligned rows, notes.
    pub fn to_text(&self) -> String {
        let header: Vec<String> = self.columns.iter().map(Column::heading).collect();
        let body: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| match c {
                        Cell::Text(s) => s.clone(),
                        Cell::Num(v) => fmt_value(*v),
                        Cell::Missing => "-".into(),
                    })
                    .collect()
            })
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
        let numeric: Vec<bool> = self.columns.iter().map(|c| c.unit.is_some()).collect();
        let line = |cells: &[String]| {
            let parts: Vec<String> = cells
                .iter()
                .enumerate()
                .map(|(j, s)| {
                    let pad = widths[j] - s.chars().count();
                    if numeric[j] {
                        format!("{}{s}", " ".repeat(pad))
                    } else {
                        format!("{s}{}", " ".repeat(pad))
                    }
                })
                .collect();
            parts.join("  ").trim_end().to_string()
        };
        let mut out = String::new();
        if !self.title.is_empty() {
            out.push_str(&self.title);
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
        for n in &self.notes {
            out.push_str(n);
            out.push('\n');
        }
        out
    }

    /// CSV with the column names as header; numbers in full precision.
    pub fn to_csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(self.columns.iter().map(|c| c.name.as_str()))
            .expect("writing to memory");
        for r in &self.rows {
            w.write_record(r.iter().map(|c| match c {
                Cell::Text(s) => s.clone(),
                Cell::Num(v) => crate::table::csvio::fmt_num(*v),
                Cell::Missing => String::new(),
            }))
            .expect("writing to memory");
        }
        String::from_utf8(w.into_inner().expect("writing to memory")).expect("UTF-8 CSV")
    }

    /// JSON: `{title, units: {column: unit}, rows: [{column: value}], notes}`.
    pub fn to_json(&self) -> Value {
        let units: Map<String, Value> = self
            .columns
            .iter()
            .filter_map(|c| c.unit.as_ref().map(|u| (c.name.clone(), json!(u))))
            .collect();
        let rows: Vec<Value> = self
            .rows
            .iter()
            .map(|r| {
                let m: Map<String, Value> = self
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
        json!({"title": self.title, "units": units, "rows": rows, "notes": self.notes})
    }

    /// The units of the numeric columns as `name [unit]` phrases (for CSV users).
    pub fn units_line(&self) -> String {
        let parts: Vec<String> = self
            .columns
            .iter()
            .filter_map(|c| c.unit.as_ref().map(|u| format!("{} [{u}]", c.name)))
            .collect();
        format!("units: {}", parts.join(", "))
    }
}
