//! The library never names command-line options (issue 13, item 5): its messages say
//! what is wrong in terms of files, keys and labels, and `src/cli/` adds the option
//! (`--set`, `--group`, `--income`, ...) where one exists. A scenario or recipe user,
//! or a Rust caller, has no such options.
//!
//! The scan reads every source line of `src/` outside `src/cli/` and `src/main.rs`
//! that is not a comment and refuses `--` followed by a letter, except in the few
//! texts listed below, which are not messages: provenance notes written into output
//! files (the command that made them) and a generated SLURM script.

use std::path::{Path, PathBuf};

/// (file, text on the line) pairs that may name options, each with its reason.
const ALLOWED: &[(&str, &str, &str)] = &[
    (
        "src/ensemble/slurm.rs",
        "",
        "the generated SLURM script runs mrio and sbatch with their options",
    ),
    (
        "src/ensemble/output.rs",
        "mrio ensemble {spec_name} --draws",
        "provenance comment in ranges.csv: the command that repeats the run",
    ),
    (
        "src/formats/to_pymrio.rs",
        "written by mrio convert --to pymrio",
        "provenance in the written pymrio metadata",
    ),
    (
        "src/formats/oecd.rs",
        "Converted by `mrio convert --from oecd-icio`",
        "provenance in the converted table's table.toml",
    ),
    (
        "src/build/assemble.rs",
        "rebuild with `mrio build <recipe> --out DIR`",
        "provenance in the built table's table.toml",
    ),
    (
        "src/model/solver.rs",
        "cargo build --release --features lapack",
        "cargo's options to build mrio with LAPACK, not mrio's",
    ),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Whether `line` holds `--` followed by an ASCII letter (an option's spelling).
fn names_option(line: &str) -> bool {
    let b = line.as_bytes();
    b.windows(3)
        .any(|w| w[0] == b'-' && w[1] == b'-' && w[2].is_ascii_alphabetic())
}

/// `(file:line, text)` of library lines that name an option and are not allowed.
fn offenders(root: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut bad = Vec::new();
    for f in files {
        let rel = f
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel.starts_with("src/cli/") || rel == "src/main.rs" {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        for (k, line) in text.lines().enumerate() {
            let t = line.trim_start();
            if t.starts_with("//") || !names_option(t) {
                continue;
            }
            let allowed = ALLOWED
                .iter()
                .any(|(file, snippet, _)| rel == *file && t.contains(snippet));
            if !allowed {
                bad.push((format!("{rel}:{}", k + 1), t.to_string()));
            }
        }
    }
    bad
}

#[test]
fn library_messages_name_no_command_line_option() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bad = offenders(root);
    assert!(
        bad.is_empty(),
        "library text naming a command-line option (say it in files, keys and labels; \
         let src/cli add the option):\n{}",
        bad.iter()
            .map(|(at, t)| format!("  {at}: {t}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_scan_finds_an_option_in_a_message_and_skips_comments() {
    // The scan itself can fail: a message line naming an option is caught, a comment
    // or a plain `--` (a decrement, a dash rule) is not.
    assert!(names_option("\"raise --max-iter, loosen --tol\""));
    assert!(names_option("format!(\"--group {}: {e}\")"));
    assert!(!names_option("\"a -- b\""));
    assert!(!names_option("\"x-1\""));
    let dir = std::env::temp_dir().join(format!("mrio-scan-{}", std::process::id()));
    let src = dir.join("src/analysis");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::create_dir_all(dir.join("src/cli")).unwrap();
    std::fs::write(
        src.join("x.rs"),
        "// --income in a comment\nlet m = \"name it with --income\";\n",
    )
    .unwrap();
    std::fs::write(dir.join("src/cli/y.rs"), "let m = \"--income\";\n").unwrap();
    let bad = offenders(&dir);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(bad.len(), 1, "{bad:?}");
    assert!(bad[0].0.ends_with("src/analysis/x.rs:2"), "{bad:?}");
}

#[test]
fn recipe_override_errors_name_the_override_not_the_option() {
    // The library says "override"; `mrio build --set` says `--set`
    // (tests/bad_inputs/recipe_set_list_value).
    let recipe = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/build_toy/recipe.toml");
    let e = mrio::build::Recipe::read_with(&recipe, &["regionalize.delta=1.2".into()])
        .unwrap_err()
        .to_string();
    assert!(e.contains("after the overrides: delta = 1.2"), "{e}");
    assert!(!e.contains("--"), "{e}");
    let e = mrio::build::Recipe::read_with(&recipe, &["nonsense".into()])
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("after the override `nonsense`: expected key=value"),
        "{e}"
    );
}
