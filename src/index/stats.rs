//! `newsearch stats`: what an index holds.

use std::path::Path;

use serde::Serialize;
use tantivy::query::AllQuery;

use super::NewsIndex;
use crate::error::Result;
use crate::search::facets::{count_entities, EntityCount};

/// A summary of an index.
#[derive(Debug, Clone, Serialize)]
pub struct IndexStats {
    /// Articles in the index.
    pub articles: u64,
    /// Articles with a date.
    pub dated: u64,
    /// Articles without a date.
    pub undated: u64,
    /// Earliest date (RFC 3339).
    pub date_min: Option<String>,
    /// Latest date (RFC 3339).
    pub date_max: Option<String>,
    /// Size of the index directory in bytes.
    pub index_bytes: u64,
    /// The most frequent entities.
    pub top_entities: Vec<EntityCount>,
}

/// Computes the statistics of the index at `dir`.
pub fn stats(dir: &Path, top: usize) -> Result<IndexStats> {
    let news = NewsIndex::open(dir)?;
    let searcher = news.reader()?.searcher();
    let date_name = news.fields.schema.get_field_name(news.fields.date);

    let (mut dated, mut min, mut max) = (0u64, i64::MAX, i64::MIN);
    for segment in searcher.segment_readers() {
        let dates = segment.fast_fields().date(date_name)?;
        for doc in segment.doc_ids_alive() {
            if let Some(date) = dates.first(doc) {
                dated += 1;
                let secs = date.into_timestamp_secs();
                min = min.min(secs);
                max = max.max(secs);
            }
        }
    }
    let articles = searcher.num_docs();
    let rfc3339 = |secs: i64| {
        chrono::DateTime::from_timestamp(secs, 0)
            .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
    };
    let top_entities = count_entities(&news, &searcher, &AllQuery, top)?;
    Ok(IndexStats {
        articles,
        dated,
        undated: articles - dated,
        date_min: (dated > 0).then(|| rfc3339(min)).flatten(),
        date_max: (dated > 0).then(|| rfc3339(max)).flatten(),
        index_bytes: dir_size(dir),
        top_entities,
    })
}

fn dir_size(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}
