//! Error type of the library: every variant names where the problem is (file, line,
//! column or label) and what was expected, so the CLI can print it as is.

use std::path::PathBuf;

/// Result alias used across the crate.
pub type Result<T> = std::result::Result<T, Error>;

/// Everything that can go wrong when reading, checking or solving a table.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be opened, read or written.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A CSV file is malformed (ragged row, bad quoting, bad encoding, empty).
    #[error("{path}:{line}: {message}")]
    Csv {
        path: PathBuf,
        line: u64,
        message: String,
    },
    /// A cell holds something other than a finite number.
    #[error(
        "{path}:{line}:{column}: cell `{value}` (row `{row}`, column `{col}`): expected {expected}"
    )]
    Cell {
        path: PathBuf,
        line: u64,
        column: usize,
        row: String,
        col: String,
        value: String,
        expected: String,
    },
    /// Labels do not match between files (unknown, missing or duplicate ids).
    #[error("{path}: {message}")]
    Label { path: PathBuf, message: String },
    /// A configuration or recipe file is invalid.
    #[error("{path}: {message}")]
    Config { path: PathBuf, message: String },
    /// The table is not usable for the model (negative output, non-productive, ...).
    #[error("{0}")]
    Model(String),
    /// The system `I - A` is singular or numerically singular.
    #[error("the system I - A is singular: {0}")]
    Singular(String),
    /// The system is not productive (spectral radius of A >= 1).
    #[error("the system is not productive: spectral radius of A is about {} (must be < 1){detail}", crate::report::number::fmt_msg(*.rho))]
    NonProductive { rho: f64, detail: String },
    /// A name (region, sector, indicator, row, key) that is not one of the known ones.
    /// `place` is where it was given (a file and key, or a label); `known` lists or
    /// describes the accepted names.
    #[error("{place}: unknown {what} `{name}`; {known}")]
    Unknown {
        place: String,
        what: String,
        name: String,
        known: String,
    },
    /// A value of the wrong kind or out of range (`place` names the file, line or key).
    #[error("{place}: `{value}`: expected {expected}")]
    BadValue {
        place: String,
        value: String,
        expected: String,
    },
    /// Inputs or outputs that contradict each other (an output that is an input, two
    /// results written to one file, a unit differing from the parent table's, ...).
    #[error("{place}: {message}")]
    Conflict { place: String, message: String },
    /// A result that is not a finite number (overflow, 0/0): nothing is written.
    #[error("{result}: {detail}; nothing was written")]
    NonFinite { result: String, detail: String },
    /// The output folder already holds files and replacing it was not asked for. The
    /// command line turns this into its own advice (`--force`).
    #[error("{path}: folder is not empty")]
    OutExists { path: PathBuf },
    /// The household closure cannot be built or is not productive. `remedy` says what
    /// to change, in the library's words; the command line swaps in its options.
    #[error("{message}; {remedy}")]
    Household {
        message: String,
        remedy: HouseholdRemedy,
    },
    /// A matrix or vector of the wrong size: `what` it is, the size `found` ("3 x 4",
    /// "3 entries") and the size `expected` (with what it must match).
    #[error("{what}: {found}, expected {expected}")]
    Shape {
        what: String,
        found: String,
        expected: String,
    },
    /// A sector with zero gross output while zero-output sectors are rejected
    /// (`ZeroOutput::Reject`); the command line adds its option.
    #[error(
        "gross output of `{id}` is zero and zero-output sectors are rejected (treat them \
         as inert, a unit column of L passing nothing on, to go on)"
    )]
    ZeroOutput { id: String },
    /// A recipe `key=value` override that does not apply or leaves the recipe invalid:
    /// `setting` is the override at fault (None: the overrides together). The command
    /// line names its option (`--set`) instead of "override".
    #[error("{}: {}{message}", path.display(), match setting {
        Some(s) => format!("after the override `{s}`: "),
        None => "after the overrides: ".to_string(),
    })]
    Override {
        path: PathBuf,
        setting: Option<String>,
        message: String,
    },
    /// A view of the results (a money unit, a region or sector filter, a group file)
    /// with nothing to act on; the command line names its option for `part`.
    #[error("{part}: {message}")]
    View { part: ViewPart, message: String },
    /// An iterative method stopped at its iteration limit before its tolerance;
    /// `remedy` says what to change, in the library's words.
    #[error(
        "{method} did not converge: relative residual {residual:.2e} after {iterations} \
         iterations (tolerance {tolerance:.1e}); {remedy}"
    )]
    NoConvergence {
        method: String,
        residual: f64,
        iterations: usize,
        tolerance: f64,
        remedy: String,
    },
    /// Built by the command line only: an error about a value given with `option`
    /// (the library never names command-line options).
    #[error("{option}: {source}")]
    Flag {
        option: String,
        #[source]
        source: Box<Error>,
    },
    /// Invalid argument passed to a library function.
    #[error("{0}")]
    Invalid(String),
}

/// The part of a [`View`](crate::report::View) an [`Error::View`] is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ViewPart {
    /// The money unit asked for.
    Unit(String),
    /// The region filter or the group file (both need a region column).
    RegionsOrGroups,
    /// The sector filter.
    Sectors,
    /// The region and sector filters together.
    RegionsAndSectors,
    /// The group file at this path.
    Group(PathBuf),
}

impl std::fmt::Display for ViewPart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ViewPart::Unit(u) => write!(f, "money unit `{u}`"),
            ViewPart::RegionsOrGroups => f.write_str("region filter or group file"),
            ViewPart::Sectors => f.write_str("sector filter"),
            ViewPart::RegionsAndSectors => f.write_str("region / sector filter"),
            ViewPart::Group(p) => write!(f, "group file {}", p.display()),
        }
    }
}

