//! File output. Two rules hold for everything mrio writes:
//!
//! - **A result folder is whole or absent.** [`OutDir`] writes into a temporary sibling
//!   folder (`.NAME.mrio-new-PID`) and swaps it in with renames when the command has
//!   finished; an earlier folder is moved aside and removed only after the new one is in
//!   place, so a failed, full-disk or killed run leaves the earlier result as it was.
//!   Replacing replaces the whole folder, never merges into it. A lock file beside the
//!   folder (`.NAME.mrio-lock`, held with an OS lock that dies with the process) makes a
//!   second run into the same folder fail at once; the leftovers of a killed run are
//!   removed by the next run into that folder.
//! - **No output inside an input.** [`check_not_input`] refuses an output that is, holds
//!   or lies inside any file or folder the command read.
//!
//! Single files (`balance --out FILE`) use [`write_atomic`]: a temporary file beside the
//! target, then one rename.
//!
//! ```no_run
//! # fn main() -> mrio::Result<()> {
//! use mrio::fsio::OutDir;
//! use std::path::Path;
//! let table = Path::new("tables/cluster");
//! let mut out = OutDir::create(Path::new("results"), false, &[table])?;
//! out.write("x.csv", b"id,x\n")?;
//! out.commit()?; // results/ now holds exactly x.csv
//! # Ok(())
//! # }
//! ```

use crate::error::{Error, Result};
use std::collections::BTreeSet;
use std::fs::File;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// A result folder being written: files go to a hidden sibling folder until
/// [`OutDir::commit`] swaps it in. Dropped without commit, it removes everything it
/// created and the target is untouched.
#[derive(Debug)]
pub struct OutDir {
    shown: PathBuf,
    target: PathBuf,
    stage: PathBuf,
    replace: bool,
    lock: Option<(File, PathBuf)>,
    created: Vec<PathBuf>,
    written: BTreeSet<PathBuf>,
    done: bool,
}

impl OutDir {
    /// Prepare to write the folder `target`. `replace`: an existing non-empty folder
    /// may be replaced (otherwise [`Error::OutExists`]). `inputs`: every file or folder
    /// the command reads; the target may not be, hold or lie inside any of them.
    /// Fails if another run holds the folder's lock.
    pub fn create(target: &Path, replace: bool, inputs: &[&Path]) -> Result<OutDir> {
        let resolved = resolve_target(target)?;
        check_not_input(target, &resolved, inputs)?;
        let (parent, name) = split(target, &resolved)?;
        let mut out = OutDir {
            shown: target.to_path_buf(),
            stage: parent.join(format!(".{name}.mrio-new-{}", std::process::id())),
            target: resolved,
            replace,
            lock: None,
            created: create_parents(&parent)?,
            written: BTreeSet::new(),
            done: false,
        };
        out.lock = Some(take_lock(
            &parent.join(format!(".{name}.mrio-lock")),
            target,
        )?);
        remove_leftovers(&parent, &name);
        out.check_existing()?;
        std::fs::create_dir(&out.stage).map_err(|e| Error::io(&out.shown, e))?;
        Ok(out)
    }

    /// The folder to write into now (the temporary one), for writers that take a
    /// folder, such as [`crate::table::write_table`].
    pub fn path(&self) -> &Path {
        &self.stage
    }

    /// The folder as the user named it (for messages).
    pub fn shown(&self) -> &Path {
        &self.shown
    }

