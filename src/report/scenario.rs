//! Frames, Markdown report and charts for scenarios.

use super::svg::{heat_map_scaled, stacked_bars, Series};
use super::{fmt_value, Cell, Column, Frame, Role};
use crate::analysis::paths::PathResult;
use crate::analysis::scenario::Impacts;
use crate::analysis::spillover::RegionMatrix;
use crate::table::IoTable;

/// Level of the CSV rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Level {
    /// One row per (region, sector).
    #[default]
    Sector,
    /// One row per region (`sector` = `all`, `id` = the region).
    Region,
}

/// The shocks of every scenario as given and in the table's unit.
pub fn shocks_frame(imp: &Impacts, table: &IoTable) -> Frame {
    let ix = &table.index;
    let mut f = Frame::new(
        "Shocks",
        vec![
            Column::label("scenario"),
            Column::label("region"),
            Column::label("sector"),
            Column::label("kind"),
            Column::label("as given"),
            Column::amount("amount", table.unit()),
        ],
    );
    for s in &imp.set.scenarios {
        for k in &s.shocks {
            f.push(vec![
                Cell::from(s.name.as_str()),
                Cell::from(ix.regions()[k.position].as_str()),
                Cell::from(ix.sectors()[k.position].as_str()),
                Cell::from(k.kind.name()),
                Cell::from(k.as_given.as_str()),
                Cell::from(k.amount),
            ]);
        }
    }
    f
}

/// Impact by region of scenario `s` on indicator `k`: shocked regions first, then the
/// other regions ranked by total, with each region's share of the total.
pub fn region_frame(imp: &Impacts, s: usize, k: usize) -> Frame {
    let ind = &imp.set.indicators[k];
    let sc = &imp.set.scenarios[s];
    let mut cols = vec![
        Column::role("rank", Role::Rank),
        Column::role("region", Role::Region),
        Column::amount("direct", &ind.unit),
        Column::amount("indirect", &ind.unit),
    ];
    if imp.closed {
        cols.push(Column::amount("induced", &ind.unit));
    }
    cols.push(Column::amount("total", &ind.unit));
    cols.push(Column::amount("share", "%"));
    let mut f = Frame::new(
        format!("Scenario `{}`: {} by region", sc.name, ind.name),
        cols,
    );
    let by = imp.by_region(s, k);
    let total = imp.total(s, k);
    let shocked = imp.shocked_regions(s);
    let mut order: Vec<(String, usize)> = shocked.iter().map(|&r| ("shocked".into(), r)).collect();
    order.extend(
        imp.ranked_outside(s, k)
            .into_iter()
            .enumerate()
            .map(|(i, (r, _))| ((i + 1).to_string(), r)),
    );
    let row = |rank: String, name: &str, c: &crate::analysis::scenario::Components| {
        let mut cells = vec![
            Cell::from(rank),
            Cell::from(name),
            Cell::from(c.direct),
            Cell::from(c.indirect),
        ];
        if imp.closed {
            cells.push(Cell::from(c.induced));
        }
        cells.push(Cell::from(c.total));
        cells.push(Cell::from(100.0 * c.total / total.total));
        cells
    };
    for (rank, r) in order {
        f.push(row(rank, &imp.regions[r], &by[r]));
    }
    f.push_total();
    f.notes.push(format!(
        "share outside the shocked region(s) ({}): {:.2}%",
        shocked
            .iter()
            .map(|&r| imp.regions[r].as_str())
            .collect::<Vec<_>>()
            .join(", "),
        100.0 * imp.share_outside(s, k)
    ));
    f
}

/// Long rows `scenario,id,region,sector,indicator,direct,indirect,induced,total`.
pub fn long_frame(imp: &Impacts, table: &IoTable, level: Level) -> Frame {
    let ix = &table.index;
    let mut f = Frame::new(
        "Scenario impacts",
        vec![
            Column::label("scenario"),
            Column::role("id", Role::Id),
            Column::role("region", Role::Region),
            Column::role("sector", Role::Sector),
            Column::label("indicator"),
            Column::role("unit", Role::Unit),
            Column::per_row("direct", true),
            Column::per_row("indirect", true),
            Column::per_row("induced", true),
            Column::per_row("total", true),
        ],
    )
    .keyed("impacts");
    for (s, sc) in imp.set.scenarios.iter().enumerate() {
        for (k, ind) in imp.set.indicators.iter().enumerate() {
            let push = |f: &mut Frame,
                        id: &str,
                        r: &str,
                        sec: &str,
                        c: &crate::analysis::scenario::Components| {
                f.push(vec![
                    Cell::from(sc.name.as_str()),
                    Cell::from(id),
                    Cell::from(r),
                    Cell::from(sec),
                    Cell::from(ind.name.as_str()),
                    Cell::from(ind.unit.as_str()),
                    Cell::from(c.direct),
                    Cell::from(c.indirect),
                    Cell::from(c.induced),
                    Cell::from(c.total),
                ])
            };
            match level {
                Level::Sector => {
                    for (i, c) in imp.effects(s, k).iter().enumerate() {
                        push(&mut f, &ix.ids()[i], &ix.regions()[i], &ix.sectors()[i], c);
                    }
                }
                Level::Region => {
                    for (r, c) in imp.by_region(s, k).iter().enumerate() {
                        push(&mut f, &imp.regions[r], &imp.regions[r], "all", c);
                    }
                }
            }
        }
    }
    f
}

