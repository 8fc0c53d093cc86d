//! Where the files of a release come from: a folder on disk or a zip archive as
//! downloaded (EXIOBASE 3 ships `IOT_2022_ixi.zip` holding one top folder).

use crate::error::{Error, Result};
use std::io::Read;
use std::path::{Path, PathBuf};

/// A folder or a zip archive, listed as relative `/`-separated paths.
pub enum Source {
    /// A folder (paths relative to it).
    Dir(PathBuf),
    /// A zip archive: its path and the names of its files.
    Zip(PathBuf, Vec<String>),
}

impl Source {
    /// Open `path`: a folder, or a file ending in `.zip`.
    pub fn open(path: &Path) -> Result<Source> {
        if path.is_dir() {
            return Ok(Source::Dir(path.to_path_buf()));
        }
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let archive = zip::ZipArchive::new(file).map_err(|e| {
            Error::label(
                path,
                format!("not a folder and not a readable zip archive ({e})"),
            )
        })?;
        let names = archive
            .file_names()
            .filter(|n| !n.ends_with('/'))
            .map(|s| s.to_string())
            .collect();
        Ok(Source::Zip(path.to_path_buf(), names))
    }

    /// Every file, as a relative path with `/` separators.
    pub fn files(&self) -> Result<Vec<String>> {
        match self {
            Source::Zip(_, names) => Ok(names.clone()),
            Source::Dir(d) => {
                let mut out = Vec::new();
                walk(d, "", &mut out)?;
                out.sort();
                Ok(out)
            }
        }
    }

    /// The path shown in messages for file `rel`.
    pub fn display(&self, rel: &str) -> PathBuf {
        match self {
            Source::Dir(d) => d.join(rel),
            Source::Zip(z, _) => PathBuf::from(format!("{}!/{rel}", z.display())),
        }
    }

    /// True when file `rel` exists.
    pub fn has(&self, rel: &str) -> bool {
        match self {
            Source::Dir(d) => d.join(rel).is_file(),
            Source::Zip(_, names) => names.iter().any(|n| n == rel),
        }
    }

    /// The bytes of file `rel`.
    pub fn read(&self, rel: &str) -> Result<Vec<u8>> {
        match self {
            Source::Dir(d) => crate::fsio::read_bytes(&d.join(rel)),
            Source::Zip(z, _) => {
                let file = std::fs::File::open(z).map_err(|e| Error::io(z, e))?;
                let mut archive = zip::ZipArchive::new(file)
                    .map_err(|e| Error::label(z, format!("unreadable zip archive: {e}")))?;
                let mut entry = archive.by_name(rel).map_err(|e| {
                    Error::label(self.display(rel), format!("not in the archive ({e})"))
                })?;
                let mut out = Vec::with_capacity(entry.size() as usize);
                entry
                    .read_to_end(&mut out)
                    .map_err(|e| Error::io(self.display(rel), e))?;
                Ok(out)
            }
        }
    }
}

fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) -> Result<()> {
    for e in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let e = e.map_err(|e| Error::io(dir, e))?;
        let name = e.file_name().to_string_lossy().to_string();
        let rel = format!("{prefix}{name}");
        if e.path().is_dir() {
            walk(&e.path(), &format!("{rel}/"), out)?;
        } else {
            out.push(rel);
        }
    }
    Ok(())
}