    /// Write one file, `rel` being a relative path of plain names (`x.csv`,
    /// `acc/x_reg.csv`). Refuses absolute paths, `..`, empty names, and a second file
    /// with the same name in one run (two results that would overwrite each other).
    pub fn write(&mut self, rel: &str, bytes: &[u8]) -> Result<PathBuf> {
        let rel_path = checked_relative(rel, &self.shown)?;
        if !self.written.insert(rel_path.clone()) {
            return Err(Error::conflict(
                self.shown.join(&rel_path).display(),
                "two results of this run would be written to this one file",
            ));
        }
        let shown = self.shown.join(&rel_path);
        let p = self.stage.join(&rel_path);
        if let Some(dir) = p.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(&shown, e))?;
        }
        let mut f = File::create(&p).map_err(|e| Error::io(&shown, e))?;
        f.write_all(bytes).map_err(|e| Error::io(&shown, e))?;
        f.sync_all().map_err(|e| Error::io(&shown, e))?;
        Ok(shown)
    }

    /// Swap the new folder in: the earlier folder (if any) is renamed aside, the new
    /// one renamed into place, then the earlier one removed. Returns the target path.
    pub fn commit(mut self) -> Result<PathBuf> {
        self.check_existing()?;
        let exists = std::fs::symlink_metadata(&self.target).is_ok();
        if exists {
            let (parent, name) = split(&self.shown, &self.target)?;
            let old = parent.join(format!(".{name}.mrio-old-{}", std::process::id()));
            std::fs::rename(&self.target, &old).map_err(|e| Error::io(&self.shown, e))?;
            if let Err(e) = std::fs::rename(&self.stage, &self.target) {
                let _ = std::fs::rename(&old, &self.target);
                return Err(Error::io(&self.shown, e));
            }
            let _ = std::fs::remove_dir_all(&old);
        } else {
            std::fs::rename(&self.stage, &self.target).map_err(|e| Error::io(&self.shown, e))?;
        }
        self.done = true;
        Ok(self.shown.clone())
    }

    /// Refuse an existing target that is not a folder, or is a non-empty folder when
    /// replacing was not asked for.
    fn check_existing(&self) -> Result<()> {
        let Ok(meta) = std::fs::symlink_metadata(&self.target) else {
            return Ok(());
        };
        if !meta.is_dir() {
            return Err(Error::conflict(
                self.shown.display(),
                "exists and is not a folder",
            ));
        }
        let mut entries = std::fs::read_dir(&self.target).map_err(|e| Error::io(&self.shown, e))?;
        if entries.next().is_some() && !self.replace {
            return Err(Error::OutExists {
                path: self.shown.clone(),
            });
        }
        Ok(())
    }
}

impl Drop for OutDir {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.stage);
        }
        if let Some((file, path)) = self.lock.take() {
            let _ = std::fs::remove_file(&path);
            drop(file);
        }
        for d in self.created.iter().rev() {
            if !self.done {
                let _ = std::fs::remove_dir(d);
            }
        }
    }
}

/// Refuse an output path `out` (`resolved`: its absolute form) that is an input, holds
/// an input, or lies inside an input folder. Inputs that do not exist are skipped.
pub fn check_not_input(out: &Path, resolved: &Path, inputs: &[&Path]) -> Result<()> {
    for input in inputs {
        let Ok(inp) = input.canonicalize() else {
            continue;
        };
        let message = if inp == resolved {
            format!(
                "is an input of this command ({}); writing there would replace it: \
                 choose another output",
                input.display()
            )
        } else if inp.starts_with(resolved) {
            format!(
                "holds the input {}; replacing it would delete that input: choose \
                 another output",
                input.display()
            )
        } else if resolved.starts_with(&inp) && inp.is_dir() {
            format!(
                "is inside the input folder {}; outputs are never written inside an \
                 input: choose another output",
                input.display()
            )
        } else {
            continue;
        };
        return Err(Error::conflict(out.display(), message));
    }
    Ok(())
}

/// The absolute form of `p` with symbolic links resolved, for a path that may not
/// exist yet (its longest existing ancestor is resolved, the rest appended). A
/// dangling symbolic link is refused.
pub fn resolve_target(p: &Path) -> Result<PathBuf> {
    if let Ok(meta) = std::fs::symlink_metadata(p) {
        if meta.file_type().is_symlink() && !p.exists() {
            let to = std::fs::read_link(p).map_err(|e| Error::io(p, e))?;
            return Err(Error::conflict(
                p.display(),
                format!(
                    "is a symbolic link to {}, which does not exist: give an existing \
                     folder or a new path",
                    to.display()
                ),
            ));
        }
    }
    let abs = std::path::absolute(p).map_err(|e| Error::io(p, e))?;
    let mut rest = Vec::new();
    let mut base = abs.as_path();
    loop {
        if let Ok(c) = base.canonicalize() {
            let mut out = c;
            for part in rest.iter().rev() {
                match part {
                    Component::ParentDir => {
                        out.pop();
                    }
                    Component::CurDir => {}
                    other => out.push(other.as_os_str()),
                }
            }
            return Ok(out);
        }
        match (base.parent(), base.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                base = parent;
            }
            _ => return Ok(abs),
        }
    }
}

/// The parent folder and the file name of a resolved target.
fn split(shown: &Path, resolved: &Path) -> Result<(PathBuf, String)> {
    match (resolved.parent(), resolved.file_name()) {
        (Some(parent), Some(name)) => Ok((parent.to_path_buf(), name.to_string_lossy().into())),
        _ => Err(Error::conflict(
            shown.display(),
            "cannot be an output folder (it has no parent folder)",
        )),
    }
}

