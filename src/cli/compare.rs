//! `mrio compare ESTIMATED... BENCHMARK [--regions R|EST=BENCH,...] [--import-rows ROW,...]
//!     [--by-sector] [--format table|csv|json|markdown|xlsx] [--output FILE]`
//!
//! Accuracy of one or more estimated tables against a benchmark (the last table): for
//! every compared region, the error of the intraregional Type I output multipliers
//! (MAPE, output-weighted MAPE, signed MPE, Theil's U), of the intraregional
//! coefficients (STPE, Theil's U) and of the intraregional purchase shares. Formulas:
//! `mrio::analysis::compare` and docs/validation.md. `--by-sector` lists each sector's
//! multipliers and shares instead.

use super::{load, Ctx};
use mrio::analysis::compare::{
    check_import_rows, compare, region_pairs, CompareOptions, Named, RegionAccuracy, RegionPair,
};
use mrio::report::{Cell, Column, Frame, Role};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Estimated table folder(s), then the benchmark table folder (last).
    #[arg(required = true, num_args = 2.., value_name = "TABLE")]
    tables: Vec<PathBuf>,
    /// Regions to compare: a label in both tables, or ESTIMATED=BENCHMARK (repeat or
    /// comma-separate). Default: every region label found in both.
    #[arg(long, value_delimiter = ',')]
    regions: Vec<String>,
    /// Primary-input (VA.csv) rows that are purchased imports (from other regions or
    /// abroad), in either table: the denominator of the intraregional purchase shares.
    #[arg(long, value_delimiter = ',')]
    import_rows: Vec<String>,
    /// One row per sector: multipliers and purchase shares of both tables.
    #[arg(long)]
    by_sector: bool,
    #[command(flatten)]
    out: super::OutputArgs,
    #[command(flatten)]
    view: super::ViewArgs,
}

pub fn run(args: Args, ctx: &Ctx) -> mrio::Result<ExitCode> {
    let (bench_path, est_paths) = args.tables.split_last().expect("clap: two or more");
    let regions = args
        .regions
        .iter()
        .map(|s| RegionPair::parse(s))
        .collect::<mrio::Result<Vec<_>>>()
        .map_err(|e| e.flag("--regions"))?;
    let opts = CompareOptions {
        regions,
        import_rows: args.import_rows.clone(),
    };
    let bench = load(bench_path)?;
    let mut results = Vec::with_capacity(est_paths.len());
    for p in est_paths {
        let est = load(p)?;
        let (est, bench) = (
            Named {
                table: &est,
                path: p,
            },
            Named {
                table: &bench,
                path: bench_path,
            },
        );
        check_import_rows(est, bench, &opts.import_rows).map_err(|e| e.flag("--import-rows"))?;
        region_pairs(est, bench, &opts.regions).map_err(|e| e.flag("--regions"))?;
        let r = compare(est, bench, &opts)?;
        results.push((p.display().to_string(), r));
    }
    let frame = if args.by_sector {
        by_sector_frame(&results, bench_path)
    } else {
        summary_frame(&results, bench_path)
    };
    args.out.emit_view(vec![frame], Some(&args.view), ctx)?;
    Ok(ExitCode::SUCCESS)
}

type Results = [(String, Vec<RegionAccuracy>)];

fn opt(v: Option<f64>) -> Cell {
    v.map(Cell::from).unwrap_or(Cell::Missing)
}

fn summary_frame(results: &Results, bench: &std::path::Path) -> Frame {
    let cols = vec![
        Column::label("estimated"),
        Column::role("region", Role::Region),
        Column::label("sectors"),
        Column::num("mape", "%"),
        Column::num("wmape", "%"),
        Column::num("mpe", "%"),
        Column::num("u_mult", "%"),
        Column::num("stpe", "%"),
        Column::num("u_coef", "%"),
        Column::num("share_mad", "pp"),
        Column::num("share_est", "%"),
        Column::num("share_bench", "%"),
    ];
    let mut f = Frame::new(
        format!(
            "Accuracy against {}: Type I output multipliers (mape, wmape, mpe, u_mult), \
             coefficients (stpe, u_coef), intraregional purchase shares (share_*)",
            bench.display()
        ),
        cols,
    );
    for (name, regions) in results {
        for r in regions {
            let a = &r.accuracy;
            f.push(vec![
                Cell::from(name.as_str()),
                Cell::from(r.region.label()),
                Cell::from(a.sectors.to_string()),
                Cell::from(a.mape),
                Cell::from(a.wmape),
                Cell::from(a.mpe),
                Cell::from(a.u_mult),
                Cell::from(a.stpe),
                Cell::from(a.u_coef),
                opt(a.share_mad),
                opt(a.share_estimated),
                opt(a.share_benchmark),
            ]);
        }
    }
    f.notes.push(
        "mape/wmape: mean absolute % error of the multipliers, unweighted / weighted by benchmark output; \
         mpe: signed mean % error (+ = overstated); u_*: Theil's U; stpe: standardized total % error"
            .into(),
    );
    f.notes.extend(skipped_notes(results));
    f
}

fn skipped_notes(results: &Results) -> Vec<String> {
    // One note per (region, skipped sectors), naming the estimates it applies to.
    let mut groups: Vec<(String, Vec<String>, Vec<&str>)> = Vec::new();
    for (name, regions) in results {
        for r in regions {
            let a = &r.accuracy;
            if a.skipped.is_empty() {
                continue;
            }
            let label = r.region.label();
            match groups
                .iter_mut()
                .find(|(l, s, _)| *l == label && *s == a.skipped)
            {
                Some(g) => g.2.push(name),
                None => groups.push((label, a.skipped.clone(), vec![name])),
            }
        }
    }
    groups
        .into_iter()
        .map(|(label, skipped, names)| {
            let which = if names.len() == results.len() && results.len() > 1 {
                "all estimates".to_string()
            } else {
                names.join(", ")
            };
            format!(
                "{which}, {label}: left out of multipliers and shares (zero output): {}",
                skipped.join(", ")
            )
        })
        .collect()
}

fn by_sector_frame(results: &Results, bench: &std::path::Path) -> Frame {
    let cols = vec![
        Column::label("estimated"),
        Column::role("region", Role::Region),
        Column::role("sector", Role::Sector),
        Column::num("mult_est", "per unit of final demand"),
        Column::num("mult_bench", "per unit of final demand"),
        Column::num("mult_error", "%"),
        Column::num("share_est", "%"),
        Column::num("share_bench", "%"),
    ];
    let mut f = Frame::new(
        format!(
            "Intraregional Type I output multipliers and purchase shares by sector, against {}",
            bench.display()
        ),
        cols,
    );
    for (name, regions) in results {
        for r in regions {
            for s in &r.accuracy.by_sector {
                f.push(vec![
                    Cell::from(name.as_str()),
                    Cell::from(r.region.label()),
                    Cell::from(s.sector.as_str()),
                    Cell::from(s.m_est),
                    Cell::from(s.m_bench),
                    Cell::from(100.0 * (s.m_est - s.m_bench) / s.m_bench),
                    opt(s.s_est.map(|v| 100.0 * v)),
                    opt(s.s_bench.map(|v| 100.0 * v)),
                ]);
            }
        }
    }
    f.notes.extend(skipped_notes(results));
    f
}
