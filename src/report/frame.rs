//! A labelled result table. Every command builds its results as [`Frame`]s and prints
//! them through [`super::emit`], so units, digits and notes behave the same everywhere.

use crate::table::Index;

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
impl From<&String> for Cell {
    fn from(s: &String) -> Self {
        Cell::Text(s.clone())
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

/// What a label column holds: views (`--region`, `--sector`, `--group`) act on the
/// region and sector columns, and re-derive ids and ranks when they merge rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Role {
    /// Any label (kept as part of the row key when rows are grouped).
    #[default]
    Label,
    /// The `id` of index.csv (blank after grouping).
    Id,
    /// A region (filtered by `--region`, mapped by `--group`).
    Region,
    /// A sector (filtered by `--sector`).
    Sector,
    /// A rank (blank after grouping: ranks of merged rows mean nothing).
    Rank,
    /// The unit of the numbers on this row (long forms whose rows mix indicators).
    Unit,
    /// A number.
    Value,
}

/// A column: name, unit (None for label columns), role and whether values add up.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Machine name (the CSV header without the unit).
    pub name: String,
    /// Unit of the numbers in this column.
    pub unit: Option<String>,
    /// What the column holds.
    pub role: Role,
    /// Whether values of merged rows are summed (amounts) or left undefined (ratios).
    pub additive: bool,
    /// A percentage change recomputed from two columns of its row, `100 * of / |base|`,
    /// (`of`, `base`): right on total rows and on rows merged by `--group`.
    pub change_of: Option<(String, String)>,
    /// A difference recomputed from two columns of its row, `b − a`, (`b`, `a`); zero
    /// when it is only the rounding residue of the two (below [`RESIDUE`] of them).
    pub diff_of: Option<(String, String)>,
}

/// A difference smaller than this share of its operands is their rounding residue
/// (two totals that agree, summed in different orders), not a number.
pub const RESIDUE: f64 = 1e-12;

/// `b − a`, or 0 when that is below [`RESIDUE`] of the larger operand.
pub fn difference(b: f64, a: f64) -> f64 {
    let d = b - a;
    if d.abs() <= RESIDUE * a.abs().max(b.abs()) {
        0.0
    } else {
        d
    }
}

impl Column {
    /// A label column.
    pub fn label(name: &str) -> Self {
        Column {
            name: name.into(),
            unit: None,
            role: Role::Label,
            additive: false,
            change_of: None,
            diff_of: None,
        }
    }

    /// A label column with a role.
    pub fn role(name: &str, role: Role) -> Self {
        Column {
            role,
            ..Column::label(name)
        }
    }

    /// A numeric column of ratios, multipliers or indices (not summed by `--group`).
    pub fn num(name: &str, unit: &str) -> Self {
        Column {
            name: name.into(),
            unit: Some(unit.into()),
            role: Role::Value,
            additive: false,
            change_of: None,
            diff_of: None,
        }
    }

    /// A numeric column of amounts (money, persons, shares of a total): summed when rows
    /// are grouped.
    pub fn amount(name: &str, unit: &str) -> Self {
        Column {
            additive: true,
            ..Column::num(name, unit)
        }
    }

    /// A numeric column whose unit is given row by row in the frame's `unit` column
    /// (long forms mixing indicators).
    pub fn per_row(name: &str, additive: bool) -> Self {
        Column {
            name: name.into(),
            unit: None,
            role: Role::Value,
            additive,
            change_of: None,
            diff_of: None,
        }
    }

    /// A percentage change `100 * of / |base|` of the columns `of` and `base` of the
    /// same row (empty when `base` is zero), recomputed on totals and merged rows.
    pub fn change(name: &str, of: &str, base: &str) -> Self {
        Column {
            change_of: Some((of.into(), base.into())),
            ..Column::num(name, "%")
        }
    }

    /// The difference `b − a` of the columns `b` and `a` of the same row (an amount in
    /// `unit`, or per row when `unit` is None), recomputed on totals and merged rows so
    /// that two equal totals differ by 0, not by their rounding residue.
    pub fn difference(name: &str, unit: Option<&str>, b: &str, a: &str) -> Self {
        let base = match unit {
            Some(u) => Column::amount(name, u),
            None => Column::per_row(name, true),
        };
        Column {
            diff_of: Some((b.into(), a.into())),
            ..base
        }
    }

    /// Whether the column holds numbers.
    pub fn is_numeric(&self) -> bool {
        self.role == Role::Value
    }

    /// The heading a reader sees: `name [unit]` for numbers, `name` for labels.
    pub fn heading(&self) -> String {
        match &self.unit {
            Some(u) => format!("{} [{u}]", self.name),
            None => self.name.clone(),
        }
    }
}

/// The `id`, `region`, `sector` columns every per-sector result starts with.
pub fn key_columns() -> Vec<Column> {
    vec![
        Column::role("id", Role::Id),
        Column::role("region", Role::Region),
        Column::role("sector", Role::Sector),
    ]
}

/// The `id`, `region`, `sector` cells of row `i` of the index.
pub fn key_cells(index: &Index, i: usize) -> Vec<Cell> {
    vec![
        Cell::from(&index.ids()[i]),
        Cell::from(&index.regions()[i]),
        Cell::from(&index.sectors()[i]),
    ]
}

