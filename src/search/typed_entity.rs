//! `--person`, `--org`, `--place`: articles with an entity of one type whose name holds
//! some words.
//!
//! The `TYPE:Name` tags are kept as a fast column (for facets) and stored (for display) but not
//! indexed: a term per distinct tag doubled the terms an index writes, for a filter that runs
//! rarely. The articles whose entity names hold the words come from the `entity` field; the
//! tags that match are found once per segment, in the type's range of the column's sorted
//! dictionary, and each candidate's tags are looked up among them.

use regex::Regex;
use tantivy::columnar::StrColumn;
use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::Field;
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

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
}

impl TypedEntityQuery {
    /// `names` must match every article the tag test can accept. None when the words are too
    /// many to test.
    pub fn new(
        names: Box<dyn Query>,
        tags: Field,
        kind: EntityKind,
        words: &[&str],
    ) -> Option<Self> {
        let words: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
        let pattern = format!("(?i)^{}:(.* )?{}( .*)?$", kind.label(), words.join(" "));
        let tag = Regex::new(&pattern).ok()?;
        Some(TypedEntityQuery {
            names,
            tags,
            kind,
            tag,
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
}

impl Weight for TypedEntityWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let Some(tags) = reader.fast_fields().str(&self.tags)? else {
            return Ok(Box::new(EmptyScorer));
        };
        let mut matching = Vec::new();
        let mut stream = tags.dictionary().prefix_range(&self.prefix).into_stream()?;
        while stream.advance() {
            if std::str::from_utf8(stream.key()).is_ok_and(|t| self.tag.is_match(t)) {
                matching.push(stream.term_ord());
            }
        }
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
    matching: Vec<u64>,
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
