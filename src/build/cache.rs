//! Table folders read once per ensemble run instead of once per draw.
//!
//! Every draw of a recipe ensemble rebuilds the table, and every build reads the
//! parent folder and the final-demand share tables and fingerprints their files: a
//! third of a cluster draw went to parsing the same CSV files again. While a [`Scope`]
//! is alive (an ensemble run holds one), [`read_table`] and [`folder_fingerprint`]
//! keep what they read, keyed by the folder and the size and modification time of
//! every file in it, so a changed file is read again. Outside a scope nothing is kept.

use super::inputs;
use crate::error::Result;
use crate::table::IoTable;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::SystemTime;

/// Size and modification time of every entry of a folder, sorted by name.
type Stamp = Vec<(String, u64, Option<SystemTime>)>;

#[derive(Default)]
struct Store {
    tables: HashMap<PathBuf, (Stamp, IoTable)>,
    prints: HashMap<(PathBuf, String, Vec<String>), (Stamp, toml::Table)>,
}

static SCOPES: AtomicUsize = AtomicUsize::new(0);

fn store() -> &'static Mutex<Store> {
    static STORE: OnceLock<Mutex<Store>> = OnceLock::new();
    STORE.get_or_init(|| Mutex::new(Store::default()))
}

/// Keeps the cache on while alive; the last scope to end empties it.
#[derive(Debug)]
pub struct Scope(());

impl Scope {
    /// Turn the cache on (scopes nest and may overlap across threads).
    pub fn new() -> Scope {
        SCOPES.fetch_add(1, Ordering::SeqCst);
        Scope(())
    }
}

impl Default for Scope {
    fn default() -> Self {
        Scope::new()
    }
}

impl Drop for Scope {
    fn drop(&mut self) {
        if SCOPES.fetch_sub(1, Ordering::SeqCst) == 1 {
            if let Ok(mut s) = store().lock() {
                *s = Store::default();
            }
        }
    }
}

fn active() -> bool {
    SCOPES.load(Ordering::SeqCst) > 0
}

/// The stamp of `dir`, or None when it cannot be listed (then nothing is cached and
/// the reader reports the problem itself).
fn stamp(dir: &Path) -> Option<Stamp> {
    let mut out: Stamp = Vec::new();
    for e in std::fs::read_dir(dir).ok()? {
        let e = e.ok()?;
        let m = std::fs::metadata(e.path()).ok()?;
        out.push((
            e.file_name().to_string_lossy().into_owned(),
            m.len(),
            m.modified().ok(),
        ));
    }
    out.sort();
    Some(out)
}

/// [`crate::table::read_table`], from the cache while a scope is alive.
pub fn read_table(dir: &Path) -> Result<IoTable> {
    let st = if active() { stamp(dir) } else { None };
    let Some(st) = st else {
        return crate::table::read_table(dir);
    };
    if let Ok(s) = store().lock() {
        if let Some((old, t)) = s.tables.get(dir) {
            if *old == st {
                return Ok(t.clone());
            }
        }
    }
    let t = crate::table::read_table(dir)?;
    if let Ok(mut s) = store().lock() {
        s.tables.insert(dir.to_path_buf(), (st, t.clone()));
    }
    Ok(t)
}

/// [`inputs::folder_fingerprint`], from the cache while a scope is alive.
pub fn folder_fingerprint(raw: &str, dir: &Path, extra: &[&str]) -> Result<toml::Table> {
    let st = if active() { stamp(dir) } else { None };
    let Some(st) = st else {
        return inputs::folder_fingerprint(raw, dir, extra);
    };
    let key = (
        dir.to_path_buf(),
        raw.to_string(),
        extra.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
    );
    if let Ok(s) = store().lock() {
        if let Some((old, t)) = s.prints.get(&key) {
            if *old == st {
                return Ok(t.clone());
            }
        }
    }
    let t = inputs::folder_fingerprint(raw, dir, extra)?;
    if let Ok(mut s) = store().lock() {
        s.prints.insert(key, (st, t.clone()));
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Miller & Blair two-sector table with z[1, 2] = `z12` (x rises with it).
    fn write_table(dir: &Path, z12: f64) {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tables/mb2009_two_sector");
        std::fs::create_dir_all(dir).unwrap();
        for f in ["index.csv", "Y.csv", "VA.csv", "table.toml"] {
            std::fs::copy(src.join(f), dir.join(f)).unwrap();
        }
        let x = std::fs::read_to_string(src.join("x.csv")).unwrap();
        std::fs::write(
            dir.join("x.csv"),
            x.replace("1000", &format!("{}", 500.0 + z12)),
        )
        .unwrap();
        std::fs::write(
            dir.join("Z.csv"),
            format!("id,sector1,sector2\nsector1,150,{z12}\nsector2,200,100\n"),
        )
        .unwrap();
    }

    #[test]
    fn a_scope_reuses_a_folder_and_rereads_it_when_a_file_changes() {
        let dir = std::env::temp_dir().join(format!("mrio-cache-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        write_table(&dir, 500.0);
        let scope = Scope::new();
        let a = read_table(&dir).unwrap();
        assert_eq!(a.z[(0, 1)], 500.0);
        // Same size, new content and time: the stamp changes, so it is read again.
        std::thread::sleep(std::time::Duration::from_millis(20));
        write_table(&dir, 501.0);
        let b = read_table(&dir).unwrap();
        assert_eq!(b.z[(0, 1)], 501.0);
        assert_eq!(read_table(&dir).unwrap().z, b.z);
        drop(scope);
        assert!(store().lock().unwrap().tables.is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