/// A titled table of results.
#[derive(Debug, Clone, Default)]
pub struct Frame {
    /// Short machine name: the xlsx sheet and the JSON key when several frames are printed.
    pub key: String,
    /// Title printed above the table.
    pub title: String,
    /// Columns.
    pub columns: Vec<Column>,
    /// Rows (one cell per column).
    pub rows: Vec<Vec<Cell>>,
    /// Whether the last row is the total of the others (recomputed by views).
    pub total_row: bool,
    /// Notes printed below the table (diagnostics, residuals, assumptions).
    pub notes: Vec<String>,
}

impl Frame {
    /// New empty frame.
    pub fn new(title: impl Into<String>, columns: Vec<Column>) -> Self {
        Frame {
            key: "results".into(),
            title: title.into(),
            columns,
            ..Frame::default()
        }
    }

    /// Set the machine name (sheet name, JSON key).
    pub fn keyed(mut self, key: &str) -> Self {
        self.key = key.into();
        self
    }

    /// Append a row.
    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.columns.len());
        self.rows.push(row);
    }

    /// Append a total row: the label `total` in the first region/label column, the sum of
    /// every additive column, undefined elsewhere. Views recompute it.
    pub fn push_total(&mut self) {
        let row = self.total_of(&self.rows);
        self.rows.push(row);
        self.total_row = true;
    }

    /// Recompute the difference ([`Column::difference`]) and then the percentage-change
    /// ([`Column::change`]) columns of `row`.
    pub fn derive(&self, row: &mut [Cell]) {
        for (j, c) in self.columns.iter().enumerate() {
            let Some((b, a)) = &c.diff_of else {
                continue;
            };
            if let (Some(b), Some(a)) = (self.col(b), self.col(a)) {
                row[j] = match (&row[b], &row[a]) {
                    (Cell::Num(b), Cell::Num(a)) => Cell::from(difference(*b, *a)),
                    _ => Cell::Missing,
                };
            }
        }
        for (j, c) in self.columns.iter().enumerate() {
            let Some((of, base)) = &c.change_of else {
                continue;
            };
            if let (Some(o), Some(b)) = (self.col(of), self.col(base)) {
                row[j] = match (&row[o], &row[b]) {
                    (Cell::Num(o), Cell::Num(b)) if *b != 0.0 => Cell::from(100.0 * o / b.abs()),
                    _ => Cell::Missing,
                };
            }
        }
    }

    /// The total row of `rows`.
    pub fn total_of(&self, rows: &[Vec<Cell>]) -> Vec<Cell> {
        let label_at = self
            .columns
            .iter()
            .position(|c| c.role == Role::Region)
            .or_else(|| self.columns.iter().position(|c| c.role == Role::Label))
            .unwrap_or(0);
        let mut row = self
            .columns
            .iter()
            .enumerate()
            .map(|(j, c)| {
                if j == label_at {
                    Cell::from("total")
                } else if c.is_numeric() && c.additive {
                    Cell::Num(rows.iter().map(|r| num(&r[j])).sum())
                } else if c.role == Role::Unit {
                    rows.first().map(|r| r[j].clone()).unwrap_or(Cell::Missing)
                } else if c.is_numeric() {
                    Cell::Missing
                } else {
                    Cell::from("")
                }
            })
            .collect::<Vec<_>>();
        self.derive(&mut row);
        row
    }

    /// The rows without the total row.
    pub fn body(&self) -> &[Vec<Cell>] {
        if self.total_row && !self.rows.is_empty() {
            &self.rows[..self.rows.len() - 1]
        } else {
            &self.rows
        }
    }

    /// Position of the column named `name`.
    pub fn col(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }

    /// Position of the first column with `role`.
    pub fn col_of(&self, role: Role) -> Option<usize> {
        self.columns.iter().position(|c| c.role == role)
    }

    /// The units of the numeric columns as `name [unit]` phrases.
    pub fn units_line(&self) -> String {
        let parts: Vec<String> = self
            .columns
            .iter()
            .filter_map(|c| c.unit.as_ref().map(|u| format!("{} [{u}]", c.name)))
            .collect();
        format!("units: {}", parts.join(", "))
    }
}

/// The number in a cell (0 when undefined or text).
pub fn num(c: &Cell) -> f64 {
    match c {
        Cell::Num(v) => *v,
        _ => 0.0,
    }
}

/// Display names of the regions of `index`: the text before `": "` in the `name`
/// column of index.csv when every row of the region agrees (`ROC` -> `Rest of China`),
/// else the region code.
pub fn region_names(index: &Index) -> Vec<(String, String)> {
    index
        .region_list()
        .iter()
        .map(|r| {
            let names: Vec<Option<&str>> = (0..index.len())
                .filter(|&i| &index.regions()[i] == r)
                .map(|i| {
                    index
                        .name(i)
                        .and_then(|n| n.split_once(": ").map(|(a, _)| a))
                })
                .collect();
            let first = names.first().copied().flatten();
            let name = match first {
                Some(n) if names.iter().all(|m| *m == Some(n)) => n.to_string(),
                _ => r.clone(),
            };
            (r.clone(), name)
        })
        .collect()
}
