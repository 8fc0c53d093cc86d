//! Every chart of the cluster report (with the shipped ensemble's whiskers) and of the
//! toy reports, rendered to PNG with the installed fonts: every text inside the canvas,
//! no two texts overlapping, no glyph missing; Chinese names rendered. Needs DejaVu Sans
//! (or Liberation Sans) and a CJK font (WenQuanYi Micro Hei: `apt-get install
//! fonts-wqy-microhei`); without them the test says so and skips, and fails in CI.

use mrio::report::svg::layout::layout_problems;
use mrio::report::svg::png::{fonts, png, PNG_SCALE};
use mrio::report::svg::{bar_panels, heat_map, stacked_bars, tornado, Panel, Series, TornadoBar};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Whether the fonts are there; else skip visibly (fail in CI).
fn fonts_or_skip(what: &str) -> bool {
    let db = fonts();
    let has = |family: &str| {
        db.faces()
            .any(|f| f.families.iter().any(|(n, _)| n.contains(family)))
    };
    let ok = (has("DejaVu Sans") || has("Liberation Sans")) && has("WenQuanYi");
    if !ok {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{what}: fonts missing in CI (install fonts-dejavu-core fonts-wqy-microhei)"
        );
        eprintln!("SKIPPED {what}: DejaVu Sans and WenQuanYi Micro Hei are not installed");
    }
    ok
}

/// Run `mrio scenario ... --report` and return the report folder.
fn report(name: &str, args: &[&str]) -> PathBuf {
    let out = root().join("target/test-out/charts").join(name);
    let _ = std::fs::remove_dir_all(&out);
    let st = Command::new(env!("CARGO_BIN_EXE_mrio"))
        .current_dir(root())
        .arg("scenario")
        .args(args)
        .arg("--report")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    out
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
    let be = |i: usize| u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap());
    (be(16), be(20))
}

fn svg_size(svg: &str) -> (f64, f64) {
    let attr = |a: &str| -> f64 {
        let i = svg.find(&format!(" {a}=\"")).unwrap() + a.len() + 3;
        svg[i..i + svg[i..].find('"').unwrap()].parse().unwrap()
    };
    (attr("width"), attr("height"))
}

/// Every chart of a report folder is clean and has its PNG at twice its size.
fn check_folder(dir: &Path) -> usize {
    let mut n = 0;
    let mut problems = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().and_then(|e| e.to_str()) != Some("svg") {
            continue;
        }
        n += 1;
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        let svg = std::fs::read_to_string(&p).unwrap();
        problems.extend(layout_problems(&name, &svg).unwrap());
        let (w, h) = svg_size(&svg);
        let got = png_size(&std::fs::read(p.with_extension("png")).unwrap());
        let scale = PNG_SCALE as f64;
        assert_eq!(got, ((w * scale) as u32, (h * scale) as u32), "{name}");
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    n
}

#[test]
fn every_report_chart_prints_cleanly() {
    if !fonts_or_skip("every_report_chart_prints_cleanly") {
        return;
    }
    let cluster = report(
        "cluster",
        &[
            "tables/cluster",
            "docs/scenarios/cluster-hightech.toml",
            "--ensemble",
            "tables/cluster/ensemble-1000",
        ],
    );
    // Four indicators with whiskers, the paths, the heat map and the tornado.
    assert_eq!(check_folder(&cluster), 7);
    let bars =
        std::fs::read_to_string(cluster.join("impact_xian-hightech_employment.svg")).unwrap();
    assert!(bars.contains("The other cities of the cluster (own scale)"));
    assert!(bars.contains(">Xianyang</text>") && bars.contains(">Rest of China</text>"));
    assert!(bars.contains("5th-95th percentile:"));
    for (name, args) in [
        (
            "toy2",
            ["tests/data/toy_two_city", "docs/scenarios/toy-type2.toml"],
        ),
        (
            "plant",
            ["tests/data/toy_two_city", "docs/scenarios/toy-plant.toml"],
        ),
    ] {
        assert!(check_folder(&report(name, &args)) >= 3, "{name}");
    }
}

