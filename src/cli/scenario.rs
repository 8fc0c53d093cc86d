//! `mrio scenario TABLE SCENARIO.toml [--format table|csv|json] [--by sector|region]
//!                [--report DIR [--force]] [--top K] [--ensemble DIR]`
//!
//! Solves every scenario of the file as one multi-column solve (docs/methods.md 2.6, 5.6):
//! impacts per region (direct, indirect, induced when closed, total) for each
//! indicator, the share landing outside the shocked region(s), the other regions
//! ranked. `--format csv` prints `scenario,id,region,sector,indicator,direct,indirect,
//! induced,total` (one row per region and sector; `--by region` for one per region).
//! `--report DIR` writes `report.md` with SVG charts (impact by region, top paths, the
//! region x region multiplier heat map). `--ensemble DIR` adds the 5th-95th percentiles
//! of a finished ensemble on the same table and scenarios (docs/uncertainty.md).

use super::{load, Ctx};
use mrio::analysis::paths::PathOptions;
use mrio::analysis::scenario::read_scenarios;
use mrio::ensemble::ranges;
use mrio::model::ModelOptions;
use mrio::report::scenario::{method_notes, scenario_report, shocks_frame, Level, ReportInputs};
use mrio::report::{Format, Frame};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum By {
    /// One CSV row per (region, sector).
    Sector,
    /// One CSV row per region.
    Region,
    /// The `[[limit]]` checks (one row per scenario and limit) instead of the impacts.
    Limits,
    /// The enclave plants (one row per scenario and plant: own value added, home share,
    /// home and host parts) instead of the impacts.
    Enclave,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Table folder.
    table: PathBuf,
    /// Scenario file (TOML; see docs/scenario-cookbook.md).
    scenarios: PathBuf,
    #[command(flatten)]
    out: super::OutputArgs,
    #[command(flatten)]
    view: super::ViewArgs,
    /// Rows of the CSV form: per (region, sector), per region, the limits or the enclave
    /// plants.
    #[arg(long, value_enum, default_value_t = By::Sector)]
    by: By,
    /// Write report.md and SVG charts into this folder.
    #[arg(long)]
    report: Option<PathBuf>,
    /// Replace a non-empty report folder (the whole folder, never merged).
    #[arg(long)]
    force: bool,
    /// Number of paths shown in the report.
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// A finished ensemble folder (`mrio ensemble SPEC --out DIR`) run on this table and
    /// scenario file: 5th-95th percentiles beside every total, in every format and in
    /// the report.
    #[arg(long, value_name = "DIR")]
    ensemble: Option<PathBuf>,
    /// Two scenarios of the file side by side by region, `A,B`: each one's total per
    /// indicator, the difference B - A and the change in % of A (docs/views.md).
    #[arg(long, value_name = "A,B", value_delimiter = ',')]
    compare: Vec<String>,
}

