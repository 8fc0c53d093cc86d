//! Regions, sectors and the (region, sector) <-> position map of a table.

use crate::error::{Error, Result};
use std::collections::HashMap;

/// The row/column index of an IO table: one entry per (region, sector), in matrix order.
///
/// Single-region tables (an `index.csv` without a `region` column) have one region
/// named by [`Index::SINGLE_REGION`] and use the id as the sector label.
#[derive(Debug, Clone, PartialEq)]
pub struct Index {
    ids: Vec<String>,
    regions: Vec<String>,
    sectors: Vec<String>,
    /// Extra columns of `index.csv` (names, Chinese names...), kept for writing back.
    extra: Vec<(String, Vec<String>)>,
    has_region_column: bool,
    pos: HashMap<String, usize>,
    region_list: Vec<String>,
    sector_list: Vec<String>,
}

impl Index {
    /// Region name used when `index.csv` has no `region` column.
    pub const SINGLE_REGION: &'static str = "all";

    /// Build an index. `regions`/`sectors` of `None` mean a single-region table whose
    /// sectors are the ids.
    pub fn new(
        ids: Vec<String>,
        regions: Option<Vec<String>>,
        sectors: Option<Vec<String>>,
    ) -> Result<Self> {
        Self::with_extra(ids, regions, sectors, Vec::new())
    }

    /// Like [`Index::new`] with extra descriptive columns.
    pub fn with_extra(
        ids: Vec<String>,
        regions: Option<Vec<String>>,
        sectors: Option<Vec<String>>,
        extra: Vec<(String, Vec<String>)>,
    ) -> Result<Self> {
        let n = ids.len();
        if n == 0 {
            return Err(Error::shape("index", "0 ids", "at least one id"));
        }
        let has_region_column = regions.is_some();
        let regions = regions.unwrap_or_else(|| vec![Self::SINGLE_REGION.to_string(); n]);
        let sectors = sectors.unwrap_or_else(|| ids.clone());
        if regions.len() != n || sectors.len() != n || extra.iter().any(|(_, v)| v.len() != n) {
            return Err(Error::shape(
                "index columns",
                "different lengths",
                format!("{n} entries (one per id) in every column"),
            ));
        }
        let mut pos = HashMap::with_capacity(n);
        for (i, id) in ids.iter().enumerate() {
            if id.is_empty() {
                return Err(Error::bad_value(
                    format!("index entry {}", i + 1),
                    "",
                    "a non-empty id",
                ));
            }
            if pos.insert(id.clone(), i).is_some() {
                return Err(Error::conflict("index", format!("duplicate id `{id}`")));
            }
        }
        let mut region_list: Vec<String> = Vec::new();
        let mut sector_list: Vec<String> = Vec::new();
        for r in &regions {
            if !region_list.contains(r) {
                region_list.push(r.clone());
            }
        }
        for s in &sectors {
            if !sector_list.contains(s) {
                sector_list.push(s.clone());
            }
        }
        let mut seen = HashMap::new();
        for i in 0..n {
            if let Some(j) = seen.insert((regions[i].as_str(), sectors[i].as_str()), i) {
                return Err(Error::conflict(
                    "index",
                    format!(
                        "ids `{}` and `{}` are both region `{}`, sector `{}`",
                        ids[j], ids[i], regions[i], sectors[i]
                    ),
                ));
            }
        }
        Ok(Index {
            ids,
            regions,
            sectors,
            extra,
            has_region_column,
            pos,
            region_list,
            sector_list,
        })
    }

    /// Number of entries (N = n R).
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Always false: an index has at least one entry.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Ids in matrix order.
    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    /// Region of every entry.
    pub fn regions(&self) -> &[String] {
        &self.regions
    }

    /// Sector of every entry.
    pub fn sectors(&self) -> &[String] {
        &self.sectors
    }

    /// Distinct regions in order of first appearance.
    pub fn region_list(&self) -> &[String] {
        &self.region_list
    }

    /// Distinct sectors in order of first appearance.
    pub fn sector_list(&self) -> &[String] {
        &self.sector_list
    }

    /// Extra descriptive columns of `index.csv`.
    pub fn extra(&self) -> &[(String, Vec<String>)] {
        &self.extra
    }

    /// True when the index came with a `region` column.
    pub fn has_region_column(&self) -> bool {
        self.has_region_column
    }

    /// True when there is more than one region.
    pub fn is_multi_region(&self) -> bool {
        self.region_list.len() > 1
    }

    /// Position of `id`.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.pos.get(id).copied()
    }

    /// Position of (region, sector).
    pub fn position_of(&self, region: &str, sector: &str) -> Option<usize> {
        (0..self.len()).find(|&i| self.regions[i] == region && self.sectors[i] == sector)
    }

    /// Positions of the entries of `region`, in matrix order.
    pub fn positions_in_region(&self, region: &str) -> Vec<usize> {
        (0..self.len())
            .filter(|&i| self.regions[i] == region)
            .collect()
    }

    /// A descriptive name for entry `i` (the `name` or `sector_name` column when present).
    pub fn name(&self, i: usize) -> Option<&str> {
        self.extra
            .iter()
            .find(|(h, _)| h == "name" || h == "sector_name")
            .map(|(_, v)| v[i].as_str())
    }
}
