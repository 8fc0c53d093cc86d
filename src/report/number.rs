//! How numbers read: significant digits and thousands separators for people, shortest
//! round-trip form for files (docs/units.md).

/// A number for reading: `digits` significant digits, thousands separators, never
/// e-notation (`1,309,000`, `13.09`, `0.0001235`).
pub fn fmt_sig(v: f64, digits: usize) -> String {
    if !v.is_finite() {
        return "-".into();
    }
    if v == 0.0 {
        return "0".into();
    }
    let digits = digits.max(1) as i32;
    if !(1e-10..1e18).contains(&v.abs()) {
        // Beyond these a plain decimal is a string of hundreds of digits.
        return format!("{:.*e}", (digits - 1) as usize, v);
    }
    let e = v.abs().log10().floor() as i32;
    let s = sig_digits(v, digits, e);
    // Rounding may carry into the next power of ten (0.99996 -> 1.0000): then the
    // digits count from that power (1.000).
    let s = match s.parse::<f64>() {
        Ok(r) if r.abs() >= 10f64.powi(e + 1) => sig_digits(v, digits, e + 1),
        _ => s,
    };
    let s = if s
        .trim_start_matches('-')
        .trim_start_matches(['0', '.'])
        .is_empty()
    {
        "0".to_string()
    } else {
        s
    };
    group_thousands(&s)
}

/// `v` with `digits` significant digits counted from the power of ten `10^e`.
fn sig_digits(v: f64, digits: i32, e: i32) -> String {
    let decimals = digits - 1 - e;
    if decimals >= 0 {
        format!("{:.*}", decimals as usize, v)
    } else {
        let p = 10f64.powi(-decimals);
        format!("{:.0}", (v / p).round() * p)
    }
}

/// A count for reading: a whole number with thousands separators (`8,135`).
pub fn fmt_whole(v: f64) -> String {
    if !v.is_finite() {
        return "-".into();
    }
    let r = v.round();
    let s = format!("{:.0}", if r == 0.0 { 0.0 } else { r });
    group_thousands(&s)
}

/// A number in a file: the shortest decimal that reads back to the same f64, with an
/// exponent for very large or small magnitudes.
pub fn fmt_full(v: f64) -> String {
    crate::table::csvio::fmt_num(v)
}

/// A number in a message: 6 significant digits, with an exponent for very large or
/// small magnitudes (`0.912345`, `1.00000e300`).
pub fn fmt_msg(v: f64) -> String {
    if v == 0.0 || !v.is_finite() || (1e-4..1e9).contains(&v.abs()) {
        format!("{v:.6}")
    } else {
        format!("{v:.5e}")
    }
}

/// A number in prose (notes, titles): 4 significant digits with separators.
pub fn fmt_value(v: f64) -> String {
    fmt_sig(v, 4)
}

/// A percentage with one decimal (`12.3%`).
pub fn fmt_pct(share: f64) -> String {
    format!("{:.1}%", 100.0 * share)
}

fn group_thousands(s: &str) -> String {
    let (sign, rest) = match s.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", s),
    };
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let mut out = String::with_capacity(s.len() + int.len() / 3);
    out.push_str(sign);
    for (k, ch) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// Whether numbers of `unit` are counts shown as whole numbers (persons, jobs).
pub fn is_count(unit: &str) -> bool {
    // Parenthesized qualifiers (`persons (urban-unit employment concept)`) are dropped
    // first, so a ratio such as `persons (...) per 10k CNY` stays a ratio.
    let mut bare = String::new();
    let mut depth = 0usize;
    for c in unit.to_lowercase().chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => bare.push(c),
            _ => {}
        }
    }
    let head = bare.split_whitespace().collect::<Vec<_>>().join(" ");
    matches!(
        head.as_str(),
        "persons" | "person" | "jobs" | "people" | "fte" | "workers"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn significant_digits_and_separators() {
        assert_eq!(fmt_sig(1308721.179613, 4), "1,309,000");
        assert_eq!(fmt_sig(13.08721179613, 4), "13.09");
        assert_eq!(fmt_sig(-0.000123456, 4), "-0.0001235");
        assert_eq!(fmt_sig(999.96, 4), "1,000");
        assert_eq!(fmt_sig(0.99999999, 4), "1.000");
        assert_eq!(fmt_sig(-9.99996, 4), "-10.00");
        assert_eq!(fmt_sig(0.0, 4), "0");
        assert_eq!(fmt_sig(2.5, 2), "2.5");
        assert_eq!(fmt_sig(123456789.0, 6), "123,457,000");
        assert!(!fmt_sig(6.514e5, 4).contains('e'));
        assert!(!fmt_sig(3e-9, 4).contains('e'));
    }

    #[test]
    fn whole_numbers_and_full_precision() {
        assert_eq!(fmt_whole(8135.102321), "8,135");
        assert_eq!(fmt_whole(-0.4), "0");
        assert_eq!(fmt_full(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(fmt_full(0.1 + 0.2).parse::<f64>().unwrap(), 0.1 + 0.2);
        assert!(is_count("persons (urban-unit employment concept)"));
        assert_eq!(fmt_full(1.5e308), "1.5e308");
        assert_eq!(fmt_full(-2e-300), "-2e-300");
        assert_eq!(fmt_full(1e300).parse::<f64>().unwrap(), 1e300);
        assert_eq!(fmt_sig(1e300, 4), "1.000e300");
        assert_eq!(fmt_msg(1e300), "1.00000e300");
        assert_eq!(fmt_msg(0.5), "0.500000");
        assert!(!is_count("persons per bn CNY"));
        // A qualified count in a ratio's numerator is a ratio, not a count.
        assert!(!is_count(
            "persons (urban-unit employment concept) per 10k CNY"
        ));
        assert!(!is_count(
            "persons (urban-unit employment concept) per persons (urban-unit employment concept) direct"
        ));
        assert!(is_count(" Persons  (FTE) "));
    }
}
