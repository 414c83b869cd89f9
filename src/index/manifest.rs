//! What the index already holds, file by file: the basis of incremental updates.
//!
//! The manifest lives in the index itself (each article carries its file's size and
//! modification time), so it can never disagree with what was committed, even after a crash.

use std::collections::{HashMap, HashSet};

use tantivy::Searcher;

use super::Fields;
use crate::error::Result;

/// How a source file looked when it was indexed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileState {
    /// Modification time, nanoseconds since the epoch.
    pub mtime: u64,
    /// Size in bytes.
    pub size: u64,
    /// How many articles the index holds from the file.
    pub articles: u64,
}

/// The indexed files, by their key in the index ([`crate::crawl::path_key`], which is also how
/// lookups must spell it).
#[derive(Debug, Default)]
pub struct Manifest {
    /// One entry per indexed file.
    pub files: HashMap<String, FileState>,
}

impl Manifest {
    /// Reads the manifest from the fast fields of every live article.
    pub fn load(searcher: &Searcher, fields: &Fields) -> Result<Manifest> {
        let mut files: HashMap<String, FileState> = HashMap::new();
        let path_name = fields.schema.get_field_name(fields.path);
        for segment in searcher.segment_readers() {
            let fast = segment.fast_fields();
            let Some(paths) = fast.str(path_name)? else {
                continue;
            };
            let mtimes = fast.u64(fields.schema.get_field_name(fields.file_mtime))?;
            let sizes = fast.u64(fields.schema.get_field_name(fields.file_size))?;
            let mut path = String::new();
            for doc in segment.doc_ids_alive() {
                let Some(ord) = paths.term_ords(doc).next() else {
                    continue;
                };
                path.clear();
                paths.ord_to_str(ord, &mut path)?;
                let state = files.entry(path.clone()).or_insert(FileState {
                    mtime: mtimes.first(doc).unwrap_or(0),
                    size: sizes.first(doc).unwrap_or(0),
                    articles: 0,
                });
                state.articles += 1;
            }
        }
        Ok(Manifest { files })
    }

    /// Content hashes of the articles of the given files, by (path, id), to tell which
    /// articles of a changed file really changed.
    pub fn hashes_of(
        searcher: &Searcher,
        fields: &Fields,
        wanted: &HashSet<String>,
    ) -> Result<HashMap<(String, String), u64>> {
        let mut out = HashMap::new();
        if wanted.is_empty() {
            return Ok(out);
        }
        let name = |f| fields.schema.get_field_name(f);
        for segment in searcher.segment_readers() {
            let fast = segment.fast_fields();
            let (Some(paths), Some(ids)) =
                (fast.str(name(fields.path))?, fast.str(name(fields.id))?)
            else {
                continue;
            };
            let hashes = fast.u64(name(fields.content_hash))?;
            let (mut path, mut id) = (String::new(), String::new());
            for doc in segment.doc_ids_alive() {
                let (Some(path_ord), Some(id_ord)) =
                    (paths.term_ords(doc).next(), ids.term_ords(doc).next())
                else {
                    continue;
                };
                path.clear();
                paths.ord_to_str(path_ord, &mut path)?;
                if !wanted.contains(&path) {
                    continue;
                }
                id.clear();
                ids.ord_to_str(id_ord, &mut id)?;
                out.insert((path.clone(), id.clone()), hashes.first(doc).unwrap_or(0));
            }
        }
        Ok(out)
    }
}
