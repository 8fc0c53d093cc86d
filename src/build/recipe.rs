//! The build recipe (TOML): parent table, indicator files, distances, method choices
//! and parameters. Unknown keys are errors naming the line; every value, with defaults
//! filled in, is recorded in the built table's `table.toml` (`[build.recipe]`).
//!
//! Paths are relative to the recipe's folder and may start with
//! `${NAME:-default}` (an environment variable with a fallback), so a recipe can find
//! shared data in different checkouts while recording the same text.

use super::regionalize::LqMethod;
use super::trade::Decay;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A build recipe.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recipe {
    /// Name of the built table.
    pub name: String,
    /// Reference year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i64>,
    /// Monetary unit of the parent (and of the built table), e.g. `10k CNY`.
    pub unit: String,
    /// Where the data come from (copied to table.toml).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Free-form notes (copied to table.toml).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// The parent table.
    pub parent: Parent,
    /// Regions and their size indicators.
    pub regions: Regions,
    /// Location-quotient regionalization.
    #[serde(default)]
    pub regionalize: Regionalize,
    /// Interregional trade.
    pub trade: Trade,
    /// Sectors of the parent disaggregated with a more detailed table's technology.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sector_split: Vec<SectorSplit>,
    /// Final demand of the regions.
    #[serde(default)]
    pub final_demand: FinalDemand,
    /// Satellite accounts built from regional indicator files.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub satellites: Vec<SatelliteSpec>,
}

/// How the parent table treats imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Imports {
    /// Non-competitive: Z and Y hold domestic flows only; imported inputs may be given
    /// in separate files (`z_imports`, `y_imports`) and as primary-input rows.
    Separate,
    /// Competitive: Z mixes domestic and imported inputs; imports are the negative
    /// Y column `import_column`; domestic flows by import proportionality (docs/methods.md 1.6).
    Proportional,
}

/// The parent table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Parent {
    /// Table folder.
    pub path: String,
    /// Import treatment.
    pub imports: Imports,
    /// Competitive tables: the Y column holding imports (negative).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub import_column: Option<String>,
    /// Non-competitive tables: imported intermediate inputs (layout of Z.csv), for CHARM.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub z_imports: Option<String>,
    /// Non-competitive tables: imported final use (layout of Y.csv), for CHARM.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y_imports: Option<String>,
    /// Y columns that are foreign exports.
    #[serde(default)]
    pub export_columns: Vec<String>,
    /// VA rows that are imported inputs, not value added.
    #[serde(default)]
    pub import_rows: Vec<String>,
    /// Sector concordance `from,to[,name]` (parent sector -> built sector).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concordance: Option<String>,
}

/// What the regional indicators measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Gross output by sector.
    Output,
    /// Value added by sector (output = value added / parent value-added ratio).
    ValueAdded,
    /// Employment by sector (output = employment × parent output per job); the parent's
    /// employment by sector comes from `parent_sizes`.
    Employment,
}

/// Regions and their sizes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Regions {
    /// Indicator file `region,sector,value[,...]` in the parent's unit (sectors of the
    /// built table). Regions in order of first appearance.
    pub indicators: String,
    /// What the values measure.
    pub basis: Basis,
    /// The parent's sizes by (built) sector as `id,value`, in the unit of the indicator
    /// file. Required for `basis = "employment"`; for the other bases the parent's own
    /// output or value added is used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_sizes: Option<String>,
    /// Name of the rest-of-parent region (parent minus the listed regions). Required:
    /// it absorbs the surpluses and deficits left by the listed regions' self-supply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rest: Option<String>,
    /// Display names of regions (for index.csv).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub names: BTreeMap<String, String>,
}

/// Location-quotient step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Regionalize {
    /// SLQ, CILQ, FLQ or AFLQ.
    #[serde(default = "default_method")]
    pub method: LqMethod,
    /// FLQ/AFLQ δ (Flegg & Webber 1997 suggest 0.3).
    #[serde(default = "default_delta")]
    pub delta: f64,
}

fn default_method() -> LqMethod {
    LqMethod::Flq
}
fn default_delta() -> f64 {
    0.3
}

impl Default for Regionalize {
    fn default() -> Self {
        Regionalize {
            method: default_method(),
            delta: default_delta(),
        }
    }
}

/// Where self-supply comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SelfSupply {
    /// From the location-quotient step.
    Lq,
    /// From CHARM's cross-hauling estimate (needs the parent's imports).
    Charm,
}