/// Create the missing ancestors of `dir`, returning those created (outermost first).
fn create_parents(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut missing = Vec::new();
    let mut d = Some(dir);
    while let Some(p) = d {
        if p.exists() {
            break;
        }
        missing.push(p.to_path_buf());
        d = p.parent();
    }
    missing.reverse();
    for m in &missing {
        std::fs::create_dir(m).map_err(|e| Error::io(m, e))?;
    }
    Ok(missing)
}

/// Take the lock file `path` for the output `shown`, or fail if another run holds it.
/// Errors name `shown`, never the lock file.
/// (`File::try_lock` is Rust 1.89; the release is built with a newer toolchain.)
#[allow(clippy::incompatible_msrv)]
fn take_lock(path: &Path, shown: &Path) -> Result<(File, PathBuf)> {
    for _ in 0..10 {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .map_err(|e| Error::io(shown, e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(Error::conflict(
                    shown.display(),
                    format!(
                        "another mrio run is writing this folder now (it holds {}); wait \
                         for it to finish, or choose another output",
                        path.display()
                    ),
                ))
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(Error::io(shown, e)),
        }
        if same_file(&file, path) {
            return Ok((file, path.to_path_buf()));
        }
        // The previous holder removed the lock file after we opened it: retry.
    }
    Err(Error::conflict(
        shown.display(),
        "could not take the output lock: other runs keep replacing it",
    ))
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

/// Remove the temporary folders of earlier (killed) runs into `parent/name`. Called
/// with the lock held, so none of them belongs to a live run.
fn remove_leftovers(parent: &Path, name: &str) {
    let new = format!(".{name}.mrio-new-");
    let old = format!(".{name}.mrio-old-");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if n.starts_with(&new) || n.starts_with(&old) {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// Check that `rel` is a relative path of plain names, returning it as a path.
fn checked_relative(rel: &str, shown: &Path) -> Result<PathBuf> {
    let p = Path::new(rel);
    let plain = !rel.is_empty()
        && p.components().all(|c| matches!(c, Component::Normal(_)))
        && rel
            .split('/')
            .all(|part| !part.is_empty() && !part.starts_with('.'));
    if !plain {
        return Err(Error::bad_value(
            format!("{}: output file name", shown.display()),
            rel,
            "a plain file name inside the output folder (no `/` at the start, no `..`, \
             not empty, not hidden)",
        ));
    }
    Ok(p.to_path_buf())
}

/// Write `bytes` to `path` atomically (temporary file in the same folder, then rename).
/// Errors name `path`, never the temporary file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| Error::conflict(path.display(), "not a file path"))?;
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| {
        let mut f = File::create(&tmp).map_err(|e| Error::io(path, e))?;
        f.write_all(bytes).map_err(|e| Error::io(path, e))?;
        f.sync_all().map_err(|e| Error::io(path, e))?;
        std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Create `dir` (and parents) if it does not exist.
pub fn ensure_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))
}

/// Read a whole file, naming it in the error. Only regular files are read (see
/// [`check_regular_file`]): a FIFO would block forever.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    check_regular_file(path)?;
    std::fs::read(path).map_err(|e| Error::io(path, e))
}

/// Whether an input file is there: `Ok(false)` when nothing at all is at `path`,
/// `Ok(true)` for a regular file (or a link to one). A dangling symbolic link, a FIFO,
/// a device, a socket or a folder is an error naming `path`, never "absent"; so is a
/// path that cannot be examined (no permission on its folder).
pub fn file_present(path: &Path) -> Result<bool> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(Error::io(path, e)),
        Ok(_) => check_regular_file(path).map(|_| true),
    }
}

/// Refuse anything at `path` but a regular file (or a link to one), naming it.
pub fn check_regular_file(path: &Path) -> Result<()> {
    let why = |m: String| {
        Error::io(
            path,
            std::io::Error::new(std::io::ErrorKind::InvalidInput, m),
        )
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Ok(to) = std::fs::read_link(path) {
                return Err(why(format!(
                    "is a symbolic link to {}, which does not exist (a dangling link is \
                     not an absent file: fix the link or remove it)",
                    to.display()
                )));
            }
            return Err(Error::io(path, e));
        }
        Err(e) => return Err(Error::io(path, e)),
    };
    if meta.is_file() {
        return Ok(());
    }
    Err(why(format!(
        "is {}, not a regular file: mrio reads only regular files",
        file_kind(&meta.file_type())
    )))
}

