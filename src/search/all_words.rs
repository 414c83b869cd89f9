//! A query for the articles that hold every one of a few words, each in any of a few fields,
//! scored as the sum of the words' BM25 scores in each field.
//!
//! The query parser builds the same thing as a conjunction of per-word disjunctions, but
//! tantivy's disjunction is built to be walked document by document: each time the
//! conjunction jumps ahead, it refills a window of 4,096 documents and scores every match in
//! it. A conjunction jumps all the time, so here each word's fields are merged lazily: a jump
//! is one skip-list seek per field.

use tantivy::query::{
    intersect_scorers, EnableScoring, Explanation, Query, Scorer, TermQuery, Weight,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

/// Articles holding every word; a word is found by any of its terms (one per field), each
/// with a weight.
#[derive(Clone, Debug)]
pub(super) struct AllWordsQuery {
    words: Vec<Vec<(Term, Score)>>,
}

impl AllWordsQuery {
    /// `words[i]` lists the weighted terms, one per field, that stand for the i-th word.
    pub fn new(words: Vec<Vec<(Term, Score)>>) -> AllWordsQuery {
        AllWordsQuery { words }
    }
}

impl Query for AllWordsQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let mut words = Vec::with_capacity(self.words.len());
        for terms in &self.words {
            let mut fields = Vec::with_capacity(terms.len());
            for (term, boost) in terms {
                let query = TermQuery::new(term.clone(), IndexRecordOption::WithFreqs);
                fields.push((query.weight(enable_scoring)?, *boost));
            }
            words.push(fields);
        }
        Ok(Box::new(AllWordsWeight { words }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for (term, _) in self.words.iter().flatten() {
            visitor(term, false);
        }
    }
}

struct AllWordsWeight {
    words: Vec<Vec<(Box<dyn Weight>, Score)>>,
}

impl Weight for AllWordsWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut words: Vec<Box<dyn Scorer>> = Vec::with_capacity(self.words.len());
        for fields in &self.words {
            let mut scorers = Vec::with_capacity(fields.len());
            for (weight, field_boost) in fields {
                scorers.push(weight.scorer(reader, boost * field_boost)?);
            }
            words.push(Box::new(AnyField::new(scorers)));
        }
        Ok(intersect_scorers(words, reader.max_doc()))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        super::explain_by_scoring(
            self,
            reader,
            doc,
            "sum of every word's score",
            "does not hold every word",
        )
    }
}

/// The documents holding one word in any field: a lazy union of a few scorers, each moved
/// only when asked, so seeking costs one seek per field.
struct AnyField {
    scorers: Vec<Box<dyn Scorer>>,
    doc: DocId,
}

impl AnyField {
    fn new(mut scorers: Vec<Box<dyn Scorer>>) -> AnyField {
        scorers.retain(|s| s.doc() != TERMINATED);
        let doc = scorers.iter().map(|s| s.doc()).min().unwrap_or(TERMINATED);
        AnyField { scorers, doc }
    }
}

impl DocSet for AnyField {
    fn advance(&mut self) -> DocId {
        let mut next = TERMINATED;
        for scorer in &mut self.scorers {
            if scorer.doc() <= self.doc {
                scorer.advance();
            }
            next = next.min(scorer.doc());
        }
        self.doc = next;
        next
    }

    fn seek(&mut self, target: DocId) -> DocId {
        let mut next = TERMINATED;
        for scorer in &mut self.scorers {
            if scorer.doc() < target {
                scorer.seek(target);
            }
            next = next.min(scorer.doc());
        }
        self.doc = next;
        next
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.scorers.iter().map(|s| s.size_hint()).sum()
    }

    fn cost(&self) -> u64 {
        self.scorers.iter().map(|s| s.cost()).sum()
    }
}

impl Scorer for AnyField {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        self.scorers
            .iter_mut()
            .filter(|s| s.doc() == doc)
            .map(|s| s.score())
            .sum()
    }
}