impl SelfSupply {
    /// Name used in recipes.
    pub fn name(self) -> &'static str {
        match self {
            SelfSupply::Lq => "lq",
            SelfSupply::Charm => "charm",
        }
    }
}

/// Interregional trade.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trade {
    /// Self-supply method.
    #[serde(default = "default_self_supply")]
    pub self_supply: SelfSupply,
    /// Distances `origin,destination,km` between every ordered pair of regions.
    pub distances: String,
    /// Distance decay.
    #[serde(default = "default_decay")]
    pub decay: Decay,
    /// Distance-decay exponent γ.
    #[serde(default = "default_gamma")]
    pub gamma: f64,
    /// Sectors whose goods are not traded between regions (construction, utilities,
    /// local services): each listed region supplies itself up to its local use, the
    /// supply–demand-pool rule `t^{rr}_i = min(x^r_i − e^r_i, d^r_i)` (docs/methods.md 6.2;
    /// Schaffer & Chu 1969), whatever the self-supply method; only surpluses and
    /// deficits are shipped by gravity. Empty: every sector is tradable.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub non_tradable: Vec<String>,
    /// Internal distance of the rest region (its shipments to itself), km.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rest_internal_km: Option<f64>,
    /// Gravity balancing tolerance (relative gap).
    #[serde(default = "default_tol")]
    pub tolerance: f64,
    /// Gravity balancing iteration cap.
    #[serde(default = "default_max_iter")]
    pub max_iterations: usize,
}

fn default_self_supply() -> SelfSupply {
    SelfSupply::Lq
}
fn default_decay() -> Decay {
    Decay::Power
}
fn default_gamma() -> f64 {
    1.0
}
fn default_tol() -> f64 {
    1e-12
}
fn default_max_iter() -> usize {
    10_000
}

/// Final demand of the regions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FinalDemand {
    /// New names of the parent's final-demand columns (others keep their label).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rename: BTreeMap<String, String>,
    /// Columns of the parent split into parts with the product shares of a more
    /// detailed table (e.g. total consumption into households and government).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub split: Vec<ColumnSplit>,
}

/// Split one final-demand column of the parent into parts, product by product, with
/// the shares of the parts' columns in a more detailed table of the same economy:
/// `y_{i,p} = y_i · s_{i,p} / Σ_q s_{i,q}`, `s_{i,p}` = the source's columns of part p
/// summed over the source products mapped to i (docs/methods.md 1.5: splitting with a
/// related table's structure).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnSplit {
    /// The parent column (e.g. `TC`).
    pub column: String,
    /// Table folder whose final-demand columns give the shares.
    pub shares_from: String,
    /// Concordance `from,to[,name]` from the source's sectors to the built sectors.
    pub concordance: String,
    /// The parts, in the order their columns appear in the built table.
    pub part: Vec<SplitPart>,
}

/// One part of a [`ColumnSplit`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SplitPart {
    /// Name of the new column (category), e.g. `households`.
    pub name: String,
    /// Columns of the source table that make up this part (e.g. `FU101`, `FU102`).
    pub columns: Vec<String>,
}

/// Disaggregate one sector of the (aggregated) parent into parts with the flows of a
/// more detailed table of the same economy (`sector_split` module: Wolsky 1984;
/// Lindner, Legault & Guan 2012). The parts add up to the sector's row and column and
/// the split table balances.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectorSplit {
    /// The sector of the aggregated parent to split (e.g. `aero`).
    pub sector: String,
    /// Table folder whose flows give the shares.
    pub shares_from: String,
    /// Concordance `from,to[,name]` from the source's sectors to the sectors of the
    /// split table (the parts included: the source sectors mapped to a part make it up).
    pub concordance: String,
    /// Parent final-demand columns made of several source columns (e.g.
    /// `TC = ["FU101", "FU102", "FU103"]`); other columns match the source's column of
    /// the same label, or are split by output shares.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub columns: BTreeMap<String, Vec<String>>,
    /// The source's (negative) imports column, which shares out the split good's imports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub import_column: Option<String>,
    /// The parts, in the order they take the sector's place.
    pub part: Vec<SectorPart>,
}

