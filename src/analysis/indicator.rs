//! The one vocabulary of indicator names, used by every command (`multipliers --only`,
//! `paths`/`spillover --indicator`, scenario files, limits): each built-in indicator has
//! a canonical name and the spellings accepted for it.
//!
//! `value-added` and `value_added` are the same indicator everywhere (so are `income`
//! and `labour_income`, `employment` and `jobs`); a satellite is named by its file stem.

/// Built-in indicators: canonical name, then every spelling accepted for it.
pub const ALIASES: &[(&str, &[&str])] = &[
    ("output", &["output", "gross-output", "gross_output"]),
    ("value-added", &["value-added", "value_added"]),
    (
        "income",
        &[
            "income",
            "labour-income",
            "labour_income",
            "labor-income",
            "labor_income",
        ],
    ),
    ("employment", &["employment", "jobs"]),
];

/// The canonical name of `name`: the built-in it spells, else `name` itself.
pub fn canonical(name: &str) -> &str {
    ALIASES
        .iter()
        .find(|(_, spellings)| spellings.contains(&name))
        .map(|(c, _)| *c)
        .unwrap_or(name)
}

/// True when `a` and `b` name the same indicator (equal, or spellings of one built-in).
pub fn same(a: &str, b: &str) -> bool {
    a == b || canonical(a) == canonical(b)
}

/// The message for a name that is none of `valid` (the names a table offers).
pub fn unknown(what: &str, name: &str, valid: &[&str]) -> String {
    format!("unknown {what} `{name}`: {}", offered(valid))
}

/// What a table offers instead of an unknown name: `valid`, and the spellings that meet.
pub fn offered(valid: &[&str]) -> String {
    format!(
        "this table offers {} (`value_added` and `value-added` are the same)",
        valid
            .iter()
            .map(|v| format!("`{v}`"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_meet_and_others_stay_apart() {
        assert!(same("value_added", "value-added"));
        assert!(same("jobs", "employment"));
        assert!(!same("value_added", "income"));
        assert!(!same("water", "output"));
        assert_eq!(canonical("labour_income"), "income");
        assert_eq!(canonical("water"), "water");
    }
}
