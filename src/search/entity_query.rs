//! `entity:`, `--entity`, `--person`, `--org`, `--place`: articles with an entity (of any type,
//! or of one) whose name holds some words.
//!
//! Entity names have no index of their own. A name is made of words of the article's title or
//! body, so the articles that hold all of a name's words there are a superset of the answer,
//! found in the index the text already has: indexing the names again cost 6 % of an indexing
//! run, for filters that run rarely. The `TYPE:Name` tags are a fast column (for facets and
//! display). The tags that match are found once per segment in the column's sorted dictionary
//! (in the type's range when there is a type), and each candidate's tags are looked up among
//! them.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tantivy::columnar::StrColumn;
use tantivy::index::SegmentId;
use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::Field;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocId, DocSet, Score, SeekDangerResult, SegmentReader, Term, TERMINATED};

use crate::entities::EntityKind;
use crate::index::{analyzer, schema};

/// Articles among `candidates` with an entity (of type `kind`, if given) whose name holds the
/// given words, in order and whole, ignoring case and accents: `--person lavrov` finds
/// `PERSON:Sergei Lavrov`, `--entity zurich` finds `PLACE:Zürich`, `--entity bank` does not find
/// `ORG:Banks Group`.
#[derive(Debug)]
pub(super) struct EntityQuery {
    /// A superset of the answer: the articles that hold the name's words.
    candidates: Box<dyn Query>,
    tags: Field,
    kind: Option<EntityKind>,
    /// The words of the name, as [`name_words`] reads them.
    words: Vec<String>,
    found: FoundTags,
}

/// The ordinals of the matching tags in each segment, found once and shared by every clone of
/// the query: a search runs its filters inside several queries (the page, the count, the
/// facets), and testing every tag took two thirds of such a search.
type FoundTags = Arc<Mutex<HashMap<SegmentId, Arc<Vec<u64>>>>>;

/// The words of an entity name as filters compare them: split at anything but letters and
/// digits, lower-cased and accent-folded, none dropped and none stemmed.
pub(super) fn name_words(words: &mut TextAnalyzer, name: &str) -> Vec<String> {
    let mut out = Vec::new();
    words
        .token_stream(name)
        .process(&mut |token| out.push(token.text.clone()));
    out
}

impl EntityQuery {
    /// `candidates` must match every article whose tags can hold `words`, and `words` must not
    /// be empty.
    pub fn new(
        candidates: Box<dyn Query>,
        tags: Field,
        kind: Option<EntityKind>,
        words: Vec<String>,
    ) -> Self {
        EntityQuery {
            candidates,
            tags,
            kind,
            words,
            found: FoundTags::default(),
        }
    }
}

impl Clone for EntityQuery {
    fn clone(&self) -> Self {
        EntityQuery {
            candidates: self.candidates.box_clone(),
            tags: self.tags,
            kind: self.kind,
            words: self.words.clone(),
            found: Arc::clone(&self.found),
        }
    }
}

