//! Money units at output time (a view's money unit): every column whose unit is a money unit, or a
//! ratio with money in its numerator or denominator (`persons per 10k CNY`,
//! `10k CNY/10k CNY`), is converted with the scales of the table's unit metadata. A
//! conversion between currencies is refused (docs/units.md).

use super::frame::{Cell, Frame, Role};
use crate::analysis::scenario::parse_money;

/// Factor and new spelling converting numbers in `unit` to money unit `to`; `Ok(None)`
/// when `unit` holds no money. Errors for a money unit of another currency.
pub fn convert_unit(unit: &str, to: &str) -> Result<Option<(f64, String)>, String> {
    let target = parse_money(to).ok_or_else(|| {
        "expected a scale and currency such as `bn CNY`, `100M CNY`, `10k CNY`, `M USD`".to_string()
    })?;
    let one = |u: &str| -> Result<Option<f64>, String> {
        match parse_money(u) {
            None => Ok(None),
            Some(m) if m.currency == target.currency => Ok(Some(m.scale / target.scale)),
            Some(m) => Err(format!(
                "cannot express `{u}` ({}) in `{to}` ({}): mrio does not convert currencies",
                m.currency, target.currency
            )),
        }
    };
    if let Some(f) = one(unit)? {
        return Ok(Some((f, to.to_string())));
    }
    for sep in [" per ", "/"] {
        if let Some((a, b)) = unit.split_once(sep) {
            let fa = one(a)?;
            let fb = one(b)?;
            if fa.is_none() && fb.is_none() {
                return Ok(None);
            }
            let na = if fa.is_some() { to } else { a };
            let nb = if fb.is_some() { to } else { b };
            return Ok(Some((
                fa.unwrap_or(1.0) / fb.unwrap_or(1.0),
                format!("{na}{sep}{nb}"),
            )));
        }
    }
    Ok(None)
}

/// Convert every money column (and every row of a `unit` column) of `f` to `to`;
/// returns how many columns or rows were converted.
pub fn convert_frame(f: &mut Frame, to: &str) -> Result<usize, String> {
    let mut converted = 0;
    for j in 0..f.columns.len() {
        let Some(u) = f.columns[j].unit.clone() else {
            continue;
        };
        if let Some((factor, spelled)) = convert_unit(&u, to)? {
            converted += 1;
            f.columns[j].unit = Some(spelled);
            for r in &mut f.rows {
                if let Cell::Num(v) = &mut r[j] {
                    *v *= factor;
                }
            }
        }
    }
    if let Some(uc) = f.col_of(Role::Unit) {
        for r in &mut f.rows {
            let Cell::Text(u) = &r[uc] else { continue };
            if let Some((factor, spelled)) = convert_unit(u, to)? {
                converted += 1;
                r[uc] = Cell::Text(spelled);
                for (j, c) in f.columns.iter().enumerate() {
                    if c.is_numeric() && c.unit.is_none() {
                        if let Cell::Num(v) = &mut r[j] {
                            *v *= factor;
                        }
                    }
                }
            }
        }
    }
    Ok(converted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_ratios_and_refusals() {
        let (f, u) = convert_unit("10k CNY", "bn CNY").unwrap().unwrap();
        assert!((f - 1e-5).abs() < 1e-20);
        assert_eq!(u, "bn CNY");
        let (f, u) = convert_unit("persons per 10k CNY", "bn CNY")
            .unwrap()
            .unwrap();
        assert!((f - 1e5).abs() < 1e-6);
        assert_eq!(u, "persons per bn CNY");
        let (f, u) = convert_unit("10k CNY/10k CNY", "100M CNY")
            .unwrap()
            .unwrap();
        assert_eq!((f, u.as_str()), (1.0, "100M CNY/100M CNY"));
        assert_eq!(convert_unit("share of total", "bn CNY").unwrap(), None);
        assert!(convert_unit("M USD", "bn CNY").is_err());
        assert!(convert_unit("10k CNY", "furlongs").is_err());
    }
}
