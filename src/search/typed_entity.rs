//! `--person`, `--org`, `--place`: articles with an entity of one type whose name holds
//! some words.
//!
//! The `TYPE:Name` tags are kept as a fast column (for facets) and stored (for display) but not
//! indexed: a term per distinct tag doubled the terms an index writes, for a filter that runs
//! rarely. The articles whose entity names hold the words come from the `entity` field; the
//! tags that match are found once per segment, in the type's range of the column's sorted
//! dictionary, and each candidate's tags are looked up among them.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use regex::Regex;
use tantivy::columnar::StrColumn;
use tantivy::index::SegmentId;
use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::Field;
use tantivy::{DocId, DocSet, Score, SeekDangerResult, SegmentReader, Term, TERMINATED};

use crate::entities::EntityKind;

/// Articles matched by `names` that have an entity of type `kind` whose name holds the given
/// words, in order and whole, ignoring case: `--person lavrov` finds `PERSON:Sergei Lavrov`.
#[derive(Debug)]
pub(super) struct TypedEntityQuery {
    /// A superset of the answer: the articles whose entity names hold the words.
    names: Box<dyn Query>,
    tags: Field,
    kind: EntityKind,
    tag: Regex,
    /// The words as the tag must hold them, lower-cased: a quick test before the regex.
    needle: Vec<u8>,
    found: FoundTags,
}

/// The ordinals of the matching tags in each segment, found once and shared by every clone of
/// the query: a search runs its filters inside several queries (the page, the count, the
/// facets), and testing every tag of the type took two thirds of such a search.
type FoundTags = Arc<Mutex<HashMap<SegmentId, Arc<Vec<u64>>>>>;

impl TypedEntityQuery {
    /// `names` must match every article the tag test can accept. None when the words are too
    /// many to test.
    pub fn new(
        names: Box<dyn Query>,
        tags: Field,
        kind: EntityKind,
        words: &[&str],
    ) -> Option<Self> {
        let needle = words.join(" ").to_ascii_lowercase().into_bytes();
        let words: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
        let pattern = format!("(?i)^{}:(.* )?{}( .*)?$", kind.label(), words.join(" "));
        let tag = Regex::new(&pattern).ok()?;
        Some(TypedEntityQuery {
            names,
            tags,
            kind,
            tag,
            needle,
            found: FoundTags::default(),
        })
    }
}

impl Clone for TypedEntityQuery {
    fn clone(&self) -> Self {
        TypedEntityQuery {
            names: self.names.box_clone(),
            tags: self.tags,
            kind: self.kind,
            tag: self.tag.clone(),
            needle: self.needle.clone(),
            found: Arc::clone(&self.found),
        }
    }
}

impl Query for TypedEntityQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let names = self.names.weight(enable_scoring)?;
        let tags = enable_scoring
            .schema()
            .get_field_name(self.tags)
            .to_string();
        Ok(Box::new(TypedEntityWeight {
            names,
            tags,
            prefix: format!("{}:", self.kind.label()),
            tag: self.tag.clone(),
            needle: self.needle.clone(),
            found: Arc::clone(&self.found),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.names.query_terms(visitor);
    }
}

struct TypedEntityWeight {
    names: Box<dyn Weight>,
    tags: String,
    /// The start of every tag of the type.
    prefix: String,
    tag: Regex,
    needle: Vec<u8>,
    found: FoundTags,
}

impl TypedEntityWeight {
    /// The ordinals, in order, of the segment's tags that match.
    fn matching(&self, reader: &SegmentReader, tags: &StrColumn) -> tantivy::Result<Arc<Vec<u64>>> {
        let lock = || self.found.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = lock().get(&reader.segment_id()) {
            return Ok(Arc::clone(found));
        }
        let mut matching = Vec::new();
        let mut stream = tags.dictionary().prefix_range(&self.prefix).into_stream()?;
        while stream.advance() {
            let key = stream.key();
            // Most tags of the type do not hold the words at all: a byte test says so faster
            // than the regex (which, ignoring case, cannot skip ahead).
            let may_hold = self.needle.is_empty()
                || !self.needle.is_ascii()
                || key
                    .windows(self.needle.len())
                    .any(|w| w.eq_ignore_ascii_case(&self.needle));
            if may_hold && std::str::from_utf8(key).is_ok_and(|t| self.tag.is_match(t)) {
                matching.push(stream.term_ord());
            }
        }
        let matching = Arc::new(matching);
        lock().insert(reader.segment_id(), Arc::clone(&matching));
        Ok(matching)
    }
}

impl Weight for TypedEntityWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let Some(tags) = reader.fast_fields().str(&self.tags)? else {
            return Ok(Box::new(EmptyScorer));
        };
        let matching = self.matching(reader, &tags)?;
        if matching.is_empty() {
            return Ok(Box::new(EmptyScorer));
        }
        let mut scorer = TypedEntityScorer {
            names: self.names.scorer(reader, boost)?,
            tags,
            matching,
        };
        let first = scorer.names.doc();
        scorer.settle(first);
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        super::explain_by_scoring(
            self,
            reader,
            doc,
            "entity of the type",
            "has no such entity",
        )
    }
}

struct TypedEntityScorer {
    names: Box<dyn Scorer>,
    tags: StrColumn,
    /// The ordinals of the matching tags, in order.
    matching: Arc<Vec<u64>>,
}

impl TypedEntityScorer {
    fn accepts(&self, doc: DocId) -> bool {
        self.tags
            .term_ords(doc)
            .any(|ord| self.matching.binary_search(&ord).is_ok())
    }

    /// From `doc`, a document of `names`, moves to the first one whose tags match.
    fn settle(&mut self, mut doc: DocId) -> DocId {
        while doc != TERMINATED && !self.accepts(doc) {
            doc = self.names.advance();
        }
        doc
    }
}

impl DocSet for TypedEntityScorer {
    fn advance(&mut self) -> DocId {
        let doc = self.names.advance();
        self.settle(doc)
    }

    fn seek(&mut self, target: DocId) -> DocId {
        let doc = self.names.seek(target);
        self.settle(doc)
    }

    /// Checks `target` alone, without moving on to the next accepted article: what a filter
    /// asked about one candidate at a time needs.
    fn seek_danger(&mut self, target: DocId) -> SeekDangerResult {
        match self.names.seek_danger(target) {
            SeekDangerResult::Found if self.accepts(target) => SeekDangerResult::Found,
            SeekDangerResult::Found => SeekDangerResult::SeekLowerBound(target + 1),
            missed => missed,
        }
    }

    fn doc(&self) -> DocId {
        self.names.doc()
    }

    fn size_hint(&self) -> u32 {
        self.names.size_hint()
    }

    fn cost(&self) -> u64 {
        self.names.cost()
    }
}

impl Scorer for TypedEntityScorer {
    fn score(&mut self) -> Score {
        self.names.score()
    }
}
