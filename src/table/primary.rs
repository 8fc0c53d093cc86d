//! Classes of the primary-input rows of `VA.csv`: imports, labour income, taxes and other
//! value added, declared in `table.toml` under `[primary_inputs]` (docs/table-format.md).
//!
//! A row's class is never guessed from a substring of its label. Without a declaration
//! no row is an import, and labour income is the rows whose whole label (ignoring case)
//! is one of [`KNOWN_LABOUR_INCOME`]. Value added is every row that is not an import.

use serde::{Deserialize, Serialize};

/// `[primary_inputs]` of `table.toml`: lists of `VA.csv` row labels. A key left out takes
/// its default (imports: none; labour income: the rows with a known label; taxes: none);
/// an empty list says the table has no such row. Rows named nowhere are other value added.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrimaryInputs {
    /// Imported inputs: a primary input, but not value added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imports: Option<Vec<String>>,
    /// Labour income (compensation of employees, ESA D1): the households' income.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labour_income: Option<Vec<String>>,
    /// Taxes (less subsidies) on production or products: value added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taxes: Option<Vec<String>>,
    /// Other value added (operating surplus, depreciation, ...), stated for completeness.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_value_added: Option<Vec<String>>,
}

/// What a primary-input row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrimaryClass {
    /// Imported inputs (not value added).
    Import,
    /// Labour income (value added).
    LabourIncome,
    /// Taxes less subsidies (value added).
    Tax,
    /// Any other value added.
    OtherValueAdded,
}

/// Labels that are labour income when `[primary_inputs] labour_income` is not given,
/// matched against the whole label ignoring case (never as a substring).
pub const KNOWN_LABOUR_INCOME: &[&str] = &[
    "compensation",
    "compensation of employees",
    "compensation_of_employees",
    "compensation_employees",
    "labour compensation",
    "labor compensation",
    "labour income",
    "labour_income",
    "labor income",
    "labor_income",
    "wages",
    "wages and salaries",
    "wages_and_salaries",
    "d1",
    "va001_compensation_of_employees",
    "v001_compensation_of_employees",
    "劳动者报酬",
];

/// True when `label` is one of [`KNOWN_LABOUR_INCOME`] (whole label, any case).
pub fn is_known_labour_income(label: &str) -> bool {
    let l = label.trim().to_lowercase();
    KNOWN_LABOUR_INCOME.contains(&l.as_str())
}

impl PrimaryInputs {
    /// True when nothing is declared (the section is left out of `table.toml`).
    pub fn is_empty(&self) -> bool {
        self.imports.is_none()
            && self.labour_income.is_none()
            && self.taxes.is_none()
            && self.other_value_added.is_none()
    }

    fn declared(&self) -> [(&'static str, &Option<Vec<String>>, PrimaryClass); 4] {
        [
            ("imports", &self.imports, PrimaryClass::Import),
            (
                "labour_income",
                &self.labour_income,
                PrimaryClass::LabourIncome,
            ),
            ("taxes", &self.taxes, PrimaryClass::Tax),
            (
                "other_value_added",
                &self.other_value_added,
                PrimaryClass::OtherValueAdded,
            ),
        ]
    }

    /// Check the declaration against the rows of `VA.csv`: every label must be a row and
    /// no row may be in two classes. The message names the key and the label.
    pub fn check(&self, va_labels: &[String]) -> std::result::Result<(), String> {
        let mut seen: Vec<(&str, &str)> = Vec::new();
        for (key, list, _) in self.declared() {
            for l in list.iter().flatten() {
                if !va_labels.contains(l) {
                    return Err(format!(
                        "[primary_inputs] {key} names `{l}`, which is not a row of VA.csv \
                         (rows: {})",
                        va_labels.join(", ")
                    ));
                }
                if let Some((k0, _)) = seen.iter().find(|(_, s)| *s == l.as_str()) {
                    return Err(format!(
                        "[primary_inputs] row `{l}` is in both {k0} and {key}: a row has one class"
                    ));
                }
                seen.push((key, l));
            }
        }
        Ok(())
    }

    /// The class of each row of `va_labels`: as declared, else the defaults of the module.
    pub fn classes(&self, va_labels: &[String]) -> Vec<PrimaryClass> {
        va_labels
            .iter()
            .map(|l| {
                let declared = self
                    .declared()
                    .into_iter()
                    .find(|(_, list, _)| list.iter().flatten().any(|d| d == l));
                match declared {
                    Some((_, _, class)) => class,
                    None if self.labour_income.is_none() && is_known_labour_income(l) => {
                        PrimaryClass::LabourIncome
                    }
                    None => PrimaryClass::OtherValueAdded,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn defaults_never_match_substrings() {
        let l = labels(&["Imports of services", "wages", "wages_of_sin", "taxes"]);
        let c = PrimaryInputs::default().classes(&l);
        assert_eq!(
            c,
            vec![
                PrimaryClass::OtherValueAdded,
                PrimaryClass::LabourIncome,
                PrimaryClass::OtherValueAdded,
                PrimaryClass::OtherValueAdded
            ]
        );
    }

    #[test]
    fn declared_classes_win_and_an_empty_list_means_none() {
        let l = labels(&["imp", "wages", "pay"]);
        let p = PrimaryInputs {
            imports: Some(labels(&["imp"])),
            labour_income: Some(labels(&["pay"])),
            ..Default::default()
        };
        assert_eq!(
            p.classes(&l),
            vec![
                PrimaryClass::Import,
                PrimaryClass::OtherValueAdded,
                PrimaryClass::LabourIncome
            ]
        );
        let none = PrimaryInputs {
            labour_income: Some(vec![]),
            ..Default::default()
        };
        assert!(none
            .classes(&l)
            .iter()
            .all(|c| *c == PrimaryClass::OtherValueAdded));
    }

    #[test]
    fn check_names_the_key_and_label() {
        let l = labels(&["imp", "wages"]);
        let p = PrimaryInputs {
            taxes: Some(labels(&["tax"])),
            ..Default::default()
        };
        let e = p.check(&l).unwrap_err();
        assert!(e.contains("taxes") && e.contains("`tax`"), "{e}");
        let twice = PrimaryInputs {
            imports: Some(labels(&["imp"])),
            taxes: Some(labels(&["imp"])),
            ..Default::default()
        };
        let e = twice.check(&l).unwrap_err();
        assert!(e.contains("imports and taxes"), "{e}");
    }
}
