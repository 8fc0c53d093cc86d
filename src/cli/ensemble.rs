//! `mrio ensemble SPEC.toml --draws N --seed S --out DIR [--shard K/N] [--slurm FILE]`
//! `mrio ensemble merge DIR1 DIR2 ... --out DIR`
//!
//! Builds and solves every draw of the ensemble spec in parallel (docs/uncertainty.md)
//! and writes summary.csv, shares.csv, sensitivity.csv, draws.csv and ensemble.toml;
//! with `--shard` only that shard's draws into a partial folder, which `merge` joins.

use super::Ctx;
use mrio::ensemble::{output, parse_shard, run, slurm, Prepared, Spec};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct Args {
    #[command(subcommand)]
    merge: Option<Sub>,
    /// Ensemble spec (TOML; see docs/uncertainty.md).
    #[arg(required = true)]
    spec: Option<PathBuf>,
    /// Number of draws.
    #[arg(long, default_value_t = 1000)]
    draws: u64,
    /// Seed of the random streams.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Output folder.
    #[arg(long, required = true)]
    out: Option<PathBuf>,
    /// Run only shard K of N (1-based) into a partial folder for `mrio ensemble merge`.
    #[arg(long)]
    shard: Option<String>,
    /// Write an sbatch script (array job of N shards + merge job) instead of running;
    /// N from --shard's N (default 4).
    #[arg(long)]
    slurm: Option<PathBuf>,
    /// Replace the files of a non-empty output folder.
    #[arg(long)]
    force: bool,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// Join the partial folders of every shard into the result of the whole run.
    Merge(MergeArgs),
}

#[derive(Debug, clap::Args)]
struct MergeArgs {
    /// Partial folders (one per shard, any order).
    #[arg(required = true)]
    parts: Vec<PathBuf>,
    /// Output folder.
    #[arg(long)]
    out: PathBuf,
    /// Replace the files of a non-empty output folder.
    #[arg(long)]
    force: bool,
}

fn write_dir(dir: &Path, force: bool, files: &[(String, Vec<u8>)]) -> mrio::Result<()> {
    super::check_out_dir(dir, force)?;
    mrio::fsio::ensure_dir(dir)?;
    for (name, bytes) in files {
        mrio::fsio::write_atomic(&dir.join(name), bytes)?;
    }
    Ok(())
}

fn spec_name(p: &Path) -> String {
    p.file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_default()
}

/// A bar with ETA on stderr; hidden with --quiet or when stderr is not a terminal.
fn bar(ctx: &Ctx, len: u64) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if ctx.quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let b = indicatif::ProgressBar::new(len);
    b.set_style(
        indicatif::ProgressStyle::with_template(
            "draws {bar:30} {pos}/{len} ({per_sec}, ETA {eta})",
        )
        .expect("valid template"),
    );
    b
}

pub fn run(args: Args, ctx: &Ctx, threads: usize) -> mrio::Result<ExitCode> {
    if let Some(Sub::Merge(m)) = args.merge {
        return merge(m, ctx);
    }
    let spec_path = args.spec.expect("required by clap");
    let out = args.out.expect("required by clap");
    if args.draws == 0 || args.draws > mrio::ensemble::MAX_COUNT {
        return Err(mrio::Error::bad_value("draw count", args.draws, "at least 1").flag("--draws"));
    }
    if args.seed > mrio::ensemble::MAX_COUNT {
        return Err(mrio::Error::bad_value(
            "seed",
            args.seed,
            format!("at most {}", mrio::ensemble::MAX_COUNT),
        )
        .flag("--seed"));
    }
    let shard = args.shard.as_deref().map(parse_shard).transpose()?;
    let spec = Spec::read(&spec_path)?;
    if let Some(file) = &args.slurm {
        let program = std::env::current_exe()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| "mrio".into());
        let text = slurm::script(&slurm::Job {
            program: &program,
            spec: &spec_path.display().to_string(),
            draws: args.draws,
            seed: args.seed,
            shards: shard.map(|s| s.1).unwrap_or(4),
            out: &out.display().to_string(),
            threads: threads.max(1),
        });
        mrio::fsio::write_atomic(file, text.as_bytes())?;
        ctx.note(&format!(
            "wrote {}: submit with `bash {}`",
            file.display(),
            file.display()
        ));
        return Ok(ExitCode::SUCCESS);
    }
    super::check_out_dir(&out, args.force)?;
    for input in [&spec_path, &spec.scenarios] {
        super::check_out_not_input(&out, input)?;
    }
    let name = spec_name(&spec_path);
    let text = spec.text.clone();
    let prepared = Prepared::new(spec)?;
    let range = match shard {
        Some((k, n)) => run::shard_range(args.draws, k, n),
        None => (0, args.draws),
    };
    let b = bar(ctx, range.1);
    let start = std::time::Instant::now();
    let result = run::run(&prepared, args.seed, args.draws, range, threads, &|| {
        b.inc(1)
    })?;
    b.finish_and_clear();
    let files = match shard {
        Some(s) => output::partial_files(&result, s, &name, &text),
        None => output::files(&result, &name, &text),
    };
    write_dir(&out, args.force, &files)?;
    ctx.note(&format!(
        "{} draws in {:.1} s; wrote {} ({})",
        range.1,
        start.elapsed().as_secs_f64(),
        out.display(),
        files
            .iter()
            .map(|f| f.0.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    ));
    Ok(ExitCode::SUCCESS)
}

fn merge(m: MergeArgs, ctx: &Ctx) -> mrio::Result<ExitCode> {
    for p in &m.parts {
        super::check_out_not_input(&m.out, p)?;
    }
    let dirs: Vec<&Path> = m.parts.iter().map(PathBuf::as_path).collect();
    let merged = output::merge(&dirs)?;
    let files = output::files(&merged.run, &merged.spec_name, &merged.spec_text);
    write_dir(&m.out, m.force, &files)?;
    ctx.note(&format!(
        "merged {} shards ({} draws) into {}",
        dirs.len(),
        merged.run.draws.len(),
        m.out.display()
    ));
    Ok(ExitCode::SUCCESS)
}
