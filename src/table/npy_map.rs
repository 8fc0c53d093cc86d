//! A float64 `.npy` matrix memory-mapped instead of read (issue 15: GLORIA-size tables
//! in little memory). The values stay in the file; the kernel pages them in as they are
//! read, and [`MappedMat::release`] hands pages back once a pass has used them, so a
//! pass over a 3.1 GB Z keeps only the block being read resident.
//!
//! Only files whose values are aligned to 8 bytes (every file numpy writes: the header
//! is padded to a multiple of 16 or 64 bytes) are mapped; [`map_npy`] says `None` for
//! others and the caller reads them instead.

use super::npy::{finish, read_head, read_parts};
use super::{IoTable, OutputSource};
use crate::error::{Error, Result};
use faer::MatRef;
use memmap2::{Mmap, UncheckedAdvice};
use std::path::{Path, PathBuf};

/// A mapped float64 matrix: rows x cols, in the file's order.
#[derive(Debug)]
pub struct MappedMat {
    map: Mmap,
    path: PathBuf,
    offset: usize,
    rows: usize,
    cols: usize,
    fortran: bool,
    block: usize,
}

/// Map the `.npy` file at `path` after the same checks as [`super::npy::read_npy`]
/// (magic, version, dtype `<f8`, shape against the file length). `Ok(None)` when the
/// values are not 8-byte aligned in the file.
pub fn map_npy(path: &Path) -> Result<Option<MappedMat>> {
    crate::fsio::check_regular_file(path)?;
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    // SAFETY: the map is read-only and private. A process that truncated or rewrote
    // the file while mrio runs could change the values or fault the reads (the same
    // exposure as any program that maps its inputs); mrio never writes a file it reads
    // (tests/bad_inputs checks that outputs cannot be inputs).
    let map = unsafe { Mmap::map(&file) }.map_err(|e| Error::io(path, e))?;
    let head = read_head(path, &mut &map[..], map.len() as u64)?;
    if (map.as_ptr() as usize + head.offset) % std::mem::align_of::<f64>() != 0
        || cfg!(target_endian = "big")
    {
        return Ok(None);
    }
    Ok(Some(MappedMat {
        map,
        path: path.to_path_buf(),
        offset: head.offset,
        rows: head.rows,
        cols: head.cols,
        fortran: head.fortran,
        block: BLOCK_BYTES,
    }))
}

impl MappedMat {
    /// Rows.
    pub fn nrows(&self) -> usize {
        self.rows
    }

    /// Columns.
    pub fn ncols(&self) -> usize {
        self.cols
    }

    /// The file it maps.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True when columns are contiguous in the file (Fortran order); else rows are.
    pub fn column_major(&self) -> bool {
        self.fortran
    }

    fn values(&self) -> &[f64] {
        let bytes = &self.map[self.offset..];
        let n = self.rows * self.cols;
        // SAFETY: `map_npy` checked that the values start 8-byte aligned and that the
        // file holds exactly rows * cols float64 values after the header; every bit
        // pattern is a valid f64; the file is little-endian and so is the target.
        unsafe { std::slice::from_raw_parts(bytes.as_ptr().cast::<f64>(), n) }
    }

