//! Writing labelled matrices and vectors as CSV text, numbers that read back to the
//! same f64.

use faer::MatRef;

/// Format a number so that it reads back to the same f64: the shortest round-trip
/// digits, plain between 1e-5 and 1e16 (`0.1`, `1234.5`), with an exponent outside
/// (`1.5e308`, `2e-300`), never a 300-digit string.
pub fn fmt_num(v: f64) -> String {
    if v == 0.0 {
        // Avoid "-0".
        return "0".to_string();
    }
    if (1e-5..1e16).contains(&v.abs()) {
        format!("{v}")
    } else {
        format!("{v:e}")
    }
}

/// Render a labelled matrix as CSV text.
pub fn matrix_csv(corner: &str, rows: &[String], cols: &[String], m: MatRef<'_, f64>) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .from_writer(Vec::with_capacity(rows.len() * cols.len().max(1) * 20 + 64));
    let mut rec: Vec<String> = Vec::with_capacity(cols.len() + 1);
    rec.push(corner.to_string());
    rec.extend(cols.iter().cloned());
    w.write_record(&rec).expect("writing to memory");
    for (i, r) in rows.iter().enumerate() {
        rec.clear();
        rec.push(r.clone());
        for j in 0..cols.len() {
            rec.push(fmt_num(m[(i, j)]));
        }
        w.write_record(&rec).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

/// Render a labelled vector as CSV text (`corner,name` header then `label,value`).
pub fn vector_csv(corner: &str, name: &str, rows: &[String], v: &[f64]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    w.write_record([corner, name]).expect("writing to memory");
    for (r, x) in rows.iter().zip(v) {
        w.write_record([r.as_str(), fmt_num(*x).as_str()])
            .expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}
