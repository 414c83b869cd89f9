//! Finding article files: the first stage of the pipeline.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use walkdir::WalkDir;

use crate::article::{Format, Skip};
use crate::error::{Error, Result};

/// A file found by the crawl.
#[derive(Debug, Clone)]
pub struct FileEntry {
    /// Its path, under one of the crawled roots.
    pub path: PathBuf,
    /// The format its extension names.
    pub format: Format,
    /// Its modification time and size, when the crawl looked (see [`crawl`]).
    pub stamp: Option<Stamp>,
}

/// What tells one version of a file from another without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// Modification time, nanoseconds since the epoch (0 where unknown).
    pub mtime: u64,
    /// Size in bytes.
    pub size: u64,
}

impl Stamp {
    /// The stamp of a file with these metadata.
    pub fn of(meta: &std::fs::Metadata) -> Stamp {
        let mtime = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as u64);
        Stamp {
            mtime,
            size: meta.len(),
        }
    }
}

/// What a crawl saw besides the article files it handed on.
#[derive(Debug, Default)]
pub struct Crawl {
    /// Regular files found, articles or not.
    pub files_seen: u64,
    /// Files that could not be read or are not articles.
    pub skipped: Vec<Skip>,
}

/// The text under which a file is known in the index: its path, or, for a path that is not
/// valid UTF-8, the path decoded lossily then a NUL and the raw bytes in hex. Lossy decoding
/// alone would give `a\xff.txt` and `a\xfe.txt` one key; no path holds a NUL, so the
/// suffix cannot collide with a real path.
pub fn path_key(path: &Path) -> String {
    if let Some(text) = path.to_str() {
        return text.to_string();
    }
    let mut key = path.to_string_lossy().into_owned();
    key.push('\0');
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        for byte in path.as_os_str().as_bytes() {
            key.push_str(&format!("{byte:02x}"));
        }
    }
    key
}

/// The path to show for a key made by [`path_key`].
pub fn shown_path(key: &str) -> &str {
    key.split('\0').next().unwrap_or(key)
}

/// Walks the roots (files or directories) for article files and hands each to `found` as soon
/// as it is found, in a stable order (by name). Hidden files and directories and the index
/// itself are passed over; everything else that is not an article is reported.
///
/// Files are handed on rather than listed so that indexing can start at once and memory does
/// not grow with the number of files (a million paths, listed with their directories' sorted
/// entries, had added 165 MB to the peak of an indexing run).
///
/// With `stamps`, each file's [`Stamp`] is read, to tell which known files changed. An index
/// that knows no file yet has no use for them: every file is read, and its stamp is taken when
/// it is opened, which spares a lookup of every path (a tenth of a first run over small files).
pub fn crawl(
    roots: &[PathBuf],
    skip_dir: Option<&Path>,
    stamps: bool,
    mut found: impl FnMut(FileEntry),
) -> Crawl {
    let mut out = Crawl::default();
    // Overlapping roots (`news news/2017`) reach some files twice; only then are the paths
    // remembered, which for a million files would cost a hundred megabytes.
    let overlap = roots.iter().enumerate().any(|(i, a)| {
        roots
            .iter()
            .enumerate()
            .any(|(j, b)| i != j && b.starts_with(a))
    });
    let mut unique = HashSet::new();
    for root in roots {
        let walker = WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0
                    || !(e.file_name().to_string_lossy().starts_with('.')
                        || skip_dir.is_some_and(|dir| e.path() == dir))
            });
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    let path = e.path().unwrap_or(root).to_path_buf();
                    let reason = if e.loop_ancestor().is_some() {
                        "symbolic link loop".to_string()
                    } else {
                        e.io_error()
                            .map_or_else(|| e.to_string(), |io| format!("cannot read: {io}"))
                    };
                    out.skipped.push(Skip::file(&path, reason));
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let path = entry.into_path();
            if overlap && !unique.insert(path.clone()) {
                continue;
            }
            out.files_seen += 1;
            let Some(format) = Format::of(&path) else {
                let kind = path
                    .extension()
                    .map(|e| format!(".{} files", e.to_string_lossy()))
                    .unwrap_or_else(|| "files without an extension".to_string());
                out.skipped.push(Skip::file(
                    &path,
                    format!("not an article format ({kind} are not read)"),
                ));
                continue;
            };
            let stamp = if stamps {
                match std::fs::metadata(&path) {
                    Ok(meta) => Some(Stamp::of(&meta)),
                    Err(e) => {
                        out.skipped
                            .push(Skip::file(&path, format!("cannot read: {e}")));
                        continue;
                    }
                }
            } else {
                None
            };
            found(FileEntry {
                path,
                format,
                stamp,
            });
        }
    }
    out
}

/// The paths a user named, made absolute and resolved, so that the same files always get the
/// same keys in the index; a path that does not exist is an error that names it.
pub fn canonical_roots(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    paths
        .iter()
        .map(|p| {
            p.canonicalize().map_err(|source| Error::Path {
                path: p.clone(),
                source,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(unix)]
    fn names_alike_once_decoded_keep_apart_keys() {
        use std::os::unix::ffi::OsStrExt;
        let ff = Path::new(std::ffi::OsStr::from_bytes(b"/in/a\xff.txt"));
        let fe = Path::new(std::ffi::OsStr::from_bytes(b"/in/a\xfe.txt"));
        assert_ne!(path_key(ff), path_key(fe));
        assert_eq!(shown_path(&path_key(ff)), "/in/a\u{fffd}.txt");
        assert_eq!(path_key(Path::new("/in/b.txt")), "/in/b.txt");
        assert_eq!(shown_path("/in/b.txt"), "/in/b.txt");
    }
}