/// Notes on the method (closure, residual).
pub fn method_notes(imp: &Impacts) -> Vec<String> {
    let mut v = Vec::new();
    match &imp.closure_used {
        Some((inc, cols, prop)) => v.push(format!(
            "Type II: households closed per region; income {}, consumption columns {}; \
             spending on the table's products per unit of household income {}",
            inc.iter().map(|r| format!("`{r}`")).collect::<Vec<_>>().join(" + "),
            cols.join(", "),
            prop.iter()
                .zip(&imp.regions)
                .map(|(p, r)| format!("{r} {p:.3}"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        None => v.push("Type I (open model): no induced effects; add `closure = \"type-ii\"` to the scenario file for them".into()),
    }
    if let Some((_, _, prop)) = &imp.closure_used {
        v.extend(crate::model::closure::overspending_warnings(
            &imp.regions,
            prop,
        ));
    }
    v.push(format!(
        "all scenarios solved as one batch; max relative residual {:.1e}",
        imp.residual
    ));
    v
}

/// Markdown table of a frame without its title (the report gives headings).
pub fn markdown_table(f: &Frame) -> String {
    let mut g = f.clone();
    g.title.clear();
    super::render::to_markdown(&g, 4)
}

/// Everything the report shows.
pub struct ReportInputs<'a> {
    /// The table.
    pub table: &'a IoTable,
    /// Where the table came from (for the reader).
    pub table_source: String,
    /// Scenario results.
    pub impacts: &'a Impacts,
    /// Region x region matrices of the table.
    pub regions: &'a RegionMatrix,
    /// Top paths per scenario (from its largest shock), if computed.
    pub paths: Vec<Option<PathResult>>,
    /// Ranges of a finished ensemble on the same table and scenarios, if given.
    pub ranges: Option<&'a crate::ensemble::ranges::Ranges>,
}

fn slug(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The report: `report.md` and SVG charts, as (file name, contents).
pub fn scenario_report(inp: &ReportInputs) -> Vec<(String, Vec<u8>)> {
    let t = inp.table;
    let imp = inp.impacts;
    let unit = t.unit();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut md = String::new();
    md.push_str(&format!(
        "# Scenario report: {}\n\n",
        imp.set
            .path
            .file_name()
            .map(|f| f.to_string_lossy().to_string())
            .unwrap_or_default()
    ));
    md.push_str(&format!(
        "Table: **{}** ({}), {} regions x {} sectors, unit **{unit}**.{}\n\n",
        t.meta.name.as_deref().unwrap_or("unnamed table"),
        inp.table_source,
        t.index.region_list().len(),
        t.index.sector_list().len(),
        t.meta
            .source
            .as_ref()
            .map(|s| format!(" Source: {s}."))
            .unwrap_or_default()
    ));
    md.push_str(
        "How to read this report. Each scenario adds the shocks listed below to the economy \
         of the table. *Direct* effects are the shocks themselves (extra final demand, or the \
         output of a new plant); *indirect* effects are the extra output of the supply chain \
         in every region (Leontief model, x = L f); *induced* effects (only with household \
         closure, Type II) come from the spending of the extra labour income. A new plant \
         (`kind = \"output\"`) is treated with the net-multiplier method: its own output is \
         fixed, the rest of the economy responds (docs/methods.md 2.6). Results are gross impacts: \
         no displacement, no capacity limits (unless the file sets `[[capacity]]` caps, below), fixed technology and trade shares.\n\n",
    );
    md.push_str("## Shocks\n\n");
    md.push_str(&markdown_table(&shocks_frame(imp, t)));
    for n in method_notes(imp) {
        md.push_str(&format!("*{n}*\n\n"));
    }
    for (s, sc) in imp.set.scenarios.iter().enumerate() {
        md.push_str(&format!("## Scenario `{}`\n\n", sc.name));
        if let Some(d) = &sc.description {
            md.push_str(&format!("{d}\n\n"));
        }
        let summary: Vec<String> = imp
            .set
            .indicators
            .iter()
            .enumerate()
            .map(|(k, ind)| {
                format!(
                    "{} {} {} ({:.1}% outside the shocked region(s))",
                    ind.name,
                    fmt_value(imp.total(s, k).total),
                    ind.unit,
                    100.0 * imp.share_outside(s, k)
                )
            })
            .collect();
        md.push_str(&format!("Total impact: {}.\n\n", summary.join("; ")));
        // One chart per indicator: the secondary cities on their own panel.
        for (k, ind) in imp.set.indicators.iter().enumerate() {
            let chart = format!("impact_{}_{}.svg", slug(&sc.name), slug(&ind.name));
            let svg =
                super::scenario_charts::impact_chart(t, imp, s, k, inp.ranges, (1.0, &ind.unit));
            files.push((chart.clone(), svg.into_bytes()));
            md.push_str(&format!(
                "![{} by region, scenario {}]({chart})\n\n",
                ind.name, sc.name
            ));
        }
        for k in 0..imp.set.indicators.len() {
            md.push_str(&format!("### {}\n\n", imp.set.indicators[k].name));
            let f = crate::ensemble::ranges::region(imp, s, k, inp.ranges);
            md.push_str(&markdown_table(&f));
        }
        if let Some(r) = inp.ranges {
            let (text, charts) = super::uncertainty::section(imp, s, 0, r, &slug(&sc.name));
            md.push_str(&text);
            files.extend(charts);
        }
        if let Some(Some(p)) = inp.paths.get(s) {
            md.push_str("### Top supply-chain paths\n\n");
            md.push_str(
                "Structural path analysis (docs/methods.md 8) of the scenario's output change: each \
                 path is a chain of purchases, read from the sector whose final demand rises \
                 (for a new plant: the demand that keeps it running) to the sector and region \
                 where the output appears; its value is that output.\n\n",
            );
            let pf = super::spillover::paths_frame(p, &t.index, "output in all regions", unit);
            md.push_str(&markdown_table(&pf));
            let labels: Vec<String> = p
                .paths
                .iter()
                .map(|path| {
                    path.nodes
                        .iter()
                        .map(|&i| format!("{}/{}", t.index.regions()[i], t.index.sectors()[i]))
                        .collect::<Vec<_>>()
                        .join(" > ")
                })
                .collect();
            let chart = format!("paths_{}.svg", slug(&sc.name));
            files.push((
                chart.clone(),
                stacked_bars(
                    &format!("{}: top paths", sc.name),
                    unit,
                    &labels,
                    &[Series {
                        name: "path value",
                        color: "#70ad47",
                        values: p.paths.iter().map(|q| q.value).collect(),
                    }],
                )
                .into_bytes(),
            ));
            md.push_str(&format!("![top paths, scenario {}]({chart})\n\n", sc.name));
        }
    }
    md.push_str(&planning_markdown(imp, t, inp.ranges));
    md.push_str("## Region x region multipliers\n\n");
    md.push_str(
        "Output appearing in each row region per unit of final demand for the column region's \
         products (the column region's sectors weighted by its final-demand mix). The \
         diagonal is the region's own multiplier (intraregional + feedback), the \
         off-diagonal cells are spillovers (docs/methods.md 5.4, 5.5).\n\n",
    );
    files.push((
        "multipliers_heatmap.svg".into(),
        heat_map_scaled(
            "Region x region output multipliers",
            &format!("{unit}/{unit}"),
            &inp.regions.regions,
            &inp.regions.multiplier,
            &rest_of_country(t, &inp.regions.regions),
        )
        .into_bytes(),
    ));
    md.push_str("![region x region multipliers](multipliers_heatmap.svg)\n\n");
    for f in super::spillover::region_frames(inp.regions, unit)
        .iter()
        .take(3)
    {
        md.push_str(&format!("**{}**\n\n", f.title));
        md.push_str(&markdown_table(f));
    }
    md.push_str(
        "---\nWritten by `mrio scenario`. Every chart is here as SVG and as PNG (same name, \
         `.png`, 2 pixels per SVG unit). Numbers are in the units shown in each column \
         header. Methods and references: docs/methods.md sections 2.6, 5 and 8 (Miller & Blair \
         2009; Miller 1966; Round 1985; Oosterhaven & Stelder 2002; Lenzen 2003).\n",
    );
    files.insert(0, ("report.md".into(), md.into_bytes()));
    files
}

/// Which regions are outside the cluster: named "Rest of ..." in index.csv.
fn rest_of_country(t: &IoTable, regions: &[String]) -> Vec<bool> {
    let names = super::frame_region_names(&t.index);
    regions
        .iter()
        .map(|r| {
            names
                .iter()
                .any(|(c, n)| c == r && n.to_lowercase().starts_with("rest of"))
        })
        .collect()
}

/// The report's section on limits, capacity caps and enclave plants (empty without them).
fn planning_markdown(
    imp: &Impacts,
    t: &IoTable,
    r: Option<&crate::ensemble::ranges::Ranges>,
) -> String {
    let frames = super::planning::planning_frames(imp, t, r);
    if frames.is_empty() {
        return String::new();
    }
    let mut md = String::from("## Limits, capacity and enclaves\n\n");
    for f in &frames {
        md.push_str(&format!("**{}**\n\n", f.title));
        // With the frame's notes (markdown_table writes them).
        md.push_str(&markdown_table(f));
    }
    md
}