/// What to change when the household closure fails (see [`Error::Household`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HouseholdRemedy {
    /// No income row was found: name the primary-input rows of household income.
    NameIncome,
    /// No consumption column was found: name the final-demand columns of household
    /// consumption.
    NameConsumption,
    /// Households spend too much per unit of income: widen the income base, keep only
    /// local consumption, or scale consumption down.
    SpendLess,
}

impl std::fmt::Display for HouseholdRemedy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            HouseholdRemedy::NameIncome => "name the primary-input rows that are household income",
            HouseholdRemedy::NameConsumption => {
                "name the final-demand columns that are household consumption"
            }
            HouseholdRemedy::SpendLess => {
                "count more of household income (more primary-input rows), take only \
                 locally produced consumption, or scale consumption down (a factor < 1, a \
                 marginal propensity to consume)"
            }
        })
    }
}

impl Error {
    /// Build an [`Error::Io`] for `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// Build an [`Error::Unknown`].
    pub fn unknown(
        place: impl std::fmt::Display,
        what: &str,
        name: &str,
        known: impl Into<String>,
    ) -> Self {
        Error::Unknown {
            place: place.to_string(),
            what: what.to_string(),
            name: visible(name),
            known: known.into(),
        }
    }

    /// Build an [`Error::BadValue`].
    pub fn bad_value(
        place: impl std::fmt::Display,
        value: impl std::fmt::Display,
        expected: impl Into<String>,
    ) -> Self {
        Error::BadValue {
            place: place.to_string(),
            value: value.to_string(),
            expected: expected.into(),
        }
    }

    /// Build an [`Error::Shape`].
    pub fn shape(
        what: impl std::fmt::Display,
        found: impl std::fmt::Display,
        expected: impl std::fmt::Display,
    ) -> Self {
        Error::Shape {
            what: what.to_string(),
            found: found.to_string(),
            expected: expected.to_string(),
        }
    }

    /// Build an [`Error::Conflict`].
    pub fn conflict(place: impl std::fmt::Display, message: impl Into<String>) -> Self {
        Error::Conflict {
            place: place.to_string(),
            message: message.into(),
        }
    }

    /// Build an [`Error::NonFinite`].
    pub fn non_finite(result: impl std::fmt::Display, detail: impl Into<String>) -> Self {
        Error::NonFinite {
            result: result.to_string(),
            detail: detail.into(),
        }
    }

    /// Wrap `self` as an error about the value of command-line option `option`
    /// (for the command line; see [`Error::Flag`]).
    pub fn flag(self, option: impl Into<String>) -> Self {
        Error::Flag {
            option: option.into(),
            source: Box::new(self),
        }
    }

    /// Build an [`Error::Label`] for `path`.
    pub fn label(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Error::Label {
            path: path.into(),
            message: message.into(),
        }
    }
}

/// A label as shown in messages: characters that look like others or like nothing
/// (a no-break space, other non-ASCII spaces, control and zero-width characters,
/// combining accents of a decomposed (NFD) spelling) are written as `\u{a0}`, so two
/// labels that differ only in them are visibly different. Everything else, Chinese
/// included, is shown as is.
pub fn visible(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    for c in label.chars() {
        if is_deceptive(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// For a label `got` not among `known`: a note naming a known label that differs from
/// it only in characters [`visible`] escapes (or in the kind of space), else empty.
pub fn lookalike_note(got: &str, known: &[String]) -> String {
    let skeleton = |s: &str| -> String {
        s.chars()
            .filter_map(|c| match c {
                c if c.is_whitespace() => Some(' '),
                c if is_deceptive(c) => None,
                c => Some(c),
            })
            .collect()
    };
    let g = skeleton(got);
    match known.iter().find(|k| k.as_str() != got && skeleton(k) == g) {
        Some(k) => format!(
            " (`{}` differs from the known `{}` only in invisible, space or combining \
             characters, shown as \\u{{...}})",
            visible(got),
            visible(k)
        ),
        None if visible(got) != got => " (\\u{...} marks a character that is easy to \
             miss: an invisible, non-ASCII space or combining character)"
            .to_string(),
        None => String::new(),
    }
}

fn is_deceptive(c: char) -> bool {
    let u = c as u32;
    (c.is_whitespace() && c != ' ')
        || c.is_control()
        || u == 0xad
        || u == 0xfeff
        || (0x200b..=0x200f).contains(&u)
        || (0x2028..=0x202f).contains(&u)
        || (0x2060..=0x206f).contains(&u)
        || (0x0300..=0x036f).contains(&u)
        || (0x1ab0..=0x1aff).contains(&u)
        || (0x1dc0..=0x1dff).contains(&u)
        || (0x20d0..=0x20ff).contains(&u)
        || (0xfe20..=0xfe2f).contains(&u)
}

#[cfg(test)]
mod tests {
    use super::visible;

    #[test]
    fn deceptive_characters_are_escaped_and_others_kept() {
        assert_eq!(visible("Xi\u{a0}an"), "Xi\\u{a0}an");
        assert_eq!(visible("e\u{301}"), "e\\u{301}");
        assert_eq!(visible("\u{e9}"), "\u{e9}");
        assert_eq!(visible("西安 city"), "西安 city");
        assert_eq!(visible("a\tb\u{200b}"), "a\\u{9}b\\u{200b}");
        let known = vec!["Xi an".to_string()];
        assert!(super::lookalike_note("Xi\u{a0}an", &known).contains("`Xi an`"));
        assert!(super::lookalike_note("Xi\u{a0}an", &[]).contains("easy to miss"));
        assert_eq!(super::lookalike_note("Lanzhou", &known), "");
    }
}
