//! The one output path: frames (after the reader's view) rendered in the asked format.
//! Conventions (docs/units.md): text and Markdown show `digits` significant digits,
//! whole persons and each unit once; CSV, JSON and xlsx keep full precision with the
//! units inside the file.

use super::frame::Frame;
use super::render::{to_csv, to_json, to_markdown, to_text};
use crate::error::Result;
use serde_json::{Map, Value};

/// Output format of a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Aligned text: significant digits, units stated once (default).
    #[default]
    Table,
    /// CSV: headers `name [unit]`, full precision; notes on stderr.
    Csv,
    /// JSON: `units` object, full precision, notes inside.
    Json,
    /// Markdown pipe tables (for reports).
    Markdown,
    /// Excel workbook (needs --output FILE.xlsx): one sheet per table.
    Xlsx,
}

impl Format {
    /// Whether the output is a text that may go to a terminal.
    pub fn is_text(self) -> bool {
        self != Format::Xlsx
    }
}

/// Render `frames` in `format`.
pub fn render(frames: &[Frame], format: Format, digits: usize) -> Result<Vec<u8>> {
    Ok(match format {
        Format::Table => frames
            .iter()
            .map(|f| to_text(f, digits))
            .collect::<Vec<_>>()
            .join("\n")
            .into_bytes(),
        Format::Markdown => frames
            .iter()
            .map(|f| to_markdown(f, digits))
            .collect::<String>()
            .into_bytes(),
        // Several tables: blocks separated by an empty line, each with its header.
        Format::Csv => frames
            .iter()
            .map(to_csv)
            .collect::<Vec<_>>()
            .join("\n")
            .into_bytes(),
        Format::Json => {
            let v = match frames {
                [one] => to_json(one),
                many => Value::Object(json_keyed(many)),
            };
            (serde_json::to_string_pretty(&v).expect("JSON of frames") + "\n").into_bytes()
        }
        Format::Xlsx => super::xlsx::to_xlsx(frames)?,
    })
}

/// Several frames as one JSON object keyed by frame key (made unique).
fn json_keyed(frames: &[Frame]) -> Map<String, Value> {
    let mut m = Map::new();
    for f in frames {
        let mut key = f.key.clone();
        let mut k = 2;
        while m.contains_key(&key) {
            key = format!("{}_{k}", f.key);
            k += 1;
        }
        m.insert(key, to_json(f));
    }
    m
}
