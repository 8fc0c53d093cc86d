//! Command-line interface: one file per subcommand; each parses its arguments and
//! calls the library. No math here.

mod aggregate;
mod balance;
mod build;
mod calc;
mod check;
mod compare;
mod convert;
mod demo;
mod ensemble;
mod extract;
mod linkages;
mod multipliers;
mod output;
mod paths;
mod price;
mod scenario;
mod solve;
mod spillover;

pub use output::{OutputArgs, ViewArgs};

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// mrio: regional and multi-regional input-output analysis.
#[derive(Debug, Parser)]
#[command(name = "mrio", version, about, long_about = None)]
pub struct Cli {
    /// Threads for the linear algebra (0 = all cores).
    #[arg(long, global = true, default_value_t = 0)]
    threads: usize,
    /// Print only results (no progress or notes on stderr).
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the built-in example (no files needed).
    Demo(demo::Args),
    /// Check a table folder: sizes, balance, signs, zero output, productivity.
    Check(check::Args),
    /// Write results (x, A, L, B, G) of a table as labelled CSV files.
    Calc(calc::Args),
    /// Output x = L f for a new final-demand vector.
    Solve(solve::Args),
    /// Impacts of scenario shocks by region and sector (direct, indirect, induced).
    Scenario(scenario::Args),
    /// Intraregional, feedback and spillover effects per origin; region x region matrices.
    Spillover(spillover::Args),
    /// Structural path analysis: the largest supply-chain paths from a final-demand shock.
    Paths(paths::Args),
    /// Leontief price model: price indices after a cost push (e.g. +10% wages).
    Price(price::Args),
    /// Build a multiregional table from a recipe (regionalize, trade, assemble).
    Build(build::Args),
    /// Balance a matrix to row and column totals (RAS, GRAS).
    Balance(balance::Args),
    /// Output, value-added, income and satellite multipliers (Type I, Type II).
    Multipliers(multipliers::Args),
    /// Backward/forward linkages, variability, key sectors (intra/interregional).
    Linkages(linkages::Args),
    /// Hypothetical extraction of sectors or regions: output lost.
    Extract(extract::Args),
    /// Aggregate sectors or regions by concordance, or split sectors with weights.
    Aggregate(aggregate::Args),
    /// Convert a table folder between CSV and binary (.npy) form.
    Convert(convert::Args),
    /// Impacts over an ensemble of tables (uncertain recipe inputs or cells): ranges, shares, sensitivity.
    Ensemble(ensemble::Args),
    /// Accuracy of estimated regional tables against a benchmark (survey) table.
    Compare(compare::Args),
}

/// Context shared by subcommands.
pub struct Ctx {
    pub quiet: bool,
}

impl Ctx {
    /// A progress spinner on stderr showing the current stage and the elapsed time.
    /// Hidden with --quiet or when stdout or stderr is not a terminal.
    pub fn progress(&self) -> Progress {
        use std::io::IsTerminal;
        if self.quiet || !std::io::stdout().is_terminal() || !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                .expect("valid template"),
        );
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        Progress(Some(bar))
    }

    /// A note on stderr (suppressed by --quiet).
    pub fn note(&self, msg: &str) {
        if !self.quiet {
            eprintln!("{msg}");
        }
    }

    /// A warning on stderr (printed even with --quiet).
    pub fn warn(&self, msg: &str) {
        eprintln!("{msg}");
    }
}

/// Entry point: exit 0 on success, 1 on any error (message on stderr), 2 on usage errors.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    mrio::set_threads(cli.threads);
    let ctx = Ctx { quiet: cli.quiet };
    let result = match cli.command {
        Command::Demo(a) => demo::run(a, &ctx),
        Command::Check(a) => check::run(a, &ctx),
        Command::Calc(a) => calc::run(a, &ctx),
        Command::Solve(a) => solve::run(a, &ctx),
        Command::Scenario(a) => scenario::run(a, &ctx),
        Command::Spillover(a) => spillover::run(a, &ctx),
        Command::Paths(a) => paths::run(a, &ctx),
        Command::Price(a) => price::run(a, &ctx),
        Command::Build(a) => build::run(a, &ctx),
        Command::Balance(a) => balance::run(a, &ctx),
        Command::Multipliers(a) => multipliers::run(a, &ctx),
        Command::Linkages(a) => linkages::run(a, &ctx),
        Command::Extract(a) => extract::run(a, &ctx),
        Command::Aggregate(a) => aggregate::run(a, &ctx),
        Command::Convert(a) => convert::run(a, &ctx),
        Command::Ensemble(a) => ensemble::run(a, &ctx, cli.threads),
        Command::Compare(a) => compare::run(a, &ctx),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// A spinner for long operations (see [`Ctx::progress`]); a no-op when hidden.
pub struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    /// Show the stage now running.
    pub fn stage(&self, msg: &str) {
        if let Some(b) = &self.0 {
            b.set_message(msg.to_string());
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}

/// The out-folder policy of the command line: an output folder is written whole (see
/// [`mrio::fsio::OutDir`]); a non-empty one is replaced only with `--force` (the whole
/// folder, never merged); no output is, holds or lies inside an input.
pub fn out_dir(
    target: &std::path::Path,
    force: bool,
    inputs: &[&std::path::Path],
) -> mrio::Result<mrio::fsio::OutDir> {
    mrio::fsio::OutDir::create(target, force, inputs).map_err(force_advice)
}

/// Swap a written output folder in (see [`out_dir`]).
pub fn commit(out: mrio::fsio::OutDir) -> mrio::Result<std::path::PathBuf> {
    out.commit().map_err(force_advice)
}

fn force_advice(e: mrio::Error) -> mrio::Error {
    match e {
        mrio::Error::OutExists { path } => mrio::Error::conflict(
            path.display(),
            "folder is not empty; use --force to replace it (the whole folder is \
             replaced by the new results, never merged)",
        ),
        e => e,
    }
}

/// Refuse to write into a non-empty folder unless `force` (the ensemble's shard and
/// merge folders, whose files are replaced one by one).
pub fn check_out_dir(dir: &std::path::Path, force: bool) -> mrio::Result<()> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(mrio::Error::conflict(
                dir.display(),
                "exists and is not a folder",
            ));
        }
        let non_empty = std::fs::read_dir(dir)
            .map_err(|e| mrio::Error::io(dir, e))?
            .next()
            .is_some();
        if non_empty && !force {
            return Err(mrio::Error::conflict(
                dir.display(),
                "folder is not empty; use --force to replace the files in it",
            ));
        }
    }
    Ok(())
}

/// Refuse an output (folder or file) that is an input itself, e.g. `calc T --out T`,
/// where `x.csv` would replace the table's own `x.csv`: inputs are never modified,
/// even with `--force`.
pub fn check_out_not_input(out: &std::path::Path, input: &std::path::Path) -> mrio::Result<()> {
    if let (Ok(o), Ok(i)) = (out.canonicalize(), input.canonicalize()) {
        if o == i {
            let what = if i.is_dir() { "folder" } else { "file" };
            return Err(mrio::Error::conflict(
                out.display(),
                format!(
                    "--out is the input {what} of this command; writing there would \
                     replace the input: choose another output {what}"
                ),
            ));
        }
    }
    Ok(())
}

/// Load a table folder.
pub fn load(path: &std::path::Path) -> mrio::Result<mrio::IoTable> {
    mrio::table::read_table(path)
}

/// Write text to stdout, ignoring a closed pipe (e.g. `| head`).
pub fn print(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}