pub fn run(args: Args, ctx: &Ctx) -> mrio::Result<ExitCode> {
    let table = load(&args.table)?;
    args.out.validate()?;
    let report_dir = match &args.report {
        Some(dir) => Some(super::out_dir(
            dir,
            args.force,
            &[&args.table, &args.scenarios],
        )?),
        None => None,
    };
    let mut set = read_scenarios(&args.scenarios, &table)?;
    mrio::analysis::scenario::plan::add_default_limits(&mut set, &table, &args.table)?;
    let path_opts = PathOptions {
        top: args.top,
        ..PathOptions::default()
    };
    let an = mrio::analysis::analyse_scenarios(&table, set, ModelOptions::default(), path_opts)?;
    let imp = &an.impacts;
    let ranges = match &args.ensemble {
        Some(dir) => Some(ranges::read(dir, imp)?),
        None => None,
    };
    let r = ranges.as_ref();
    let level = match args.by {
        By::Sector => Level::Sector,
        By::Region | By::Limits | By::Enclave => Level::Region,
    };
    let planning = mrio::report::planning::planning_frames(imp, &table, r);
    let mut shocks = shocks_frame(imp, &table).keyed("shocks");
    shocks.notes.extend(method_notes(imp));
    let by_region = (0..imp.set.scenarios.len()).flat_map(|s| {
        (0..imp.set.indicators.len()).map(move |k| {
            let key = format!(
                "{}_{}",
                imp.set.scenarios[s].name, imp.set.indicators[k].name
            );
            ranges::region(imp, s, k, r).keyed(&key)
        })
    });
    let frames: Vec<Frame> = if !args.compare.is_empty() {
        compare_frames(imp, &args)?
    } else {
        match args.out.format {
            // CSV: the long data only (one header).
            Format::Csv if args.by == By::Limits => {
                let mut f = mrio::report::planning::limits_frame(imp, r).ok_or_else(|| {
                    mrio::Error::conflict("--by limits", "the scenario file has no limits")
                })?;
                f.notes.extend(shocks.notes.clone());
                vec![f]
            }
            Format::Csv if args.by == By::Enclave => {
                let mut f =
                    mrio::report::planning::enclave_plants_long(imp, &table).ok_or_else(|| {
                        mrio::Error::conflict(
                            "--by enclave",
                            "no scenario of the file has an enclave plant",
                        )
                    })?;
                f.notes.extend(shocks.notes.clone());
                vec![f]
            }
            Format::Csv => {
                let mut f = ranges::long(imp, &table, level, r);
                f.notes = shocks.notes.clone();
                f.notes
                    .extend(planning.iter().flat_map(|p| p.notes.clone()));
                vec![f]
            }
            Format::Table | Format::Markdown => std::iter::once(shocks)
                .chain(by_region)
                .chain(planning)
                .collect(),
            Format::Json | Format::Xlsx => std::iter::once(shocks)
                .chain(by_region)
                .chain(planning)
                .chain([ranges::long(imp, &table, level, r)])
                .collect(),
        }
    };
    let mut out = args.out.clone();
    if out.unit.is_none() {
        // The file's `unit` (or its shocks' shared unit) unless --unit says otherwise;
        // not when nothing printed is money (`--by limits` on jobs or water alone).
        out.unit = imp.set.unit.clone().filter(|u| {
            frames
                .iter()
                .any(|f| mrio::report::units::convert_frame(&mut f.clone(), u).is_ok_and(|n| n > 0))
        });
    }
    out.emit_view(frames, Some(&args.view), ctx)?;
    if let Some(dir) = &args.report {
        let mut files = scenario_report(&ReportInputs {
            table: &table,
            table_source: args.table.display().to_string(),
            impacts: imp,
            regions: &an.regions,
            paths: an.paths.clone(),
            ranges: r,
        });
        if mrio::report::svg::png::add_pngs(&mut files)? == 0 {
            ctx.note("no font is installed: the report's charts are SVG only (no PNG)");
        }
        let mut out = report_dir.expect("created with --report");
        for (name, bytes) in &files {
            out.write(name, bytes)?;
        }
        super::commit(out)?;
        ctx.note(&format!(
            "wrote {} ({} files)",
            dir.join("report.md").display(),
            files.len()
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// `--compare A,B`: one frame per indicator (the long form alone in CSV).
fn compare_frames(
    imp: &mrio::analysis::scenario::Impacts,
    args: &Args,
) -> mrio::Result<Vec<Frame>> {
    use mrio::report::scenario_compare as cmp;
    if args.ensemble.is_some() || args.by != By::Sector {
        return Err(mrio::Error::conflict(
            "--compare",
            "prints totals by region: it takes neither --ensemble nor --by",
        ));
    }
    let (a, b) = cmp::pick(imp, &args.compare).map_err(|e| e.flag("--compare"))?;
    Ok(match args.out.format {
        Format::Csv => vec![cmp::compare_long(imp, a, b)],
        Format::Table | Format::Markdown => cmp::compare_frames(imp, a, b),
        Format::Json | Format::Xlsx => {
            let mut f = cmp::compare_frames(imp, a, b);
            f.push(cmp::compare_long(imp, a, b));
            f
        }
    })
}