impl Query for EntityQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let candidates = self.candidates.weight(enable_scoring)?;
        let tags = enable_scoring
            .schema()
            .get_field_name(self.tags)
            .to_string();
        Ok(Box::new(EntityWeight {
            candidates,
            tags,
            prefix: self
                .kind
                .map(|kind| schema::entity_tag("", kind))
                .unwrap_or_default(),
            words: self.words.clone(),
            found: Arc::clone(&self.found),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.candidates.query_terms(visitor);
    }
}

struct EntityWeight {
    candidates: Box<dyn Weight>,
    tags: String,
    /// The start of every tag of the type (empty for any type).
    prefix: String,
    words: Vec<String>,
    found: FoundTags,
}

impl EntityWeight {
    /// The ordinals, in order, of the segment's tags that match.
    fn matching(&self, reader: &SegmentReader, tags: &StrColumn) -> tantivy::Result<Arc<Vec<u64>>> {
        let lock = || self.found.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = lock().get(&reader.segment_id()) {
            return Ok(Arc::clone(found));
        }
        let mut splitter = analyzer::names_analyzer();
        let mut matching = Vec::new();
        let mut stream = tags.dictionary().prefix_range(&self.prefix).into_stream()?;
        while stream.advance() {
            let key = stream.key();
            // The name after the type ([`schema::entity_tag`]), read as bytes: most tags are
            // ruled out before any is checked as UTF-8.
            let Some(colon) = key.iter().position(|&b| b == b':') else {
                continue;
            };
            let name = &key[colon + 1..];
            let holds = match ascii_holds(name, &self.words) {
                Some(holds) => holds,
                None => std::str::from_utf8(name).is_ok_and(|name| {
                    let name = name_words(&mut splitter, name);
                    name.windows(self.words.len()).any(|w| w == self.words)
                }),
            };
            if holds {
                matching.push(stream.term_ord());
            }
        }
        let matching = Arc::new(matching);
        lock().insert(reader.segment_id(), Arc::clone(&matching));
        Ok(matching)
    }
}

/// Whether a name in ASCII holds `words` as [`name_words`] reads it, without splitting it into
/// strings: most names are ASCII, and an untyped filter tests every tag of the index. None for
/// a name that is not ASCII or has a word too long to be indexed, which must be read in full.
fn ascii_holds(name: &[u8], words: &[String]) -> Option<bool> {
    if !name.is_ascii() || (name.len() > analyzer::LONGEST_WORD && has_long_word(name)) {
        return None;
    }
    // Only where a word of the name starts with the first query word's first letter, found
    // a vector at a time: most tags have no such word.
    let first = words.first().and_then(|w| w.bytes().next())?;
    if !first.is_ascii() {
        return Some(false);
    }
    let is_word = |b: &u8| b.is_ascii_alphanumeric();
    // Each query word in turn, from a start of a word of the name, separators skipped.
    let matches_at = |mut i: usize| {
        words.iter().all(|word| {
            while name.get(i).is_some_and(|b| !is_word(b)) {
                i += 1;
            }
            let end = i + word.len();
            let whole = name
                .get(i..end)
                .is_some_and(|w| w.eq_ignore_ascii_case(word.as_bytes()))
                && !name.get(end).is_some_and(is_word);
            i = end;
            whole
        })
    };
    Some(
        memchr::memchr2_iter(first, first.to_ascii_uppercase(), name)
            .any(|i| (i == 0 || !is_word(&name[i - 1])) && matches_at(i)),
    )
}

fn has_long_word(name: &[u8]) -> bool {
    name.split(|b| !b.is_ascii_alphanumeric())
        .any(|w| w.len() > analyzer::LONGEST_WORD)
}

impl Weight for EntityWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let Some(tags) = reader.fast_fields().str(&self.tags)? else {
            return Ok(Box::new(EmptyScorer));
        };
        let matching = self.matching(reader, &tags)?;
        if matching.is_empty() {
            return Ok(Box::new(EmptyScorer));
        }
        let mut scorer = EntityScorer {
            candidates: self.candidates.scorer(reader, boost)?,
            tags,
            matching,
        };
        let first = scorer.candidates.doc();
        scorer.settle(first);
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        super::explain_by_scoring(self, reader, doc, "has the entity", "has no such entity")
    }
}

struct EntityScorer {
    candidates: Box<dyn Scorer>,
    tags: StrColumn,
    /// The ordinals of the matching tags, in order.
    matching: Arc<Vec<u64>>,
}

impl EntityScorer {
    fn accepts(&self, doc: DocId) -> bool {
        self.tags
            .term_ords(doc)
            .any(|ord| self.matching.binary_search(&ord).is_ok())
    }

    /// From `doc`, a candidate, moves to the first one whose tags match.
    fn settle(&mut self, mut doc: DocId) -> DocId {
        while doc != TERMINATED && !self.accepts(doc) {
            doc = self.candidates.advance();
        }
        doc
    }
}

impl DocSet for EntityScorer {
    fn advance(&mut self) -> DocId {
        let doc = self.candidates.advance();
        self.settle(doc)
    }

    fn seek(&mut self, target: DocId) -> DocId {
        let doc = self.candidates.seek(target);
        self.settle(doc)
    }

    /// Checks `target` alone, without moving on to the next accepted article: what a filter
    /// asked about one candidate at a time needs.
    fn seek_danger(&mut self, target: DocId) -> SeekDangerResult {
        match self.candidates.seek_danger(target) {
            SeekDangerResult::Found if self.accepts(target) => SeekDangerResult::Found,
            SeekDangerResult::Found => SeekDangerResult::SeekLowerBound(target + 1),
            missed => missed,
        }
    }

    fn doc(&self) -> DocId {
        self.candidates.doc()
    }

    fn size_hint(&self) -> u32 {
        self.candidates.size_hint()
    }

    fn cost(&self) -> u64 {
        self.candidates.cost()
    }
}

impl Scorer for EntityScorer {
    fn score(&mut self) -> Score {
        self.candidates.score()
    }
}

#[cfg(test)]
mod tests {
    use super::{ascii_holds, name_words};
    use crate::entities::EntityKind;
    use crate::index::analyzer;
    use crate::search::{found_ids as ids, index_of, Engine, SearchRequest};

