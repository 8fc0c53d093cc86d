//! `mrio demo [--format ...] [--unit U]`
//!
//! The project's main question on the table compiled into the binary (the
//! illustrative city-cluster MRIO of `tables/cluster`) with its default scenario
//! (`docs/scenarios/cluster-hightech.toml`): +10 bn CNY of final demand for the central
//! city's aerospace, equipment and electronics. Prints, in bn CNY and whole jobs unless
//! `--unit` says otherwise: the impact by city (output, value added, income, jobs; Type
//! II), Type I and Type II totals side by side, the share spilling out of the centre and
//! the top supply-chain paths (Type I). Needs no files.

use super::Ctx;
use mrio::analysis::paths::{structural_paths_from, PathOptions};
use mrio::analysis::scenario::parse_scenarios;
use mrio::model::ModelOptions;
use mrio::report::scenario::{method_notes, region_frame, shocks_frame};
use mrio::report::spillover::paths_frame;
use mrio::report::{fmt_pct, Cell, Column, Frame, Role};
use std::path::Path;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    out: super::OutputArgs,
    #[command(flatten)]
    view: super::ViewArgs,
}

pub fn run(mut args: Args, ctx: &Ctx) -> mrio::Result<ExitCode> {
    if args.out.unit.is_none() {
        args.out.unit = Some("bn CNY".into());
    }
    args.out.validate()?;
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
    let names = mrio::report::frame_region_names(&table.index);
    let name_of = |r: &str| {
        names
            .iter()
            .find(|(c, _)| c == r)
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| r.to_string())
    };
    let centre = imp.shocked_regions(s);
    // Outside the cluster: the regions named "Rest of ..." in index.csv (the rest of each
    // province and of the country).
    let rest: Vec<usize> = (0..imp.regions.len())
        .filter(|&r| {
            name_of(&imp.regions[r])
                .to_lowercase()
                .starts_with("rest of")
        })
        .collect();
    let k_out = imp
        .set
        .indicators
        .iter()
        .position(|i| i.name == "output")
        .unwrap_or(0);
    let per_ind: Vec<_> = (0..imp.set.indicators.len())
        .map(|k| imp.by_region(s, k))
        .collect();

    let mut shocks = shocks_frame(imp, &table).keyed("shocks");
    shocks.title = format!(
        "mrio demo: scenario `{}` on the built-in table `{}`",
        imp.set.scenarios[s].name,
        table.meta.name.as_deref().unwrap_or("cluster")
    );
    if let Some(d) = &imp.set.scenarios[s].description {
        shocks.title.push('\n');
        shocks.title.push_str(d);
    }
    shocks.notes.extend(method_notes(imp));

    // Impact by city: Type II totals of every indicator, centre first, then ranked.
    let type_ii = if imp.closed { "Type II" } else { "Type I" };
    let mut cols = vec![
        Column::role("rank", Role::Rank),
        Column::role("region", Role::Region),
        // Blank when cities are grouped (like an id).
        Column::role("name", Role::Id),
    ];
    for i in &imp.set.indicators {
        cols.push(Column::amount(&i.name, &i.unit));
    }
    cols.push(Column::amount("output_share", "% of total output"));
    let mut by_city = Frame::new(
        format!(
            "Impact by city, {type_ii} totals (direct + indirect{})",
            if imp.closed { " + induced" } else { "" }
        ),
        cols,
    )
    .keyed("impact_by_city");
    let total_out = imp.total(s, k_out).total;
    let mut order: Vec<(String, usize)> =
        centre.iter().map(|&r| ("centre".to_string(), r)).collect();
    order.extend(
        imp.ranked_outside(s, k_out)
            .into_iter()
            .enumerate()
            .map(|(i, (r, _))| ((i + 1).to_string(), r)),
    );
    for (rank, r) in &order {
        let mut row = vec![
            Cell::from(rank.as_str()),
            Cell::from(&imp.regions[*r]),
            Cell::from(name_of(&imp.regions[*r])),
        ];
        row.extend(per_ind.iter().map(|v| Cell::from(v[*r].total)));
        row.push(Cell::from(100.0 * per_ind[k_out][*r].total / total_out));
        by_city.push(row);
    }
    by_city.push_total();
    for (k, i) in imp.set.indicators.iter().enumerate() {
        let out = imp.share_outside(s, k);
        let cities: f64 = per_ind[k]
            .iter()
            .enumerate()
            .filter(|(r, _)| !centre.contains(r) && !rest.contains(r))
            .map(|(_, c)| c.total)
            .sum::<f64>()
            / imp.total(s, k).total;
        by_city.notes.push(format!(
            "{}: {} spills out of the centre ({} to the other cluster cities, {} to {})",
            i.name,
            fmt_pct(out),
            fmt_pct(cities),
            fmt_pct(out - cities),
            outside_names(&rest, &imp.regions, &name_of)
        ));
    }

    let totals = totals_frame(imp, s);
    let mut output_detail = region_frame(imp, s, k_out).keyed("output_by_city");
    output_detail.title = format!("Output by city: direct, indirect, induced ({type_ii})");

    let u = table.unit();
    let paths = an.paths[s].as_ref().map(|p| {
        let mut f = paths_frame(p, &table.index, "output in all regions", u).keyed("top_paths");
        f.title
            .push_str(" (Type I: supply chain only, no induced spending)");
        f
    });
    // Paths that end in the other cluster cities (not the centre, not the rest).
    let q: Vec<f64> = table
        .index
        .regions()
        .iter()
        .map(|r| {
            let k = imp.regions.iter().position(|x| x == r).expect("listed");
            if centre.contains(&k) || rest.contains(&k) {
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
    let mut to_cities = paths_frame(
        &to_cities,
        &table.index,
        "output in the other cluster cities",
        u,
    )
    .keyed("top_paths_to_cities");
    to_cities.title.push_str(" (Type I)");
    let mut frames = vec![shocks, by_city, totals, output_detail];
    frames.extend(paths);
    frames.push(to_cities);
    args.out.emit_view(frames, Some(&args.view), ctx)?;
    Ok(ExitCode::SUCCESS)
}

/// Type I (direct + indirect) and Type II (+ induced) totals of every indicator.
fn totals_frame(imp: &mrio::analysis::scenario::Impacts, s: usize) -> Frame {
    let mut f = Frame::new(
        "Totals: Type I (supply chain) and Type II (with household spending)",
        vec![
            Column::label("indicator"),
            Column::role("unit", Role::Unit),
            Column::per_row("direct", false),
            Column::per_row("type_I", false),
            Column::per_row("induced", false),
            Column::per_row("type_II", false),
        ],
    )
    .keyed("totals");
    for (k, i) in imp.set.indicators.iter().enumerate() {
        let c = imp.total(s, k);
        f.push(vec![
            Cell::from(&i.name),
            Cell::from(&i.unit),
            Cell::from(c.direct),
            Cell::from(c.direct + c.indirect),
            if imp.closed {
                Cell::from(c.induced)
            } else {
                Cell::Missing
            },
            if imp.closed {
                Cell::from(c.total)
            } else {
                Cell::Missing
            },
        ]);
    }
    f
}

/// `the rest of China`, or for several `the rest of Shaanxi, Gansu and China`.
fn outside_names(rest: &[usize], regions: &[String], name_of: &dyn Fn(&str) -> String) -> String {
    let names: Vec<String> = rest
        .iter()
        .map(|&r| {
            let n = name_of(&regions[r]);
            n.get(8..).unwrap_or(&n).to_string() // after "Rest of "
        })
        .collect();
    match names.len() {
        0 => "the rest of the country".into(),
        1 => format!("the rest of {}", names[0]),
        n => format!(
            "the rest of {} and {}",
            names[..n - 1].join(", "),
            names[n - 1]
        ),
    }
}
