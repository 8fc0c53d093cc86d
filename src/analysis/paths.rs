//! Structural path analysis (docs/methods.md 8.1): the largest paths along which a unit of
//! final demand for one sector's product becomes output (or any indicator) elsewhere.
//!
//! Expanding `q'L e_j = q'(I + A + A² + …) e_j`, a path `j = i_0 → i_1 → … → i_k` has
//! value `q_{i_k} a_{i_k i_{k−1}} ⋯ a_{i_1 i_0}` (direct influence, Defourny & Thorbecke
//! 1984). The tree search follows Lenzen (2003): from the origin, a node reached with
//! cumulative coefficient `c` in sector `i` holds `c (q'L)_i` in its whole subtree; the
//! subtree is pruned when that is below `τ T` (`T = (q'L)_j`) and a path is recorded when
//! its own value `c q_i ≥ τ T`. With `A ≥ 0` pruning never drops a path above the
//! threshold. `q'L` is one transposed solve; `L` is never formed.

use crate::error::{Error, Result};
use crate::model::Leontief;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Options of the path search.
#[derive(Debug, Clone, Copy)]
pub struct PathOptions {
    /// Number of paths to keep (the largest).
    pub top: usize,
    /// Threshold τ as a share of the total effect T (prune and record below τ T).
    pub threshold: f64,
    /// Maximum path order (number of steps).
    pub max_depth: usize,
    /// Stop after visiting this many nodes (the result says it stopped early).
    pub max_nodes: usize,
}

impl Default for PathOptions {
    fn default() -> Self {
        PathOptions {
            top: 10,
            threshold: 1e-3,
            max_depth: 8,
            max_nodes: 5_000_000,
        }
    }
}

/// One path: the sectors from the shocked one (first) to where the effect lands (last).
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    /// Positions in the table, origin first.
    pub nodes: Vec<usize>,
    /// Direct influence of the path times the final demand at its origin (per unit
    /// of final demand for a single-origin search).
    pub value: f64,
}

/// The result of a path search.
#[derive(Debug, Clone)]
pub struct PathResult {
    /// The final demand the paths start from: (position, amount).
    pub demand: Vec<(usize, f64)>,
    /// The largest paths, descending by value.
    pub paths: Vec<Path>,
    /// Total effect `T = q'L f` (per unit of final demand for a single origin).
    pub total: f64,
    /// Sum of the listed paths' values.
    pub listed: f64,
    /// Number of paths at or above the threshold (listed or not).
    pub recorded: usize,
    /// Sum of all recorded paths' values.
    pub recorded_sum: f64,
    /// Nodes visited by the search.
    pub nodes_visited: usize,
    /// True when the search stopped at `max_nodes`.
    pub truncated: bool,
    /// Residual of the solve for `q'L`.
    pub residual: f64,
}

impl PathResult {
    /// Share of the total effect covered by the listed paths.
    pub fn coverage(&self) -> f64 {
        self.listed / self.total
    }
}