#[test]
fn chinese_names_long_titles_and_rotated_labels_print_cleanly() {
    if !fonts_or_skip("chinese_names_long_titles_and_rotated_labels_print_cleanly") {
        return;
    }
    let labels: Vec<String> = [
        "西安市",
        "咸阳市",
        "宝鸡市",
        "铜川市",
        "渭南市",
        "全国其他地区",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let series = |v: &[f64]| {
        vec![
            Series {
                name: "直接 direct",
                color: "#1f4e79",
                values: v.to_vec(),
            },
            Series {
                name: "间接 indirect",
                color: "#5b9bd5",
                values: v.iter().map(|x| x * 0.7).collect(),
            },
        ]
    };
    let title = "西安高技术产业最终需求增加100亿元: a long briefing title that must wrap \
                 inside the canvas rather than run off its right edge";
    let vals = [651_412.0, 3_919.2, 2_500.0, 120.5, 80.0, 400_000.0];
    let m: Vec<Vec<f64>> = (0..6)
        .map(|i| {
            (0..6)
                .map(|j| if i == j { 1.4 } else { 0.0123 * (i + j) as f64 })
                .collect()
        })
        .collect();
    let charts = [
        (
            "bars",
            stacked_bars(title, "亿元 (100M CNY)", &labels, &series(&vals)),
        ),
        (
            "panels",
            bar_panels(
                title,
                "万元",
                &[
                    Panel {
                        heading: Some("中心城市 centre".into()),
                        labels: labels[..1].to_vec(),
                        series: series(&vals[..1]),
                        ranges: vec![Some((500_000.0, 900_000.0))],
                    },
                    Panel {
                        heading: Some("其他城市 other cities (own scale)".into()),
                        labels: labels[1..5].to_vec(),
                        series: series(&vals[1..5]),
                        ranges: Vec::new(),
                    },
                ],
            ),
        ),
        ("heat", heat_map(title, "万元/万元", &labels, &m)),
        (
            "tornado",
            tornado(
                title,
                "subtitle",
                &[TornadoBar {
                    name: "西安市 wage share".into(),
                    rho: -0.4,
                    variance_share: 0.2,
                }],
            ),
        ),
    ];
    for (name, svg) in &charts {
        let problems = layout_problems(name, svg).unwrap();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        assert!(png(name, svg).unwrap().len() > 1000, "{name}");
    }
}

#[test]
fn the_layout_check_sees_clipping_overlap_and_missing_glyphs() {
    if !fonts_or_skip("the_layout_check_sees_clipping_overlap_and_missing_glyphs") {
        return;
    }
    let svg = |body: &str| {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"100\" \
             font-family=\"sans-serif\" font-size=\"12\">{body}</svg>"
        )
    };
    let clean = svg("<text x=\"10\" y=\"20\">Xianyang</text><text x=\"10\" y=\"40\">Weinan</text>");
    assert!(layout_problems("clean", &clean).unwrap().is_empty());
    // TONGCHUAN clipped at the left, as in the first release's chart.
    let clipped = svg("<text x=\"40\" y=\"20\" text-anchor=\"end\">TONGCHUAN</text>");
    let p = layout_problems("clipped", &clipped).unwrap();
    assert!(p[0].contains("`TONGCHUAN` reaches outside"), "{p:?}");
    let overlapping =
        svg("<text x=\"10\" y=\"20\">legend</text><text x=\"30\" y=\"22\">unit</text>");
    let p = layout_problems("overlap", &overlapping).unwrap();
    assert!(p[0].contains("`legend` overlaps `unit`"), "{p:?}");
    // A private-use character no font has.
    let missing = svg("<text x=\"10\" y=\"20\">a\u{e000}b</text>");
    let p = layout_problems("missing", &missing).unwrap();
    assert!(
        p.iter()
            .any(|l| l.contains("no installed font has a glyph")),
        "{p:?}"
    );
}
