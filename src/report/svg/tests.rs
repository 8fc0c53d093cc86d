use super::text::text_width;
use super::*;

/// (x, anchor end?, font size, content) of every unrotated one-line `<text>`.
fn texts(svg: &str) -> Vec<(f64, bool, f64, String)> {
    let attr = |t: &str, a: &str| -> Option<String> {
        let i = t.find(&format!(" {a}=\""))? + a.len() + 3;
        Some(t[i..i + t[i..].find('"')?].to_string())
    };
    let root = attr(&svg[..svg.find('>').unwrap()], "font-size").unwrap();
    let root: f64 = root.parse().unwrap();
    svg.split("<text")
        .skip(1)
        .filter(|t| !t.contains("transform="))
        .map(|t| {
            let head = &t[..t.find('>').unwrap()];
            let body = &t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()];
            (
                attr(head, "x").unwrap().parse().unwrap(),
                head.contains("text-anchor=\"end\""),
                attr(head, "font-size").map_or(root, |v| v.parse().unwrap()),
                body.replace("&amp;", "&").replace("&lt;", "<"),
            )
        })
        .collect()
}

fn canvas_width(svg: &str) -> f64 {
    let i = svg.find("width=\"").unwrap() + 7;
    svg[i..i + svg[i..].find('"').unwrap()].parse().unwrap()
}

/// Every text starts at x >= 0 and ends inside the canvas, by the width estimate.
fn assert_inside(svg: &str) {
    let w = canvas_width(svg);
    for (x, end, size, body) in texts(svg) {
        let tw = text_width(&body, size);
        let (a, b) = if end { (x - tw, x) } else { (x, x + tw) };
        assert!(
            a >= 0.0 && b <= w,
            "`{body}` spans {a:.0}..{b:.0} px, canvas {w:.0}"
        );
    }
}

#[test]
fn value_labels_use_one_number_format() {
    let labels = vec!["XA".to_string(), "XY".to_string()];
    let svg = stacked_bars(
        "t",
        "10k CNY",
        &labels,
        &[Series {
            name: "direct",
            color: "#000",
            values: vec![651_412.0, 3919.2],
        }],
    );
    assert!(svg.contains(">651,400</text>"), "{svg}");
    assert!(svg.contains(">3,919</text>"), "{svg}");
    assert!(!svg.contains("e5<") && !svg.contains("e4<"), "{svg}");
}

#[test]
fn the_rest_of_the_country_is_off_the_colour_scale() {
    let labels: Vec<String> = ["A", "B", "ROC"].iter().map(|s| s.to_string()).collect();
    // ROC's row (output appearing in the rest of the country) is 100x a city spillover.
    let m = vec![
        vec![1.0, 0.01, 0.0],
        vec![0.02, 1.0, 0.0],
        vec![2.0, 1.5, 1.0],
    ];
    let darkest = "fill=\"#08306b\"";
    let plain = heat_map("t", "u", &labels, &m);
    let apart = heat_map_scaled("t", "u", &labels, &m, &[false, false, true]);
    // On the common scale the largest city spillover (B <- A, 0.02) is all but white;
    // on the cities' own scale it is the darkest cell and ROC's cells are grey.
    let cell = |svg: &str, name: &str| {
        let i = svg.find(&format!("<title>{name}")).unwrap();
        svg[svg[..i].rfind("<rect").unwrap()..i].to_string()
    };
    assert!(!cell(&plain, "B &lt;- A").contains(darkest), "{plain}");
    assert!(cell(&apart, "B &lt;- A").contains(darkest), "{apart}");
    assert!(cell(&apart, "ROC &lt;- A").contains("#d9d9d9"), "{apart}");
    assert!(apart.contains("max 0.02000 between the cities"), "{apart}");
}

#[test]
fn heat_map_cells_hold_their_labels_and_the_key_wraps_to_the_grid() {
    // 16 regions with 7-digit cell labels (0.0005491), as in the cluster report.
    let labels: Vec<String> = (0..16).map(|i| format!("CITY{i}")).collect();
    let m: Vec<Vec<f64>> = (0..16)
        .map(|i| {
            (0..16)
                .map(|j| if i == j { 1.2 } else { 0.0005491 })
                .collect()
        })
        .collect();
    let mut apart = vec![false; 16];
    apart[15] = true;
    let svg = heat_map_scaled(
        "Region x region output multipliers",
        "bn CNY/bn CNY",
        &labels,
        &m,
        &apart,
    );
    let cell: f64 = {
        let i = svg.find("<title>CITY0 &lt;- CITY1").unwrap();
        let r = &svg[svg[..i].rfind("<rect").unwrap()..i];
        let w = r.find("width=\"").unwrap() + 7;
        r[w..w + r[w..].find('"').unwrap()].parse().unwrap()
    };
    assert!(
        text_width("0.0005491", 10.0) + 8.0 <= cell,
        "cell {cell} px"
    );
    // The canvas is the grid (labels + cells + margin), not the key's one long line.
    let grid = 12.0 + text_width("CITY10", 11.0) + cell * 16.0 + 30.0;
    let w = canvas_width(&svg);
    assert!(w <= grid + 1.0, "canvas {w} px, grid {grid} px");
    assert!(
        svg.matches("fill=\"#444\"").count() >= 2,
        "the key wraps: {svg}"
    );
    assert_inside(&svg);
    // wrap keeps every word and never exceeds the width unless a word does.
    let lines = wrap("a bb ccc dddd eeeee", 10.0, 40.0);
    assert_eq!(lines.join(" "), "a bb ccc dddd eeeee");
    assert!(lines
        .iter()
        .all(|l| text_width(l, 10.0) <= 40.0 || !l.contains(' ')));
}

#[test]
fn chinese_and_long_labels_fit_the_canvas() {
    // The old layout allowed 7.5 px per character: a 6-glyph Chinese name (72 px at
    // 12 px) got a 61 px margin and was clipped at the left.
    assert_eq!(text_width("西安", 12.0), 24.0);
    let labels: Vec<String> = ["西安市高新区", "咸阳", "Rest of China"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let series = [
        Series {
            name: "direct",
            color: "#000",
            values: vec![5.0, 1.0, 2.0],
        },
        Series {
            name: "indirect",
            color: "#111",
            values: vec![3.0, 0.5, 9.0],
        },
    ];
    let title = "a scenario whose description is a long sentence, longer than the bars are wide, \
                 as a briefing title often is";
    assert_inside(&stacked_bars(title, "万元 (10k CNY)", &labels, &series));
    let m = vec![
        vec![1.0, 0.1, 0.2],
        vec![0.3, 1.2, 0.1],
        vec![0.2, 0.1, 1.1],
    ];
    assert_inside(&heat_map(title, "万元/万元", &labels, &m));
    let bars = vec![TornadoBar {
        name: "西安市高新区 wage share".into(),
        rho: -0.4,
        variance_share: 0.2,
    }];
    assert_inside(&tornado(title, "subtitle", &bars));
}
