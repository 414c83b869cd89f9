//! The best page of a short query without scoring every match.
//!
//! For a query of a few words, articles holding every word rank above all others
//! ([`ALL_WORDS_BONUS`](super::query::ALL_WORDS_BONUS)), and among them the order is BM25 plus
//! a reward for words standing close together. Reading word positions for every such article
//! is what made multi-word queries slow. Here candidates come in BM25 order, and only those
//! whose BM25 plus the largest reward proximity can give might still reach the page have their
//! positions read. The page is the one scoring every match would give, found at a fraction of
//! the cost (the idea of Lucene's rescoring window, with a bound that makes it exact).

use std::collections::BTreeMap;

use tantivy::query::{EnableScoring, Query, Weight};
use tantivy::{DocAddress, DocSet, Score, Searcher, TERMINATED};

use super::query::Proximity;
use crate::error::Result;

/// Candidates taken in the first round, per hit wanted; each further round takes four times
/// as many. Four covers the usual case in one round.
const FIRST_WINDOW_PER_HIT: usize = 4;
/// At least this many candidates in the first round.
const MIN_WINDOW: usize = 256;
/// Beyond this many candidates, rescoring costs about what scoring every match does.
const MAX_WINDOW: usize = 16_384;

/// The best `wanted` articles matching `all_words`, scored by `all_words` plus the proximity
/// rewards, best first. `None` when fewer than `wanted` articles hold every word, or when the
/// bound cannot settle the page within [`MAX_WINDOW`] candidates: then the caller scores every
/// match instead.
pub(super) fn best_of_all_words(
    searcher: &Searcher,
    all_words: &dyn Query,
    proximity: &[Proximity],
    wanted: usize,
) -> Result<Option<Vec<(Score, DocAddress)>>> {
    if wanted == 0 {
        return Ok(Some(Vec::new()));
    }
    let mut bound: Score = 0.0;
    let mut weights = Vec::with_capacity(proximity.len());
    for pair in proximity {
        bound += pair.max_score(searcher)?;
        weights.push(
            pair.query()
                .weight(EnableScoring::enabled_from_searcher(searcher))?,
        );
    }
    // Every match is scored once; the rounds then take ever larger windows of the best.
    let mut matches = scored_matches(searcher, all_words)?;
    if matches.len() < wanted {
        return Ok(None);
    }
    let mut window = if weights.is_empty() {
        wanted
    } else {
        (wanted * FIRST_WINDOW_PER_HIT).max(MIN_WINDOW)
    };
    let mut taken = 0;
    let mut scored = Vec::new();
    loop {
        let seen_all = window >= matches.len();
        let end = window.min(matches.len());
        let candidates = &mut matches[taken..];
        if end - taken < candidates.len() {
            candidates.select_nth_unstable_by(end - taken - 1, best_first);
        }
        // Every article not among the candidates scores at most this before its reward.
        let floor = candidates[..end - taken]
            .iter()
            .map(|(score, _)| *score)
            .fold(Score::INFINITY, Score::min);
        scored.extend(add_rewards(searcher, &weights, &matches[taken..end])?);
        taken = end;
        scored.sort_by(best_first);
        let last_on_page = scored[wanted - 1].0;
        if seen_all || last_on_page >= floor + bound {
            scored.truncate(wanted);
            return Ok(Some(scored));
        }
        if window >= MAX_WINDOW {
            return Ok(None);
        }
        window *= FIRST_WINDOW_PER_HIT;
    }
}

/// Higher score first, then earlier address: the order of tantivy's `TopDocs`.
fn best_first(a: &(Score, DocAddress), b: &(Score, DocAddress)) -> std::cmp::Ordering {
    b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
}

/// Every live document `query` matches, with its score.
fn scored_matches(searcher: &Searcher, query: &dyn Query) -> Result<Vec<(Score, DocAddress)>> {
    let weight = query.weight(EnableScoring::enabled_from_searcher(searcher))?;
    let mut matches = Vec::new();
    for (segment_ord, reader) in searcher.segment_readers().iter().enumerate() {
        let mut scorer = weight.scorer(reader, 1.0)?;
        matches.reserve(scorer.size_hint() as usize);
        let alive = reader.alive_bitset();
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|alive| alive.is_alive(doc)) {
                matches.push((scorer.score(), DocAddress::new(segment_ord as u32, doc)));
            }
            doc = scorer.advance();
        }
    }
    Ok(matches)
}

