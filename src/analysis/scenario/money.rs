//! Monetary units: `scale × currency` (`bn CNY`, `万元`) and conversion into a table's unit.

/// A monetary unit understood as `scale × currency` (e.g. `bn CNY` = 1e9 CNY).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Money<'a> {
    /// Multiplier of the base currency unit.
    pub scale: f64,
    /// Currency code (normalised: `CNY`, `USD`, ...).
    pub currency: &'a str,
}

/// Parse a monetary unit: an optional scale (`k`, `10k`, `M`, `100M`, `bn`, `tn`, or
/// words `thousand`, `million`, `billion`; `万`, `亿`) and a currency (`CNY`/`yuan`/`RMB`/`元`,
/// `USD`, `EUR`, or any upper-case code). `None` when not of that form.
pub fn parse_money(unit: &str) -> Option<Money<'static>> {
    let u = unit.trim();
    // Chinese forms.
    match u {
        "元" => return Some(money(1.0, "CNY")),
        "万元" => return Some(money(1e4, "CNY")),
        "亿元" => return Some(money(1e8, "CNY")),
        _ => {}
    }
    let parts: Vec<&str> = u.split_whitespace().collect();
    let (scale, cur) = match parts.as_slice() {
        [c] => (1.0, *c),
        [s, c] => (scale_of(s)?, *c),
        _ => return None,
    };
    let currency = match cur {
        "CNY" | "yuan" | "RMB" | "元" => "CNY",
        "USD" | "dollars" | "US$" => "USD",
        "EUR" | "euro" | "euros" => "EUR",
        "GBP" => "GBP",
        "JPY" | "yen" => "JPY",
        _ => return None,
    };
    Some(money(scale, currency))
}

fn money(scale: f64, currency: &'static str) -> Money<'static> {
    Money { scale, currency }
}

fn scale_of(s: &str) -> Option<f64> {
    Some(match s {
        "k" | "thousand" | "thousands" => 1e3,
        "10k" | "万" => 1e4,
        "M" | "mn" | "million" | "millions" => 1e6,
        "10M" => 1e7,
        "100M" | "亿" => 1e8,
        "bn" | "B" | "billion" | "billions" => 1e9,
        "tn" | "trillion" => 1e12,
        _ => return None,
    })
}

/// Factor converting an amount in `unit` into the table's unit, or why not.
pub fn conversion(unit: &str, table_unit: Option<&str>) -> std::result::Result<f64, String> {
    if unit == "table" {
        return Ok(1.0);
    }
    let Some(tu) = table_unit else {
        return Err(format!(
            "unit `{unit}` cannot be checked: the table declares no unit (set `unit` in its \
             table.toml, or write `unit = \"table\"` to mean the table's unit)"
        ));
    };
    if unit == tu {
        return Ok(1.0);
    }
    let Some(u) = parse_money(unit) else {
        return Err(format!(
            "unknown unit `{unit}`: expected the table's unit `{tu}`, `table`, or a scale and \
             currency such as `bn CNY`, `M USD`, `10k CNY`, `万元`"
        ));
    };
    let Some(t) = parse_money(tu) else {
        return Err(format!(
            "unit `{unit}` differs from the table's unit `{tu}`, which is not a scale and \
             currency mrio can convert: write amounts in `{tu}` (or `table`)"
        ));
    };
    if u.currency != t.currency {
        return Err(format!(
            "unit `{unit}` is in {} but the table is in {} (`{tu}`): convert the amount first",
            u.currency, t.currency
        ));
    }
    Ok(u.scale / t.scale)
}
