//! Views at output time (docs/views.md): a region and a sector filter keep some rows,
//! a group file sums rows by group of regions (e.g. cities into provinces). The table
//! and the shocks are never changed: only the printed rows are.

use super::frame::{num, Cell, Frame, Role};
use super::units::convert_frame;
use crate::error::{Error, Result, ViewPart};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Region -> group, read from a CSV `from,to[,name]` (header required).
#[derive(Debug, Clone, Default)]
pub struct Groups {
    /// Where the groups came from.
    pub path: PathBuf,
    /// Region -> group label.
    pub of: BTreeMap<String, String>,
}

impl Groups {
    /// Read a group file: first column region, second column group.
    pub fn read(path: &Path) -> Result<Groups> {
        let bad = |message: String| Error::Config {
            path: path.to_path_buf(),
            message,
        };
        let mut rd = csv::ReaderBuilder::new()
            .flexible(true)
            .from_path(path)
            .map_err(|e| bad(e.to_string()))?;
        let mut of = BTreeMap::new();
        for (k, rec) in rd.records().enumerate() {
            let rec = rec.map_err(|e| bad(e.to_string()))?;
            let line = k as u64 + 2;
            let at = |message: String| Error::Csv {
                path: path.to_path_buf(),
                line,
                message,
            };
            let (Some(r), Some(g)) = (rec.get(0), rec.get(1)) else {
                return Err(at("expected `region,group`".into()));
            };
            let (r, g) = (r.trim(), g.trim());
            if r.is_empty() || g.is_empty() {
                return Err(at("empty region or group".into()));
            }
            if let Some(old) = of.insert(r.to_string(), g.to_string()) {
                if old != g {
                    return Err(at(format!("region `{r}` is in group `{old}` and `{g}`")));
                }
            }
        }
        Ok(Groups {
            path: path.to_path_buf(),
            of,
        })
    }
}

/// What the reader asked to see.
#[derive(Debug, Clone, Default)]
pub struct View {
    /// Money unit of the printed numbers (None = as computed).
    pub unit: Option<String>,
    /// Keep only rows of these regions (or groups, with `group`).
    pub regions: Vec<String>,
    /// Keep only rows of these sectors.
    pub sectors: Vec<String>,
    /// Sum rows by group of regions.
    pub group: Option<Groups>,
}

impl View {
    /// Whether the view filters or groups rows.
    pub fn reshapes(&self) -> bool {
        !self.regions.is_empty() || !self.sectors.is_empty() || self.group.is_some()
    }

    /// Apply to every frame; an error when a filter or group has nothing to act on.
    pub fn apply(&self, frames: &mut [Frame]) -> Result<()> {
        if let Some(u) = &self.unit {
            let err = |message: String| Error::View {
                part: ViewPart::Unit(u.clone()),
                message,
            };
            let mut converted = 0;
            for f in frames.iter_mut() {
                converted += convert_frame(f, u).map_err(err)?;
            }
            if converted == 0 {
                return Err(err(
                    "no number of this output is in a money unit mrio can convert (the \
                     table's unit must be a scale and currency such as `10k CNY`, \
                     `100M CNY` or `M USD`)"
                        .into(),
                ));
            }
        }
        if !self.reshapes() {
            return Ok(());
        }
        let has = |role| frames.iter().any(|f| f.col_of(role).is_some());
        if (!self.regions.is_empty() || self.group.is_some()) && !has(Role::Region) {
            return Err(Error::View {
                part: ViewPart::RegionsOrGroups,
                message: "this output has no region column".into(),
            });
        }
        if !self.sectors.is_empty() && !has(Role::Sector) {
            return Err(Error::View {
                part: ViewPart::Sectors,
                message: "this output has no sector column".into(),
            });
        }
        if let Some(g) = &self.group {
            let known: Vec<&String> = frames
                .iter()
                .filter_map(|f| f.col_of(Role::Region).map(|c| (f, c)))
                .flat_map(|(f, c)| f.body().iter().filter_map(move |r| text(&r[c])))
                .collect();
            if !known.iter().any(|r| g.of.contains_key(*r)) {
                return Err(Error::View {
                    part: ViewPart::Group(g.path.clone()),
                    message: "none of its regions appears in the results".into(),
                });
            }
        }
        for f in frames.iter_mut() {
            if let Some(g) = &self.group {
                group_frame(f, g);
            }
            self.filter_frame(f)?;
        }
        Ok(())
    }

