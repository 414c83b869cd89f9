//! Counting the matches of a query, exactly up to a cap.
//!
//! An exact count visits every match, which costs more than finding the best ten when a
//! query matches a large share of the archive, and it rules out the pruning that lets the
//! ranking skip most matches. Like Lucene and Elasticsearch, a search counts exactly up to
//! [`EXACT_UP_TO`] and past that reports a lower bound; `--limit 0` asks for the count alone
//! and gets it exact.

use tantivy::query::{EnableScoring, Query};
use tantivy::{DocSet, Searcher, TERMINATED};

use crate::error::Result;

/// Counts below this are exact.
pub const EXACT_UP_TO: usize = 10_000;

/// The number of documents matching a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HitCount {
    /// The count, or a lower bound of it.
    pub value: usize,
    /// False when `value` is a lower bound: the counting stopped there.
    pub exact: bool,
}

/// Counts the documents matching `query`; past `cap`, stops and says the count is `cap` or more.
pub fn count_up_to(searcher: &Searcher, query: &dyn Query, cap: usize) -> Result<HitCount> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let mut value = 0;
    for reader in searcher.segment_readers() {
        let mut docs = weight.scorer(reader, 1.0)?;
        let alive = reader.alive_bitset();
        let mut doc = docs.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|alive| alive.is_alive(doc)) {
                if value == cap {
                    return Ok(HitCount {
                        value,
                        exact: false,
                    });
                }
                value += 1;
            }
            doc = docs.advance();
        }
    }
    Ok(HitCount { value, exact: true })
}

#[cfg(test)]
mod tests {
    use tantivy::query::AllQuery;

    use super::*;

    #[test]
    fn counts_exactly_below_the_cap_and_stops_at_it() {
        let articles = (0..25).map(|i| {
            serde_json::json!({"id": format!("a{i}"), "title": format!("t{i}"), "body": format!("word {i}")})
        });
        let (_dir, news) = crate::search::index_of(articles);
        let searcher = news.reader().unwrap().searcher();
        let exact = HitCount {
            value: 25,
            exact: true,
        };
        assert_eq!(count_up_to(&searcher, &AllQuery, 100).unwrap(), exact);
        assert_eq!(count_up_to(&searcher, &AllQuery, 25).unwrap(), exact);
        let bound = HitCount {
            value: 24,
            exact: false,
        };
        assert_eq!(count_up_to(&searcher, &AllQuery, 24).unwrap(), bound);
    }
}