/// One part of a [`SectorSplit`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectorPart {
    /// Code of the new sector (e.g. `auto`).
    pub id: String,
    /// Its descriptive name in `index.csv`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A satellite account from a regional indicator file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SatelliteSpec {
    /// File stem of the satellite (e.g. `employment`).
    pub name: String,
    /// Indicator row label (e.g. `jobs`).
    pub indicator: String,
    /// Unit (e.g. `persons`).
    pub unit: String,
    /// File `region,sector,value[,...]` for the listed regions. The rest region gets the
    /// listed regions' average intensity per unit of output, sector by sector.
    pub file: String,
}

impl Recipe {
    /// Parse recipe text; `path` names the file in errors (with the line).
    pub fn parse(path: &Path, text: &str) -> Result<Self> {
        let r: Recipe =
            toml::from_str(text).map_err(|e| crate::table::toml_error(path, text, e))?;
        r.validate(path, text)?;
        Ok(r)
    }

    /// Read a recipe file.
    pub fn read(path: &Path) -> Result<Self> {
        Self::read_with(path, &[])
    }

    /// Read a recipe file and apply `key=value` overrides (dotted keys, TOML values,
    /// e.g. `regionalize.delta=0.2`, `trade.self_supply="charm"`), for sensitivity runs.
    /// The overridden values are what the built table records.
    pub fn read_with(path: &Path, overrides: &[String]) -> Result<Self> {
        let bytes = crate::fsio::read_bytes(path)?;
        let text = String::from_utf8(bytes).map_err(|_| Error::Config {
            path: path.to_path_buf(),
            message: "not valid UTF-8".into(),
        })?;
        if overrides.is_empty() {
            return Self::parse(path, &text);
        }
        // Check the file as written first, so its errors name its lines.
        Self::parse(path, &text)?;
        let mut doc: toml::Table =
            toml::from_str(&text).map_err(|e| crate::table::toml_error(path, &text, e))?;
        let original = doc.clone();
        for o in overrides {
            apply_override(path, &mut doc, o)?;
        }
        let r: Recipe = doc
            .try_into()
            .map_err(|e: toml::de::Error| override_error(path, &original, overrides, &e))?;
        r.validate(path, "")?;
        Ok(r)
    }

    fn validate(&self, path: &Path, text: &str) -> Result<()> {
        let line_of = |key: &str| {
            text.lines()
                .position(|l| l.trim_start().starts_with(key))
                .map(|p| p + 1)
                .unwrap_or(0)
        };
        let err = |key: &str, msg: String| match line_of(key) {
            0 => Error::Override {
                path: path.to_path_buf(),
                setting: None,
                message: msg,
            },
            l => Error::Config {
                path: path.to_path_buf(),
                message: format!("line {l}: {msg}"),
            },
        };
        for s in &self.satellites {
            let line = text
                .lines()
                .position(|l| l.trim_start().starts_with("name") && l.contains(&s.name))
                .map_or(String::new(), |p| format!(":{}", p + 1));
            crate::table::check_satellite_name(
                &s.name,
                &format!("{}{line}: [[satellites]] name", path.display()),
            )?;
        }
        let d = self.regionalize.delta;
        if !(0.0..1.0).contains(&d) {
            return Err(err(
                "delta",
                format!("delta = {d}: expected 0 <= delta < 1 (Flegg & Webber 1997 suggest 0.3)"),
            ));
        }
        let g = self.trade.gamma;
        if !(g.is_finite() && g >= 0.0) {
            return Err(err(
                "gamma",
                format!("gamma = {g}: expected a finite number >= 0"),
            ));
        }
        if let Some(km) = self.trade.rest_internal_km {
            if !(km.is_finite() && km > 0.0) {
                return Err(err(
                    "rest_internal_km",
                    format!("rest_internal_km = {km}: expected a positive distance"),
                ));
            }
        }
        if self.regions.rest.is_none() {
            return Err(err(
                "[regions]",
                "[regions] needs rest = \"NAME\": the rest of the parent absorbs what the listed regions' location-quotient self-supply leaves over (without it the gravity step can be infeasible)".into(),
            ));
        }
        if self.regions.rest.is_some() && self.trade.rest_internal_km.is_none() {
            return Err(err(
                "[trade]",
                "the recipe has a rest region: [trade] needs rest_internal_km (the rest region's internal shipping distance)".into(),
            ));
        }
        if self.regions.basis == Basis::Employment && self.regions.parent_sizes.is_none() {
            return Err(err(
                "basis",
                "basis = \"employment\" needs parent_sizes (the parent's employment by sector, `id,value`)".into(),
            ));
        }
        if self.parent.imports == Imports::Proportional && self.parent.import_column.is_none() {
            return Err(err(
                "imports",
                "imports = \"proportional\" needs import_column (the Y column holding imports)"
                    .into(),
            ));
        }
        if !(self.trade.tolerance > 0.0 && self.trade.tolerance < 1e-3) {
            return Err(err(
                "tolerance",
                format!(
                    "tolerance = {}: expected a small positive number",
                    self.trade.tolerance
                ),
            ));
        }
        Ok(())
    }
}

