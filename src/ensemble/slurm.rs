//! An sbatch script for a cluster scheduler: an array job with one shard per task,
//! then a merge job that starts when every task has succeeded (`afterok`).

/// What the script runs.
pub struct Job<'a> {
    /// The mrio program (absolute path or a name on the cluster's PATH).
    pub program: &'a str,
    /// Spec file (as the cluster sees it).
    pub spec: &'a str,
    /// Draws and seed.
    pub draws: u64,
    /// Seed.
    pub seed: u64,
    /// Number of shards (array tasks).
    pub shards: u64,
    /// Final output folder; shards go to `OUT.shards/K`.
    pub out: &'a str,
    /// Threads per task.
    pub threads: usize,
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// The script: submit it with `bash FILE` (it calls sbatch twice and prints both job
/// ids). The array job writes `OUT.shards/K`, the merge job writes `OUT`.
pub fn script(j: &Job) -> String {
    let shards_dir = format!("{}.shards", j.out);
    let cpus = j.threads.max(1);
    format!(
        r#"#!/usr/bin/env bash
# Written by `mrio ensemble --slurm`: {draws} draws (seed {seed}) in {n} shards, then a merge.
# Submit with:  bash THIS_FILE   (needs sbatch on PATH; run from the folder the paths are relative to)
set -euo pipefail
MRIO={program}
SPEC={spec}
OUT={out}
SHARDS={shards_dir}
mkdir -p "$SHARDS"
array=$(sbatch --parsable --job-name=mrio-ensemble --array=1-{n} \
  --cpus-per-task={cpus} --output="$SHARDS/slurm-%A_%a.out" \
  --wrap="\"$MRIO\" --threads {cpus} --quiet ensemble \"$SPEC\" --draws {draws} --seed {seed} --shard \$SLURM_ARRAY_TASK_ID/{n} --out \"$SHARDS/\$SLURM_ARRAY_TASK_ID\" --force")
array=${{array%%;*}}
parts=""
for k in $(seq 1 {n}); do parts="$parts \"$SHARDS/$k\""; done
merge=$(sbatch --parsable --job-name=mrio-ensemble-merge --dependency=afterok:$array \
  --output="$SHARDS/slurm-merge-%j.out" \
  --wrap="\"$MRIO\" --quiet ensemble merge $parts --out \"$OUT\" --force")
merge=${{merge%%;*}}
echo "array job $array ({n} shards), merge job $merge -> $OUT"
"#,
        program = quote(j.program),
        spec = quote(j.spec),
        out = quote(j.out),
        shards_dir = quote(&shards_dir),
        n = j.shards,
        draws = j.draws,
        seed = j.seed,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_has_an_array_and_a_dependent_merge() {
        let s = script(&Job {
            program: "/opt/mrio",
            spec: "e.toml",
            draws: 100,
            seed: 7,
            shards: 4,
            out: "res",
            threads: 2,
        });
        assert!(s.contains("--array=1-4"));
        assert!(s.contains("--dependency=afterok:$array"));
        assert!(s.contains("--shard \\$SLURM_ARRAY_TASK_ID/4"));
        assert!(s.contains("ensemble merge $parts --out"));
        assert!(s.contains("SHARDS='res.shards'"));
    }
}