/// Adds to each candidate's score what the proximity `weights` give it.
fn add_rewards(
    searcher: &Searcher,
    weights: &[Box<dyn Weight>],
    candidates: &[(Score, DocAddress)],
) -> Result<Vec<(Score, DocAddress)>> {
    if weights.is_empty() {
        return Ok(candidates.to_vec());
    }
    // Scorers only move forward: visit each segment's candidates in document order.
    let mut by_segment: BTreeMap<u32, Vec<(u32, Score)>> = BTreeMap::new();
    for &(score, address) in candidates {
        by_segment
            .entry(address.segment_ord)
            .or_default()
            .push((address.doc_id, score));
    }
    let mut scored = Vec::new();
    for (segment_ord, mut docs) in by_segment {
        docs.sort_unstable_by_key(|(doc, _)| *doc);
        let reader = searcher.segment_reader(segment_ord);
        for weight in weights {
            let mut scorer = weight.scorer(reader, 1.0)?;
            // A phrase scorer's `seek` walks on to the next article with the phrase, reading
            // positions all the way: ask about each candidate alone.
            let mut next_possible = scorer.doc();
            for (doc, score) in &mut docs {
                if super::matches_exactly(scorer.as_mut(), *doc, &mut next_possible) {
                    *score += scorer.score();
                }
            }
        }
        scored.extend(
            docs.into_iter()
                .map(|(doc, score)| (score, DocAddress::new(segment_ord, doc))),
        );
    }
    Ok(scored)
}

#[cfg(test)]
mod tests {
    use tantivy::collector::TopDocs;

    use super::*;
    use crate::index::NewsIndex;
    use crate::search::query::{self, Reading};
    use crate::search::{SearchRequest, SortOrder};

    /// An archive where most articles hold most query words, so the page must be found among
    /// thousands of articles holding them all.
    fn archive() -> (tempfile::TempDir, NewsIndex) {
        let words = [
            "oil", "price", "rise", "bank", "rate", "trade", "deficit", "japan", "export", "grain",
            "crude", "market", "cut", "supply", "money", "federal", "reserve", "quota",
        ];
        let mut seed: u64 = 7;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        let articles: Vec<serde_json::Value> = (0..3000)
            .map(|i| {
                let len = 5 + next(60);
                let body: Vec<&str> = (0..len).map(|_| words[next(words.len())]).collect();
                let title: Vec<&str> = (0..3).map(|_| words[next(words.len())]).collect();
                serde_json::json!({
                    "id": format!("a{i}"), "title": title.join(" "), "body": body.join(" "),
                })
            })
            .collect();
        crate::search::index_of(articles)
    }

    #[test]
    fn the_fast_page_is_the_page_scoring_every_match_gives() {
        let (_dir, news) = archive();
        let searcher = news.reader().unwrap().searcher();
        for text in [
            "oil price",
            "crude oil price",
            "trade deficit japan",
            "money supply cut rate",
            // Function words are not indexed; punctuation is not a word.
            "the price of oil",
            "Oil, crude: prices!",
        ] {
            for (limit, offset) in [(10, 0), (10, 290), (50, 1000)] {
                let request = SearchRequest {
                    query: text.to_string(),
                    limit,
                    offset,
                    sort: SortOrder::Relevance,
                    ..SearchRequest::default()
                };
                let built = query::build(&news, &request, Reading::Grammar).unwrap();
                // Every query but the last (`crude:` reads as a field) is a few plain words.
                let Some(all_words) = built.all_words.as_ref() else {
                    assert!(text.contains(':'), "{text:?} has no all-words query");
                    continue;
                };
                let wanted = limit + offset;
                let fast =
                    best_of_all_words(&searcher, all_words.as_ref(), &built.proximity, wanted)
                        .unwrap()
                        .expect("thousands of articles hold every word");
                let full = searcher
                    .search(&built.ranked, &TopDocs::with_limit(wanted).order_by_score())
                    .unwrap();
                assert_eq!(fast.len(), full.len(), "{text:?}");
                for (rank, ((fast_score, _), (full_score, _))) in fast.iter().zip(&full).enumerate()
                {
                    let full_score = full_score - query::ALL_WORDS_BONUS;
                    assert!(
                        (fast_score - full_score).abs() < 1e-3,
                        "{text:?} rank {rank}: {fast_score} vs {full_score}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_unscored_query_matches_what_the_ranked_one_does() {
        use tantivy::collector::DocSetCollector;
        let (_dir, news) = archive();
        let searcher = news.reader().unwrap().searcher();
        for text in [
            "oil",
            "crude oil price",
            "japan -oil",
            "\"trade deficit\" japan",
            "quota OR x",
        ] {
            let request = SearchRequest {
                query: text.to_string(),
                ..SearchRequest::default()
            };
            let built = query::build(&news, &request, Reading::Grammar).unwrap();
            let matching = searcher.search(&built.matching, &DocSetCollector).unwrap();
            let ranked = searcher.search(&built.ranked, &DocSetCollector).unwrap();
            assert!(!matching.is_empty(), "{text:?}");
            assert_eq!(matching, ranked, "{text:?}");
        }
    }
}
