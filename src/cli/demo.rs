//! `mrio demo [--format table|csv|json]`
//!
//! The project's main question on the table compiled into the binary (the
//! illustrative city-cluster MRIO of `tables/cluster`) with its default scenario
//! (`docs/scenarios/cluster-hightech.toml`): +10 bn CNY of final demand for the central
//! city's aerospace, equipment and electronics. Prints the impact by city (output,
//! value added, jobs; Type II), the share spilling out of the centre and the top
//! supply-chain paths. Needs no files.

use super::{print, Ctx};
use mrio::analysis::paths::{structural_paths_from, PathOptions};
use mrio::analysis::scenario::parse_scenarios;
use mrio::model::ModelOptions;
use mrio::report::scenario::{method_notes, region_frame, shocks_frame};
use mrio::report::spillover::paths_frame;
use mrio::report::{Cell, Column, Format, Frame};
use std::path::Path;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Run the shipped ensemble `tables/cluster/ensemble.toml` (from the repository root;
    /// needs the parent table in ../shared) and show the groups' shares with ranges.
    #[arg(long)]
    ensemble: bool,
    /// Draws of `--ensemble`.
    #[arg(long, default_value_t = 200)]
    draws: u64,
}

pub fn run(args: Args, ctx: &Ctx) -> mrio::Result<ExitCode> {
    if args.ensemble {
        let spec = mrio::ensemble::Spec::read(Path::new("tables/cluster/ensemble.toml"))?;
        let p = mrio::ensemble::Prepared::new(spec)?;
        let r = mrio::ensemble::run::run(&p, 1, args.draws, (0, args.draws), 0, &|| {})?;
        super::emit(&mrio::ensemble::ranges::shares_frame(&r), args.format, ctx);
        return Ok(ExitCode::SUCCESS);
    }
    let table = mrio::builtin::cluster()?;
    let set = parse_scenarios(
        Path::new("<built-in>/cluster-hightech.toml"),
        mrio::builtin::CLUSTER_SCENARIO,
        &table,
    )?;
    let an = mrio::analysis::analyse_scenarios(
        &table,
        set,
        ModelOptions::default(),
        PathOptions {
            top: 10,
            ..PathOptions::default()
        },
    )?;
    let imp = &an.impacts;
    let s = 0;
    let ind = |name: &str| imp.set.indicators.iter().position(|i| i.name == name);
    // Impact by city: totals of every indicator, shocked city first, then ranked by output.
    let mut cols = vec![Column::label("rank"), Column::label("city")];
    for i in &imp.set.indicators {
        cols.push(Column::num(&i.name, &i.unit));
    }
    cols.push(Column::num("output_share", "share of total output"));
    let mut by_city = Frame::new(
        format!(
            "{}: impact by city (direct + indirect + induced, Type II)",
            table
                .meta
                .name
                .as_deref()
                .unwrap_or("built-in cluster table")
        ),
        cols,
    );
    let k_out = ind("output").unwrap_or(0);
    let per_ind: Vec<_> = (0..imp.set.indicators.len())
        .map(|k| imp.by_region(s, k))
        .collect();
    let total_out = imp.total(s, k_out).total;
    let mut order: Vec<(String, usize)> = imp
        .shocked_regions(s)
        .into_iter()
        .map(|r| ("centre".to_string(), r))
        .collect();
    order.extend(
        imp.ranked_outside(s, k_out)
            .into_iter()
            .enumerate()
            .map(|(i, (r, _))| ((i + 1).to_string(), r)),
    );
    for (rank, r) in &order {
        let mut row = vec![
            Cell::from(rank.as_str()),
            Cell::from(imp.regions[*r].as_str()),
        ];
        row.extend(per_ind.iter().map(|v| Cell::from(v[*r].total)));
        row.push(Cell::from(per_ind[k_out][*r].total / total_out));
        by_city.push(row);
    }
    let mut total_row = vec![Cell::from(""), Cell::from("total")];
    total_row.extend((0..imp.set.indicators.len()).map(|k| Cell::from(imp.total(s, k).total)));
    total_row.push(Cell::from(1.0));
    by_city.push(total_row);
    let centre: Vec<usize> = imp.shocked_regions(s);
    let rest_of_country = imp.regions.iter().position(|r| r == "ROC");
    for (k, i) in imp.set.indicators.iter().enumerate() {
        let out = imp.share_outside(s, k);
        let cities: f64 = per_ind[k]
            .iter()
            .enumerate()
            .filter(|(r, _)| !centre.contains(r) && Some(*r) != rest_of_country)
            .map(|(_, c)| c.total)
            .sum::<f64>()
            / imp.total(s, k).total;
        by_city.notes.push(format!(
            "{}: {:.1}% spills out of the centre ({:.1}% to the other cluster cities, {:.1}% to \
             the rest of the country)",
            i.name,
            100.0 * out,
            100.0 * cities,
            100.0 * (out - cities)
        ));
    }
    by_city.notes.extend(method_notes(imp));
    let u = table.unit();
    let paths = an.paths[s]
        .as_ref()
        .map(|p| paths_frame(p, &table.index, "output in all regions", u));
    // Paths that end in the other cluster cities (not the centre, not the rest of the country).
    let q: Vec<f64> = table
        .index
        .regions()
        .iter()
        .map(|r| {
            let k = imp.regions.iter().position(|x| x == r).expect("listed");
            if centre.contains(&k) || Some(k) == rest_of_country {
                0.0
            } else {
                1.0
            }
        })
        .collect();
    let model = mrio::model::Leontief::from_table(&table, ModelOptions::default())?;
    let to_cities = structural_paths_from(
        &model,
        &an.demand[s],
        &q,
        PathOptions {
            top: 10,
            threshold: 1e-3,
            ..PathOptions::default()
        },
    )?;
    let to_cities = paths_frame(
        &to_cities,
        &table.index,
        "output in the other cluster cities",
        u,
    );
    let mut shocks = shocks_frame(imp, &table);
    shocks.title = format!(
        "mrio demo: scenario `{}` on the built-in table `{}`",
        imp.set.scenarios[s].name,
        table.meta.name.as_deref().unwrap_or("cluster")
    );
    if let Some(d) = &imp.set.scenarios[s].description {
        shocks.title.push('\n');
        shocks.title.push_str(d);
    }
    let output_detail = region_frame(imp, s, k_out);
    match args.format {
        Format::Json => {
            let json = serde_json::json!({
                "shocks": shocks.to_json(),
                "impact_by_city": by_city.to_json(),
                "output_by_city": output_detail.to_json(),
                "top_paths": paths.as_ref().map(|p| p.to_json()),
                "top_paths_to_cities": to_cities.to_json(),
            });
            print(&(serde_json::to_string_pretty(&json).expect("JSON") + "\n"));
        }
        f => {
            let mut parts = vec![shocks.render(f), by_city.render(f), output_detail.render(f)];
            if let Some(p) = &paths {
                parts.push(p.render(f));
            }
            parts.push(to_cities.render(f));
            print(&parts.join("\n"));
        }
    }
    Ok(ExitCode::SUCCESS)
}