struct Entry(Path);
impl PartialEq for Entry {
    fn eq(&self, o: &Self) -> bool {
        self.0.value == o.0.value
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Entry {
    // Reversed so that the heap's top is the smallest kept path.
    fn cmp(&self, o: &Self) -> Ordering {
        o.0.value.total_cmp(&self.0.value)
    }
}

/// Structural path analysis for a unit of final demand at `origin`, with indicator
/// weights `q` (1 for output in every sector, or 1 only in a destination region's
/// sectors, or value added / jobs per unit output).
pub fn structural_paths(
    model: &Leontief,
    origin: usize,
    q: &[f64],
    opts: PathOptions,
) -> Result<PathResult> {
    let n = model.n();
    if origin >= n {
        return Err(Error::bad_value(
            "origin",
            origin,
            format!("a position below {n} (the table's sector count)"),
        ));
    }
    let mut f = vec![0.0; n];
    f[origin] = 1.0;
    structural_paths_from(model, &f, q, opts)
}

/// Structural path analysis for a final-demand vector `f` (every non-zero entry is a
/// root): path values are `q_{i_k} a_{i_k i_{k-1}} ⋯ a_{i_1 i_0} f_{i_0}` and the total
/// is `T = q'L f`.
pub fn structural_paths_from(
    model: &Leontief,
    f: &[f64],
    q: &[f64],
    opts: PathOptions,
) -> Result<PathResult> {
    let n = model.n();
    if q.len() != n || f.len() != n {
        return Err(Error::shape(
            "indicator weights and final demand",
            format!("{} and {} entries", q.len(), f.len()),
            format!("{n} each (one per sector)"),
        ));
    }
    if !(opts.threshold > 0.0 && opts.threshold < 1.0) {
        return Err(Error::bad_value(
            "threshold",
            opts.threshold,
            "a share of the total effect, between 0 and 1 (exclusive)",
        ));
    }
    let ql = model.solve_transpose(q)?;
    let demand: Vec<(usize, f64)> = (0..n).filter(|&i| f[i] != 0.0).map(|i| (i, f[i])).collect();
    let total: f64 = demand.iter().map(|&(i, v)| ql.value[i] * v).sum();
    let mut result = PathResult {
        demand: demand.clone(),
        paths: Vec::new(),
        total,
        listed: 0.0,
        recorded: 0,
        recorded_sum: 0.0,
        nodes_visited: 0,
        truncated: false,
        residual: ql.residual,
    };
    if total <= 0.0 {
        return Ok(result);
    }
    let cut = opts.threshold * total;
    let a = model.a();
    // Non-zero suppliers of every buyer (column), to keep the search cheap.
    let suppliers: Vec<Vec<(usize, f64)>> = (0..n)
        .map(|j| {
            (0..n)
                .filter_map(|i| {
                    let v = a[(i, j)];
                    (v != 0.0).then_some((i, v))
                })
                .collect()
        })
        .collect();
    let mut heap: BinaryHeap<Entry> = BinaryHeap::new();
    let mut search = Search {
        ql: &ql.value,
        q,
        suppliers: &suppliers,
        cut,
        opts,
        heap: &mut heap,
        result: &mut result,
    };
    for &(root, v) in &demand {
        if (v * ql.value[root]).abs() < cut {
            continue;
        }
        let mut stack: Vec<usize> = vec![root];
        search.visit(&mut stack, v);
    }
    let mut paths: Vec<Path> = heap.into_iter().map(|e| e.0).collect();
    paths.sort_by(|p, o| o.value.total_cmp(&p.value));
    result.listed = paths.iter().map(|p| p.value).sum();
    result.paths = paths;
    Ok(result)
}

struct Search<'a> {
    ql: &'a [f64],
    q: &'a [f64],
    suppliers: &'a [Vec<(usize, f64)>],
    cut: f64,
    opts: PathOptions,
    heap: &'a mut BinaryHeap<Entry>,
    result: &'a mut PathResult,
}

impl Search<'_> {
    fn visit(&mut self, stack: &mut Vec<usize>, c: f64) {
        if self.result.nodes_visited >= self.opts.max_nodes {
            self.result.truncated = true;
            return;
        }
        self.result.nodes_visited += 1;
        let i = *stack.last().expect("non-empty path");
        let own = c * self.q[i];
        if own.abs() >= self.cut && own != 0.0 {
            self.result.recorded += 1;
            self.result.recorded_sum += own;
            if self.opts.top > 0 {
                let keep = self.heap.len() < self.opts.top
                    || self.heap.peek().is_some_and(|m| own > m.0.value);
                if keep {
                    self.heap.push(Entry(Path {
                        nodes: stack.clone(),
                        value: own,
                    }));
                    if self.heap.len() > self.opts.top {
                        self.heap.pop();
                    }
                }
            }
        }
        if stack.len() > self.opts.max_depth {
            return;
        }
        for &(k, aki) in &self.suppliers[i] {
            let ck = c * aki;
            if (ck * self.ql[k]).abs() < self.cut {
                continue;
            }
            stack.push(k);
            self.visit(stack, ck);
            stack.pop();
        }
    }
}