fn file_kind(t: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    if t.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("mrio-fsio-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn replace_swaps_whole_folder_and_leaves_nothing_behind() {
        let root = tmp("swap");
        let t = root.join("out");
        let mut o = OutDir::create(&t, false, &[]).unwrap();
        o.write("a.csv", b"1").unwrap();
        o.write("sub/b.csv", b"2").unwrap();
        o.commit().unwrap();
        assert_eq!(names(&t), ["a.csv", "sub"]);
        assert!(matches!(
            OutDir::create(&t, false, &[]),
            Err(Error::OutExists { .. })
        ));
        let mut o = OutDir::create(&t, true, &[]).unwrap();
        o.write("c.csv", b"3").unwrap();
        // Before commit the old folder is intact.
        assert_eq!(names(&t), ["a.csv", "sub"]);
        o.commit().unwrap();
        assert_eq!(names(&t), ["c.csv"]);
        assert_eq!(names(&root), ["out"]);
    }

    #[test]
    fn dropped_without_commit_leaves_no_trace() {
        let root = tmp("drop");
        let t = root.join("a/b/out");
        let mut o = OutDir::create(&t, false, &[]).unwrap();
        o.write("x.csv", b"1").unwrap();
        drop(o);
        assert!(names(&root).is_empty());
    }

    #[test]
    fn second_writer_is_refused_while_first_holds_the_lock() {
        let root = tmp("lock");
        let t = root.join("out");
        let first = OutDir::create(&t, false, &[]).unwrap();
        let e = OutDir::create(&t, true, &[]).unwrap_err().to_string();
        assert!(e.contains("another mrio run is writing this folder"), "{e}");
        drop(first);
        OutDir::create(&t, false, &[]).unwrap().commit().unwrap();
    }

    #[test]
    fn leftovers_of_killed_runs_are_removed() {
        let root = tmp("left");
        std::fs::create_dir_all(root.join(".out.mrio-new-99999/x")).unwrap();
        std::fs::create_dir_all(root.join(".out.mrio-old-99999")).unwrap();
        std::fs::write(root.join(".out.mrio-lock"), b"").unwrap();
        OutDir::create(&root.join("out"), false, &[])
            .unwrap()
            .commit()
            .unwrap();
        assert_eq!(names(&root), ["out"]);
    }

    #[test]
    fn names_that_are_paths_are_refused_and_duplicates_too() {
        let root = tmp("names");
        let mut o = OutDir::create(&root.join("out"), false, &[]).unwrap();
        for bad in ["", "../x.csv", "/abs/x.csv", ".csv", "a//b", "a/../b"] {
            assert!(o.write(bad, b"").is_err(), "{bad:?} accepted");
        }
        o.write("x.csv", b"1").unwrap();
        let e = o.write("x.csv", b"2").unwrap_err().to_string();
        assert!(e.contains("two results"), "{e}");
    }

    #[test]
    fn outputs_inside_equal_or_holding_inputs_are_refused() {
        let root = tmp("inputs");
        let table = root.join("table");
        std::fs::create_dir_all(&table).unwrap();
        std::fs::write(table.join("Z.csv"), b"").unwrap();
        for out in [table.clone(), table.join("res"), root.clone()] {
            let e = OutDir::create(&out, true, &[&table])
                .unwrap_err()
                .to_string();
            assert!(e.contains("input"), "{}: {e}", out.display());
        }
        let e = OutDir::create(&table.join("Z.csv"), true, &[&table.join("Z.csv")])
            .unwrap_err()
            .to_string();
        assert!(e.contains("input"), "{e}");
        assert_eq!(names(&table), ["Z.csv"]);
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_resolve_or_are_refused_when_dangling() {
        let root = tmp("links");
        let real = root.join("real");
        std::fs::create_dir_all(&real).unwrap();
        std::os::unix::fs::symlink(&real, root.join("link")).unwrap();
        let mut o = OutDir::create(&root.join("link"), true, &[]).unwrap();
        o.write("x.csv", b"1").unwrap();
        o.commit().unwrap();
        assert_eq!(names(&real), ["x.csv"]);
        std::os::unix::fs::symlink(root.join("nowhere"), root.join("dangling")).unwrap();
        let e = OutDir::create(&root.join("dangling"), true, &[])
            .unwrap_err()
            .to_string();
        assert!(e.contains("symbolic link"), "{e}");
    }
}