    fn filter_frame(&self, f: &mut Frame) -> Result<()> {
        let keep = |role, list: &Vec<String>, f: &Frame| -> Option<Vec<bool>> {
            let c = f.col_of(role)?;
            if list.is_empty() {
                return None;
            }
            Some(
                f.body()
                    .iter()
                    .map(|r| text(&r[c]).is_some_and(|s| list.contains(s)))
                    .collect(),
            )
        };
        let kr = keep(Role::Region, &self.regions, f);
        let ks = keep(Role::Sector, &self.sectors, f);
        if kr.is_none() && ks.is_none() {
            return Ok(());
        }
        let body: Vec<Vec<Cell>> = f
            .body()
            .iter()
            .enumerate()
            .filter(|(i, _)| {
                kr.as_ref().map_or(true, |k| k[*i]) && ks.as_ref().map_or(true, |k| k[*i])
            })
            .map(|(_, r)| r.clone())
            .collect();
        if body.is_empty() {
            return Err(Error::View {
                part: ViewPart::RegionsAndSectors,
                message: format!(
                    "no row of `{}` matches (regions asked: {}; sectors asked: {})",
                    f.title,
                    self.regions.join(", "),
                    self.sectors.join(", ")
                ),
            });
        }
        finish(
            f,
            body,
            "rows shown: only the regions and sectors asked for; total = sum of the rows shown",
        );
        Ok(())
    }
}

fn text(c: &Cell) -> Option<&String> {
    match c {
        Cell::Text(s) => Some(s),
        _ => None,
    }
}

/// Replace the body of `f` (recomputing its total row) and add a note.
fn finish(f: &mut Frame, body: Vec<Vec<Cell>>, note: &str) {
    let had_total = f.total_row;
    f.rows = body;
    if had_total {
        f.total_row = false;
        f.push_total();
    }
    f.notes.push(note.to_string());
}

/// Sum the rows of `f` by (group of region, other labels): additive columns summed,
/// ratios left undefined, ids and ranks blank. Regions not in the file stay as they are.
fn group_frame(f: &mut Frame, g: &Groups) {
    let Some(rc) = f.col_of(Role::Region) else {
        return;
    };
    let mut keys: Vec<Vec<String>> = Vec::new();
    let mut sums: Vec<Vec<Cell>> = Vec::new();
    let mut counts: Vec<usize> = Vec::new();
    for r in f.body() {
        let mut row = r.clone();
        if let Some(s) = text(&row[rc]) {
            if let Some(to) = g.of.get(s) {
                row[rc] = Cell::Text(to.clone());
            }
        }
        for (j, c) in f.columns.iter().enumerate() {
            if matches!(c.role, Role::Id | Role::Rank) {
                row[j] = Cell::from("");
            }
        }
        let key: Vec<String> = f
            .columns
            .iter()
            .zip(&row)
            .filter(|(c, _)| !c.is_numeric())
            .map(|(_, v)| text(v).cloned().unwrap_or_default())
            .collect();
        match keys.iter().position(|k| *k == key) {
            Some(p) => {
                counts[p] += 1;
                for (j, c) in f.columns.iter().enumerate() {
                    if c.is_numeric() {
                        sums[p][j] = if c.additive {
                            Cell::Num(num(&sums[p][j]) + num(&row[j]))
                        } else {
                            Cell::Missing
                        };
                    }
                }
            }
            None => {
                keys.push(key);
                sums.push(row);
                counts.push(1);
            }
        }
    }
    for row in sums.iter_mut() {
        f.derive(row);
    }
    let merged = counts.iter().any(|&c| c > 1);
    finish(
        f,
        sums,
        &format!(
            "regions summed by group ({}){}",
            g.path.display(),
            if merged
                && f.columns
                    .iter()
                    .any(|c| c.is_numeric() && !c.additive && c.change_of.is_none())
            {
                "; ratios of merged rows are not sums and are left empty"
            } else {
                ""
            }
        ),
    );
}
