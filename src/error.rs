//! The library's error type. The binary wraps these with `anyhow` context at its edge.

use std::path::PathBuf;

/// Everything that can stop a newsearch operation as a whole.
///
/// Problems with single files or lines are not errors: they become [`crate::article::Skip`]s
/// in the indexing summary, so that one broken file never stops a run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// There is no index at the location (or it holds no committed index yet).
    #[error("no index at {}: build one with `newsearch index{} [PATH...]`", .path.display(), index_flag_hint(.path))]
    NoIndex {
        /// The index directory that was looked at.
        path: PathBuf,
    },
    /// The index was written by a version of newsearch with another schema.
    #[error("the index at {} was written by an incompatible version of newsearch: rebuild it with `newsearch index --rebuild`", .path.display())]
    IncompatibleIndex {
        /// The index directory.
        path: PathBuf,
    },
    /// Another indexing run holds the index's writer lock.
    #[error("another `newsearch index` run is writing to {}: wait for it to finish and try again", .path.display())]
    IndexLocked {
        /// The index directory.
        path: PathBuf,
    },
    /// A user-supplied argument was refused.
    #[error("{0}")]
    InvalidArgument(String),
    /// The query could not be turned into a search.
    #[error("cannot search for {query:?}: {reason}")]
    Query {
        /// The query as typed.
        query: String,
        /// Why it was refused.
        reason: String,
    },
    /// A path given on the command line does not exist or cannot be read.
    #[error("cannot read {}", .path.display())]
    Path {
        /// The path that failed.
        path: PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },
    /// An I/O error outside single articles (the index directory, output).
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// An error raised by the search library underneath.
    #[error("index error")]
    Tantivy(#[from] tantivy::TantivyError),
}

fn index_flag_hint(path: &std::path::Path) -> String {
    if path == std::path::Path::new(crate::DEFAULT_INDEX_DIR) {
        String::new()
    } else {
        format!(" --index {}", path.display())
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