    /// The matrix as a faer view (no copy).
    pub fn view(&self) -> MatRef<'_, f64> {
        let v = self.values();
        if self.fortran {
            MatRef::from_column_major_slice(v, self.rows, self.cols)
        } else {
            MatRef::from_row_major_slice(v, self.rows, self.cols)
        }
    }

    /// Set the size of a block in streamed passes (default [`BLOCK_BYTES`]); results do
    /// not depend on it (the tests run with blocks of one line to exercise every seam).
    pub fn set_block_bytes(&mut self, bytes: usize) {
        self.block = bytes;
    }

    /// Lines (columns when column-major, else rows) per block of streamed passes, at
    /// least one.
    pub fn lines_per_block(&self) -> usize {
        let line = 8 * if self.fortran { self.rows } else { self.cols };
        (self.block / line.max(1)).max(1)
    }

    /// Hand the pages of lines `start..start + count` (columns when column-major, else
    /// rows) back to the kernel: the next read of them comes from the page cache or the
    /// file. Values do not change; only residency does.
    pub fn release(&self, start: usize, count: usize) {
        let line = 8 * if self.fortran { self.rows } else { self.cols };
        let from = self.offset + start * line;
        let len = (count * line).min(self.map.len().saturating_sub(from));
        if len == 0 {
            return;
        }
        // SAFETY: the map is read-only and private, so MADV_DONTNEED only drops clean
        // pages that are read again from the file on the next access; no value is
        // lost or changed. A failure only means the pages stay resident.
        let _ = unsafe {
            self.map
                .unchecked_advise_range(UncheckedAdvice::DontNeed, from, len)
        };
    }

    /// Check every value is finite, block by block (pages released after each block);
    /// the error names the cell with `rows`/`cols` labels.
    pub fn check_finite(
        &self,
        rows: &dyn Fn(usize) -> String,
        cols: &dyn Fn(usize) -> String,
    ) -> Result<()> {
        let m = self.view();
        let step = self.lines_per_block();
        let lines = if self.fortran { self.cols } else { self.rows };
        let mut s = 0;
        while s < lines {
            let w = step.min(lines - s);
            let block = if self.fortran {
                m.subcols(s, w)
            } else {
                m.subrows(s, w)
            };
            let (r0, c0) = if self.fortran { (0, s) } else { (s, 0) };
            for j in 0..block.ncols() {
                for i in 0..block.nrows() {
                    let v = block[(i, j)];
                    if !v.is_finite() {
                        return Err(Error::label(
                            &self.path,
                            format!(
                                "cell ({}, {}) (row `{}`, column `{}`) is {v}: expected a \
                                 finite number (NaN and infinity are not allowed)",
                                r0 + i + 1,
                                c0 + j + 1,
                                rows(r0 + i),
                                cols(c0 + j)
                            ),
                        ));
                    }
                }
            }
            self.release(s, w);
            s += w;
        }
        Ok(())
    }

    /// Row sums, block by block (pages released after each block).
    pub fn row_sums(&self) -> Vec<f64> {
        let m = self.view();
        let mut out = vec![0.0; self.rows];
        let step = self.lines_per_block();
        let lines = if self.fortran { self.cols } else { self.rows };
        let mut s = 0;
        while s < lines {
            let w = step.min(lines - s);
            if self.fortran {
                for j in s..s + w {
                    let c = m.col(j);
                    for (i, o) in out.iter_mut().enumerate() {
                        *o += c[i];
                    }
                }
            } else {
                for (i, o) in out.iter_mut().enumerate().skip(s).take(w) {
                    *o = m.row(i).iter().sum();
                }
            }
            self.release(s, w);
            s += w;
        }
        out
    }
}

/// Bytes of a block in streamed passes (64 MiB: large enough for fast kernels, small
/// beside a GLORIA-size Z of 3.1 GB).
pub const BLOCK_BYTES: usize = 64 << 20;

/// Read a binary table folder with Z memory-mapped (for [`crate::calc::compute_mapped`]):
/// the table's own `z` is empty and the map is returned beside it. The same checks as
/// [`super::npy::read_npy_table`] (shape, finite values), made block by block over the
/// map; x, when the folder has no `x.npy`, is `Z 1 + Y 1` as there. `Ok((table, None))`
/// when Z cannot be mapped (values not 8-byte aligned): then Z was read into the table.
pub fn read_npy_table_mapped(dir: &Path) -> Result<(IoTable, Option<MappedMat>)> {
    let p = dir.join("Z.npy");
    let Some(z) = map_npy(&p)? else {
        return Ok((super::npy::read_npy_table(dir)?, None));
    };
    let parts = read_parts(dir)?;
    let n = parts.index.len();
    if z.nrows() != n || z.ncols() != n {
        return Err(Error::label(
            &p,
            format!(
                "array is {} x {}, expected {n} x {n} (ids of index.csv)",
                z.nrows(),
                z.ncols()
            ),
        ));
    }
    let ids = parts.index.ids().to_vec();
    let id = |i: usize| ids[i].clone();
    z.check_finite(&id, &id)?;
    let (x, source) = match parts.x {
        Some(x) => (x, OutputSource::File),
        None => (
            super::io_table::totals_from_z_sums(&z.row_sums(), &parts.y),
            OutputSource::RowTotals,
        ),
    };
    let mut table = IoTable::without_z(
        parts.index,
        parts.y,
        parts.y_labels,
        parts.va,
        parts.va_labels,
        x,
        source,
    )?;
    finish(dir, &mut table, parts.meta, parts.satellites)?;
    Ok((table, Some(z)))
}