/// The error of the first override that makes the recipe invalid, naming it and what
/// its key accepts in plain words (serde's "unit variant" means "one of these names").
fn override_error(
    path: &Path,
    original: &toml::Table,
    overrides: &[String],
    e: &toml::de::Error,
) -> Error {
    let fails = |d: toml::Table| toml::Value::Table(d).try_into::<Recipe>().err();
    for o in overrides {
        let mut d = original.clone();
        if apply_override(path, &mut d, o).is_err() {
            continue;
        }
        let Some(err) = fails(d) else { continue };
        let mut msg = err.message().to_string();
        if msg.contains("variant") {
            // Probe the key with a name no enum has: serde then lists the accepted ones.
            let key = o.split_once('=').map_or(o.as_str(), |(k, _)| k);
            let mut p = original.clone();
            let _ = apply_override(path, &mut p, &format!("{key}=\"?\""));
            msg = match fails(p).map(|e| e.message().to_string()) {
                Some(m) if m.contains("expected one of") => {
                    format!("expected {}", &m[m.find("one of").unwrap_or(0)..])
                }
                _ => "expected a name (a quoted string)".to_string(),
            };
        }
        return Error::Override {
            path: path.to_path_buf(),
            setting: Some(o.clone()),
            message: msg,
        };
    }
    Error::Override {
        path: path.to_path_buf(),
        setting: None,
        message: e.message().to_string(),
    }
}

fn apply_override(path: &Path, doc: &mut toml::Table, o: &str) -> Result<()> {
    let err = |message: String| Error::Override {
        path: path.to_path_buf(),
        setting: Some(o.to_string()),
        message,
    };
    let (key, value) = o
        .split_once('=')
        .ok_or_else(|| err("expected key=value, e.g. regionalize.delta=0.2".into()))?;
    let value: toml::Value = match toml::from_str::<toml::Table>(&format!("v = {value}")) {
        Ok(t) => t["v"].clone(),
        // Bare words are strings: trade.self_supply=charm.
        Err(_) => toml::Value::String(value.trim().to_string()),
    };
    let parts: Vec<&str> = key.trim().split('.').collect();
    let mut t = doc;
    for p in &parts[..parts.len() - 1] {
        t = t
            .entry(p.to_string())
            .or_insert_with(|| toml::Value::Table(toml::Table::new()))
            .as_table_mut()
            .ok_or_else(|| err(format!("`{p}` is not a table")))?;
    }
    t.insert(parts[parts.len() - 1].to_string(), value);
    Ok(())
}

/// Resolve a recipe path: `${NAME:-default}` at the start is replaced by the
/// environment variable NAME when set (non-empty) or by `default`; relative results
/// are joined to `base` (the recipe's folder).
pub fn resolve(base: &Path, raw: &str) -> Result<PathBuf> {
    let expanded = if let Some(rest) = raw.strip_prefix("${") {
        let close = rest
            .find('}')
            .ok_or_else(|| Error::bad_value("path", raw, "a closing `}` after `${`"))?;
        let inner = &rest[..close];
        let tail = &rest[close + 1..];
        let (name, default) = match inner.split_once(":-") {
            Some((n, d)) => (n, Some(d)),
            None => (inner, None),
        };
        let value = match std::env::var(name) {
            Ok(v) if !v.is_empty() => v,
            _ => match default {
                Some(d) => d.to_string(),
                None => {
                    return Err(Error::bad_value(
                        "path",
                        raw,
                        format!(
                            "a default (`${{{name}:-...}}`) or the environment variable {name} \
                             set (it is not)"
                        ),
                    ))
                }
            },
        };
        // A variable set to an absolute path stands alone; a default is relative to
        // the recipe.
        format!("{value}{tail}")
    } else {
        raw.to_string()
    };
    let p = PathBuf::from(&expanded);
    Ok(if p.is_absolute() { p } else { base.join(p) })
}
