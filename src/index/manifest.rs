//! What the index already holds, file by file: the basis of incremental updates.
//!
//! The manifest lives in the index itself (each article carries its file's size and
//! modification time), so it can never disagree with what was committed, even after a crash.

use std::collections::HashMap;

use tantivy::schema::{IndexRecordOption, TantivyDocument, Value};
use tantivy::{DocSet, Searcher, Term, TERMINATED};

use super::Fields;
use crate::crawl::Stamp;
use crate::error::Result;

/// How a source file looked when it was indexed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileState {
    /// Its modification time and size.
    pub stamp: Stamp,
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
    /// Reads the manifest from the index: each file's articles are the documents under its
    /// path term, and its size and modification time are fast fields of those documents.
    ///
    /// Paths are read from the term dictionary, not from a fast column: a string column with
    /// one distinct value per article cost 740 MB of memory when tantivy merged the segments
    /// of a million one-article files.
    pub fn load(searcher: &Searcher, fields: &Fields) -> Result<Manifest> {
        let mut files: HashMap<String, FileState> = HashMap::new();
        for segment in searcher.segment_readers() {
            let fast = segment.fast_fields();
            let mtimes = fast.u64(fields.schema.get_field_name(fields.file_mtime))?;
            let sizes = fast.u64(fields.schema.get_field_name(fields.file_size))?;
            let inverted = segment.inverted_index(fields.path)?;
            let alive = segment.alive_bitset();
            let mut terms = inverted.terms().stream()?;
            while terms.advance() {
                let mut postings = inverted
                    .read_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)?;
                let (mut first, mut articles) = (None, 0u64);
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    if alive.is_none_or(|alive| alive.is_alive(doc)) {
                        first.get_or_insert(doc);
                        articles += 1;
                    }
                    doc = postings.advance();
                }
                let Some(first) = first else {
                    continue;
                };
                let path = String::from_utf8_lossy(terms.key()).into_owned();
                let state = files.entry(path).or_insert(FileState {
                    stamp: Stamp {
                        mtime: mtimes.first(first).unwrap_or(0),
                        size: sizes.first(first).unwrap_or(0),
                    },
                    articles: 0,
                });
                state.articles += articles;
            }
        }
        Ok(Manifest { files })
    }

    /// Content hashes of the articles of the file under `path`, by article id, to tell which
    /// articles of a changed file really changed.
    pub fn hashes_of(
        searcher: &Searcher,
        fields: &Fields,
        path: &str,
    ) -> Result<HashMap<String, u64>> {
        let mut out = HashMap::new();
        let term = Term::from_field_text(fields.path, path);
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(fields.path)?;
            let Some(mut postings) = inverted.read_postings(&term, IndexRecordOption::Basic)?
            else {
                continue;
            };
            let hashes = segment
                .fast_fields()
                .u64(fields.schema.get_field_name(fields.content_hash))?;
            let store = segment.get_store_reader(1)?;
            let alive = segment.alive_bitset();
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if alive.is_none_or(|alive| alive.is_alive(doc)) {
                    let stored: TantivyDocument = store.get(doc)?;
                    let id = stored
                        .get_first(fields.id)
                        .and_then(|v| v.as_str())
                        .unwrap_or_default()
                        .to_string();
                    out.insert(id, hashes.first(doc).unwrap_or(0));
                }
                doc = postings.advance();
            }
        }
        Ok(out)
    }
}