    /// The filters find their articles through the words of the text, which only works if
    /// every word of every entity is a word of the article: true of every article of the
    /// bundled corpus, under its own name and under each of its words, with and without type.
    #[test]
    fn every_entity_of_the_bundled_corpus_finds_its_article() {
        let dir = tempfile::tempdir().unwrap();
        let ix = dir.path().join("ix");
        crate::eval::build_index(&crate::default_corpus_dir(), &ix).unwrap();
        let engine = Engine::new(crate::index::NewsIndex::open(&ix).unwrap()).unwrap();
        let articles = engine
            .search(&SearchRequest {
                limit: 10_000,
                ..SearchRequest::default()
            })
            .unwrap()
            .hits;
        let entities: usize = articles.iter().map(|a| a.entities.len()).sum();
        assert!(articles.len() > 20 && entities > 200, "{entities} entities");
        for article in &articles {
            for entity in &article.entities {
                let mut names = vec![entity.name.clone()];
                names.extend(entity.name.split(' ').map(str::to_string));
                for name in names {
                    let any = ids(
                        &engine,
                        SearchRequest {
                            entities: vec![name.clone()],
                            ..SearchRequest::default()
                        },
                    );
                    let typed = ids(
                        &engine,
                        SearchRequest {
                            typed_entities: vec![(entity.kind, name.clone())],
                            ..SearchRequest::default()
                        },
                    );
                    for found in [any, typed] {
                        assert!(
                            found.contains(&article.id),
                            "{name:?} of {:?} ({:?}) does not find {}",
                            entity.name,
                            entity.kind,
                            article.id
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn names_match_by_whole_words_ignoring_case_and_accents() {
        let (_dir, news) = index_of([
            serde_json::json!({"id": "zurich", "title": "Banks",
                "body": "Regulators in Zürich fined UBS Group on Monday, officials said."}),
            serde_json::json!({"id": "boe", "title": "Rates",
                "body": "Officials at the Bank of England met on Tuesday in London."}),
        ]);
        let engine = Engine::new(news).unwrap();
        let any = |name: &str| {
            ids(
                &engine,
                SearchRequest {
                    entities: vec![name.to_string()],
                    ..SearchRequest::default()
                },
            )
        };
        let typed = |kind, name: &str| {
            ids(
                &engine,
                SearchRequest {
                    typed_entities: vec![(kind, name.to_string())],
                    ..SearchRequest::default()
                },
            )
        };
        assert_eq!(any("zurich"), ["zurich"]);
        assert_eq!(typed(EntityKind::Place, "ZÜRICH"), ["zurich"]);
        assert_eq!(any("ubs-group"), ["zurich"]);
        assert!(typed(EntityKind::Org, "zurich").is_empty());
        assert!(any("ubs groups").is_empty());
        assert!(any("group ubs").is_empty());
        // "of" is no word of the index, but it is a word of the name.
        assert_eq!(any("bank of england"), ["boe"]);
        assert_eq!(any("of"), ["boe"]);
        assert!(any("bank england").is_empty());
        assert!(any("the").is_empty());
        // The same through the query syntax, where a query of no indexed word matches nothing.
        let query = |text: &str| {
            ids(
                &engine,
                SearchRequest {
                    query: text.to_string(),
                    ..SearchRequest::default()
                },
            )
        };
        assert_eq!(query("entity:of"), ["boe"]);
        assert_eq!(query("entity:\"bank of england\""), ["boe"]);
        assert!(query("of").is_empty());
    }

    /// The quick test of ASCII names answers as splitting them into words does.
    #[test]
    fn ascii_names_are_read_as_their_words() {
        let long = format!("Alpha {} Group", "X".repeat(45));
        let names = [
            "Sergei Lavrov",
            "U.S. Treasury",
            "AT&T Corp",
            "Coca-Cola Co",
            "O'Neill",
            "Bank of England",
            "Lloyds Banking Group",
            "3M Co",
            "Rolls-Royce Holdings Plc",
            "Group",
            long.as_str(),
        ];
        let queries = [
            "lavrov",
            "sergei lavrov",
            "Lavrov Sergei",
            "u.s.",
            "u s treasury",
            "us",
            "at&t",
            "t corp",
            "coca-cola",
            "cola co",
            "neill",
            "o neill",
            "of england",
            "bank england",
            "banking",
            "bank",
            "group",
            "3m",
            "royce holdings",
            "holdings royce",
            "plc",
            "x",
            "zurich",
            "alpha group",
        ];
        let mut splitter = analyzer::names_analyzer();
        let mut quick = 0;
        for name in names {
            let full = name_words(&mut splitter, name);
            for query in queries {
                let words = name_words(&mut splitter, query);
                let want = full.windows(words.len()).any(|w| w == words);
                if let Some(got) = ascii_holds(name.as_bytes(), &words) {
                    assert_eq!(got, want, "{name:?} holds {query:?}");
                    quick += 1;
                }
            }
        }
        // Every name but the one with a word too long for the index takes the quick test.
        assert_eq!(quick, (names.len() - 1) * queries.len());
    }
}
