//! Building and opening the index: the schema, the crawl-parse-write pipeline, and the
//! manifest of indexed files that makes re-runs incremental.

pub mod analyzer;
mod manifest;
mod merge_policy;
mod pipeline;
pub mod schema;
mod stats;

use std::path::Path;

use tantivy::directory::error::LockError;
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyError};

pub use pipeline::{run, IndexRequest, IndexSummary, Progress};
pub use schema::Fields;
pub use stats::{stats, IndexStats};

use crate::error::{Error, Result};

/// An opened index with the typed handles to its fields.
pub struct NewsIndex {
    /// The tantivy index.
    pub index: Index,
    /// Handles to its fields.
    pub fields: Fields,
}

impl NewsIndex {
    /// Opens the index at `dir` for searching.
    ///
    /// Fails with [`Error::NoIndex`] where nothing was committed yet, and with
    /// [`Error::IncompatibleIndex`] where another schema wrote it.
    pub fn open(dir: &Path) -> Result<NewsIndex> {
        if !exists(dir) {
            return Err(Error::NoIndex {
                path: dir.to_path_buf(),
            });
        }
        let index = Index::open_in_dir(dir).map_err(|e| match e {
            TantivyError::SchemaError(_) | TantivyError::DataCorruption(_) => {
                Error::IncompatibleIndex {
                    path: dir.to_path_buf(),
                }
            }
            other => Error::Tantivy(other),
        })?;
        let fields = Fields::new();
        if index.schema() != fields.schema {
            return Err(Error::IncompatibleIndex {
                path: dir.to_path_buf(),
            });
        }
        analyzer::register_analyzers(&index);
        Ok(NewsIndex { index, fields })
    }

    /// A reader that sees the last commit. It starts no background thread, so that a one-off
    /// search from the command line pays nothing for watching the index.
    pub fn reader(&self) -> Result<IndexReader> {
        Ok(self
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?)
    }
}

/// True when `dir` holds a committed index.
pub fn exists(dir: &Path) -> bool {
    dir.join("meta.json").is_file()
}

/// Maps the writer-lock error to the message users need.
fn lock_error(dir: &Path, e: TantivyError) -> Error {
    match e {
        TantivyError::LockFailure(LockError::LockBusy, _) => Error::IndexLocked {
            path: dir.to_path_buf(),
        },
        other => Error::Tantivy(other),
    }
}
