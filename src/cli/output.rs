//! The output options every result-printing command shares (`--format`, `--output`,
//! `--digits`, `--unit`), the view options (`--group`, `--region`, `--sector`) of the
//! commands with region rows, and the one place that prints or writes frames.

use super::Ctx;
use mrio::report::{render, Format, Frame, Groups, View};
use mrio::Error;
use std::path::PathBuf;

/// Output options (docs/units.md, docs/views.md, docs/excel.md).
#[derive(Debug, Clone, clap::Args)]
pub struct OutputArgs {
    /// Output format: table (readable), csv, json, markdown, xlsx (needs --output).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write the output to this file instead of stdout (atomically).
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Significant digits in table and Markdown output (files keep full precision).
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u8).range(1..=17))]
    pub digits: u8,
    /// Money unit of the printed results, e.g. `bn CNY`, `100M CNY`, `M USD` (same
    /// currency as the table).
    #[arg(long, value_name = "UNIT")]
    pub unit: Option<String>,
}

/// View options (docs/views.md): filters and groups applied to the printed rows only.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ViewArgs {
    /// Sum results by group of regions: CSV `region,group` (e.g. cities -> provinces).
    #[arg(long, value_name = "FILE")]
    pub group: Option<PathBuf>,
    /// Show only these regions (or groups, with --group); repeat or comma-separate.
    #[arg(long, value_delimiter = ',')]
    pub region: Vec<String>,
    /// Show only these sectors; repeat or comma-separate.
    #[arg(long, value_delimiter = ',')]
    pub sector: Vec<String>,
}

impl OutputArgs {
    /// The view these options ask for (with `v`'s filters and groups, if any).
    pub fn view(&self, v: Option<&ViewArgs>) -> mrio::Result<View> {
        let v = v.cloned().unwrap_or_default();
        Ok(View {
            unit: self.unit.clone(),
            regions: v.region,
            sectors: v.sector,
            group: v
                .group
                .as_deref()
                .map(|p| Groups::read(p).map_err(|e| e.flag("--group")))
                .transpose()?,
        })
    }

    /// Check the options before any work is done (e.g. xlsx without --output).
    pub fn validate(&self) -> mrio::Result<()> {
        if self.format == Format::Xlsx && self.output.is_none() {
            return Err(Error::conflict(
                "--format xlsx writes a workbook",
                "give --output FILE.xlsx",
            ));
        }
        if let Some(u) = &self.unit {
            if mrio::analysis::scenario::parse_money(u).is_none() {
                return Err(Error::bad_value(
                    "money unit",
                    u,
                    "a scale and currency such as `bn CNY`, `100M CNY`, `10k CNY`, `M USD`",
                )
                .flag("--unit"));
            }
        }
        Ok(())
    }

    /// Apply the view and print (or write) the frames; notes of CSV output go to stderr.
    pub fn emit(&self, frames: Vec<Frame>, ctx: &Ctx) -> mrio::Result<()> {
        self.emit_view(frames, None, ctx)
    }

    /// [`Self::emit`] with filters and groups.
    pub fn emit_view(
        &self,
        frames: Vec<Frame>,
        v: Option<&ViewArgs>,
        ctx: &Ctx,
    ) -> mrio::Result<()> {
        self.validate()?;
        let mut frames = frames;
        self.view(v)?.apply(&mut frames).map_err(view_options)?;
        let bytes = render(&frames, self.format, self.digits as usize)?;
        match &self.output {
            Some(p) => {
                mrio::fsio::write_atomic(p, &bytes)?;
                ctx.note(&format!("wrote {}", p.display()));
            }
            None => super::print(&String::from_utf8_lossy(&bytes)),
        }
        if self.format == Format::Csv {
            for f in &frames {
                for n in &f.notes {
                    ctx.note(n);
                }
            }
        }
        Ok(())
    }
}

/// A view error in this command's options (the library names the part of the view).
fn view_options(e: Error) -> Error {
    use mrio::error::ViewPart as P;
    match e {
        Error::View { part, message } => Error::conflict(
            match part {
                P::Unit(u) => format!("--unit `{u}`"),
                P::RegionsOrGroups => "--region / --group".into(),
                P::Sectors => "--sector".into(),
                P::RegionsAndSectors => "--region / --sector".into(),
                P::Group(p) => format!("--group {}", p.display()),
            },
            message,
        ),
        e => e,
    }
}
