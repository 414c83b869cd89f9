//! `--entity`, `--person`, `--org`, `--place` and `entity:`: articles with an entity (of a
//! type) whose name holds some words.
//!
//! Entity names have no inverted index of their own. An article's entities are named in its
//! title and body, so the articles whose title or body holds the words (as a phrase, through
//! the article analyzer) are a superset of the answer; each of them is then checked against
//! its `TYPE:Name` tags, kept as a fast column (for facets) and stored (for display). The tags
//! that match are found once per segment in the column's sorted dictionary (in the type's
//! range of it, for a type), and each candidate's tags are looked up among them. An index of
//! the names as well cost a sixth of indexing time (as much as a third of what entities cost)
//! for a filter that runs rarely; a term per distinct tag had cost more.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use regex::Regex;
use tantivy::columnar::StrColumn;
use tantivy::index::SegmentId;
use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::Field;
use tantivy::{DocId, DocSet, Score, SeekDangerResult, SegmentReader, Term, TERMINATED};

use crate::entities::EntityKind;

/// Articles matched by `mentions` that have an entity (of type `kind`, if given) whose name
/// holds the given words, in order and whole, ignoring case: `--person lavrov` finds
/// `PERSON:Sergei Lavrov`, `--entity banking` finds `ORG:Lloyds Banking Group` and not
/// `PERSON:Jim Banks`.
#[derive(Debug)]
pub(super) struct EntityQuery {
    /// A superset of the answer: the articles whose title or body holds the words.
    mentions: Box<dyn Query>,
    tags: Field,
    kind: Option<EntityKind>,
    tag: Regex,
    /// The words as the tag must hold them, lower-cased: a quick test before the regex.
    needle: Vec<u8>,
    found: FoundTags,
}

/// The ordinals of the matching tags in each segment, found once and shared by every clone of
/// the query: a search runs its filters inside several queries (the page, the count, the
/// facets), and testing every tag took two thirds of such a search.
type FoundTags = Arc<Mutex<HashMap<SegmentId, Arc<Vec<u64>>>>>;

impl EntityQuery {
    /// `mentions` must match every article the tag test can accept. None when the words are
    /// too many to test.
    pub fn new(
        mentions: Box<dyn Query>,
        tags: Field,
        kind: Option<EntityKind>,
        words: &[&str],
    ) -> Option<Self> {
        let needle = words.join(" ").to_ascii_lowercase().into_bytes();
        let words: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
        let label = kind.map_or("[A-Z]+", EntityKind::label);
        let pattern = format!("(?i)^{label}:(.* )?{}( .*)?$", words.join(" "));
        let tag = Regex::new(&pattern).ok()?;
        Some(EntityQuery {
            mentions,
            tags,
            kind,
            tag,
            needle,
            found: FoundTags::default(),
        })
    }
}

impl Clone for EntityQuery {
    fn clone(&self) -> Self {
        EntityQuery {
            mentions: self.mentions.box_clone(),
            tags: self.tags,
            kind: self.kind,
            tag: self.tag.clone(),
            needle: self.needle.clone(),
            found: Arc::clone(&self.found),
        }
    }
}

impl Query for EntityQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        // The superset only selects candidates: a filter scores nothing.
        let schema = enable_scoring.schema();
        let mentions = self
            .mentions
            .weight(EnableScoring::disabled_from_schema(schema))?;
        let tags = schema.get_field_name(self.tags).to_string();
        Ok(Box::new(EntityWeight {
            mentions,
            tags,
            test: Arc::new(TagTest {
                prefix: self
                    .kind
                    .map_or(String::new(), |k| format!("{}:", k.label())),
                tag: self.tag.clone(),
                needle: self.needle.clone(),
            }),
            found: Arc::clone(&self.found),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.mentions.query_terms(visitor);
    }
}

struct EntityWeight {
    mentions: Box<dyn Weight>,
    tags: String,
    test: Arc<TagTest>,
    found: FoundTags,
}

/// What a tag must be to match.
struct TagTest {
    /// The start of every tag of the type (empty for any type).
    prefix: String,
    tag: Regex,
    /// The words, lower-cased.
    needle: Vec<u8>,
}

impl TagTest {
    fn accepts(&self, key: &[u8]) -> bool {
        // Most tags do not hold the words at all: a byte search says so faster than the regex
        // (which, ignoring case, cannot skip ahead).
        let may_hold = !self.needle.is_ascii() || holds(key, &self.needle);
        key.starts_with(self.prefix.as_bytes())
            && may_hold
            && std::str::from_utf8(key).is_ok_and(|t| self.tag.is_match(t))
    }
}

/// Whether `key` holds `needle` (lower-case ASCII), ignoring ASCII case.
fn holds(key: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    let (lower, upper) = (first, first.to_ascii_uppercase());
    let mut from = 0;
    while let Some(at) = memchr::memchr2(lower, upper, &key[from..]) {
        let at = from + at;
        match key.get(at + 1..at + needle.len()) {
            Some(tail) if tail.eq_ignore_ascii_case(rest) => return true,
            Some(_) => from = at + 1,
            None => return false,
        }
    }
    false
}

impl EntityWeight {
    /// The ordinals, in order, of the segment's tags that match.
    fn matching(&self, reader: &SegmentReader, tags: &StrColumn) -> tantivy::Result<Arc<Vec<u64>>> {
        let lock = || self.found.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = lock().get(&reader.segment_id()) {
            return Ok(Arc::clone(found));
        }
        let mut matching = Vec::new();
        let dictionary = tags.dictionary();
        let mut stream = if self.test.prefix.is_empty() {
            dictionary.stream()?
        } else {
            dictionary.prefix_range(&self.test.prefix).into_stream()?
        };
        while stream.advance() {
            if self.test.accepts(stream.key()) {
                matching.push(stream.term_ord());
            }
        }
        let matching = Arc::new(matching);
        lock().insert(reader.segment_id(), Arc::clone(&matching));
        Ok(matching)
    }
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
            mentions: self.mentions.scorer(reader, boost)?,
            tags,
            matching,
        };
        let first = scorer.mentions.doc();
        scorer.settle(first);
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        super::explain_by_scoring(self, reader, doc, "has the entity", "has no such entity")
    }
}

struct EntityScorer {
    mentions: Box<dyn Scorer>,
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

    /// From `doc`, a document of `mentions`, moves to the first one whose tags match.
    fn settle(&mut self, mut doc: DocId) -> DocId {
        while doc != TERMINATED && !self.accepts(doc) {
            doc = self.mentions.advance();
        }
        doc
    }
}

impl DocSet for EntityScorer {
    fn advance(&mut self) -> DocId {
        let doc = self.mentions.advance();
        self.settle(doc)
    }

    fn seek(&mut self, target: DocId) -> DocId {
        let doc = self.mentions.seek(target);
        self.settle(doc)
    }

    /// Checks `target` alone, without moving on to the next accepted article: what a filter
    /// asked about one candidate at a time needs.
    fn seek_danger(&mut self, target: DocId) -> SeekDangerResult {
        match self.mentions.seek_danger(target) {
            SeekDangerResult::Found if self.accepts(target) => SeekDangerResult::Found,
            SeekDangerResult::Found => SeekDangerResult::SeekLowerBound(target + 1),
            missed => missed,
        }
    }

    fn doc(&self) -> DocId {
        self.mentions.doc()
    }

    fn size_hint(&self) -> u32 {
        self.mentions.size_hint()
    }

    fn cost(&self) -> u64 {
        self.mentions.cost()
    }
}

impl Scorer for EntityScorer {
    fn score(&mut self) -> Score {
        0.0
    }
}
