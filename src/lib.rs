//! newsearch: full-text search for news archives on disk.
//!
//! The data flows one way, and the modules follow it:
//!
//! ```text
//! files --crawl--> FileEntry --article--> Article --entities--> Article+entities --index--> tantivy
//! query + flags --cli--> SearchRequest --search--> Query --> top docs --snippet--> Hit --render--> output
//! ```

pub mod article;
pub mod cli;
pub mod commands;
pub mod crawl;
pub mod date;
pub mod entities;
pub mod error;
pub mod eval;
pub mod index;
pub mod render;
pub mod search;

use std::path::PathBuf;

pub use error::{Error, Result};

/// Where the index lives unless `--index` or `NEWSEARCH_INDEX` says otherwise.
pub const DEFAULT_INDEX_DIR: &str = "index";

/// The bundled sample corpus: `corpus/` in the working directory when there is one, otherwise
/// the one in the source tree newsearch was built from.
pub fn default_corpus_dir() -> PathBuf {
    let local = PathBuf::from("corpus");
    if local.is_dir() {
        return local;
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus")
}
