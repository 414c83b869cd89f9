//! A query for the articles that hold every one of a few words, each in any of a few fields,
//! scored as the sum of the words' BM25 scores in each field.
//!
//! The query parser builds the same thing as a conjunction of per-word disjunctions, and
//! tantivy walks it document at a time: each document of the rarest word is sought in every
//! other word's fields through layers of boxed scorers, and tantivy's disjunction refills a
//! window of 4,096 documents at each jump. Short queries of common words match tens of
//! thousands of articles in a million, and that walk was most of their cost. Here a segment's
//! matches are found one word at a time instead: the rarest word's postings give the
//! candidates, and each further word's postings are walked once along the surviving
//! candidates, adding their scores. Every posting list is read in order, by concrete types,
//! and the candidates shrink as the words go.

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{Bm25Weight, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term, TERMINATED};

/// Articles holding every word; a word is found by any of its terms (one per field), each
/// with a weight.
#[derive(Debug)]
pub(super) struct AllWordsQuery {
    words: Vec<Vec<(Term, Score)>>,
    filters: Vec<Box<dyn Query>>,
}

impl Clone for AllWordsQuery {
    fn clone(&self) -> AllWordsQuery {
        AllWordsQuery {
            words: self.words.clone(),
            filters: self.filters.iter().map(|f| f.box_clone()).collect(),
        }
    }
}

impl AllWordsQuery {
    /// `words[i]` lists the weighted terms, one per field, that stand for the i-th word.
    pub fn new(words: Vec<Vec<(Term, Score)>>) -> AllWordsQuery {
        AllWordsQuery {
            words,
            filters: Vec::new(),
        }
    }

    /// Keeps only the articles that `filters` (dates, entities) also match; they add nothing
    /// to the score. Checked right after the rarest word, a filter spares looking up the other
    /// words in the articles it leaves out, where a boolean query around this one would look
    /// them all up first.
    pub fn with_filters(mut self, filters: Vec<Box<dyn Query>>) -> AllWordsQuery {
        self.filters = filters;
        self
    }
}

impl Query for AllWordsQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let schema = enable_scoring.schema();
        let mut words = Vec::with_capacity(self.words.len());
        for terms in &self.words {
            let mut fields = Vec::with_capacity(terms.len());
            for (term, boost) in terms {
                let entry = schema.get_field_entry(term.field());
                if !entry.is_indexed() {
                    return Err(TantivyError::SchemaError(format!(
                        "field {:?} is not indexed",
                        entry.name()
                    )));
                }
                // As TermQuery weighs a term: BM25 statistics from the whole index.
                let bm25 = match enable_scoring {
                    EnableScoring::Enabled {
                        statistics_provider,
                        ..
                    } => Some(
                        Bm25Weight::for_terms(statistics_provider, std::slice::from_ref(term))?
                            .boost_by(*boost),
                    ),
                    EnableScoring::Disabled { .. } => None,
                };
                fields.push((term.clone(), bm25));
            }
            words.push(fields);
        }
        let filters = self
            .filters
            .iter()
            .map(|filter| filter.weight(enable_scoring))
            .collect::<tantivy::Result<_>>()?;
        Ok(Box::new(AllWordsWeight { words, filters }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for (term, _) in self.words.iter().flatten() {
            visitor(term, false);
        }
        for filter in &self.filters {
            filter.query_terms(visitor);
        }
    }
}

/// Each word's terms with their BM25 weights (`None` when scores are not wanted), and the
/// filters.
struct AllWordsWeight {
    words: Vec<Vec<(Term, Option<Bm25Weight>)>>,
    filters: Vec<Box<dyn Weight>>,
}

/// One word's posting list in one field of a segment, ready to score.
struct FieldPostings {
    postings: SegmentPostings,
    norms: FieldNormReader,
    bm25: Option<Bm25Weight>,
    /// Whether [`score_at`](Self::score_at) steps through the postings rather than seeking.
    step: bool,
}

impl FieldPostings {
    /// The score of the document the postings are on.
    #[inline]
    fn score(&self, doc: DocId) -> Score {
        match &self.bm25 {
            Some(bm25) => bm25.score(self.norms.fieldnorm_id(doc), self.postings.term_freq()),
            None => 0.0,
        }
    }

    /// Chooses how to move through the postings when `candidates` documents will be asked
    /// for: stepping through a posting list costs a few nanoseconds a document, a seek (skip
    /// list, block search) ten times that, so step when the postings are not much longer than
    /// the candidates.
    fn plan(&mut self, candidates: usize) {
        self.step = (self.postings.doc_freq() as usize) < STEP_RATIO * candidates;
    }

    /// The score of `doc` if the postings hold it; documents must be asked in increasing order.
    #[inline]
    fn score_at(&mut self, doc: DocId) -> Option<Score> {
        let mut at = self.postings.doc();
        if self.step {
            while at < doc {
                at = self.postings.advance();
            }
        } else if at < doc {
            at = self.postings.seek(doc);
        }
        (at == doc).then(|| self.score(doc))
    }
}

impl AllWordsWeight {
    /// A segment's posting lists, word by word, rarest word first; `None` when some word is
    /// in none of its fields, so nothing can match.
    fn postings(
        &self,
        reader: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<Option<Vec<Vec<FieldPostings>>>> {
        let mut words = Vec::with_capacity(self.words.len());
        for fields in &self.words {
            let mut found = Vec::with_capacity(fields.len());
            for (term, bm25) in fields {
                let option = match bm25 {
                    Some(_) => IndexRecordOption::WithFreqs,
                    None => IndexRecordOption::Basic,
                };
                let Some(postings) = reader
                    .inverted_index(term.field())?
                    .read_postings(term, option)?
                else {
                    continue;
                };
                let norms = match bm25 {
                    Some(_) => reader.fieldnorms_readers().get_field(term.field())?,
                    None => None,
                };
                found.push(FieldPostings {
                    postings,
                    norms: norms.unwrap_or_else(|| FieldNormReader::constant(reader.max_doc(), 1)),
                    bm25: bm25.as_ref().map(|w| w.boost_by(boost)),
                    step: false,
                });
            }
            if found.is_empty() {
                return Ok(None);
            }
            words.push(found);
        }
        let frequency =
            |word: &Vec<FieldPostings>| -> u32 { word.iter().map(|f| f.postings.doc_freq()).sum() };
        words.sort_by_key(frequency);
        Ok(Some(words))
    }
}

impl Weight for AllWordsWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let Some(mut words) = self.postings(reader, boost)? else {
            return Ok(Box::new(Matches::default()));
        };
        let mut matches = Matches::default();
        let mut rest = words.iter_mut();
        if let Some(rarest) = rest.next() {
            for field in rarest {
                matches.union(field);
            }
        }
        for filter in &self.filters {
            matches.keep_matched(filter.scorer(reader, boost)?.as_mut());
        }
        for word in rest {
            matches.keep_held(word);
        }
        Ok(Box::new(matches))
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

/// Candidates are checked against a word's posting list by stepping through it when it holds
/// fewer than this many documents per candidate, and by seeking otherwise (see
/// [`FieldPostings::plan`]).
const STEP_RATIO: usize = 8;

/// A segment's matches in document order with their scores, computed word by word and then
/// handed out as a scorer.
#[derive(Default)]
struct Matches {
    docs: Vec<DocId>,
    scores: Vec<Score>,
    /// The current position in `docs`.
    cursor: usize,
}

impl Matches {
    /// Adds every document of `field` to the matches (the rarest word's fields).
    fn union(&mut self, field: &mut FieldPostings) {
        let mut docs = Vec::with_capacity(self.docs.len() + field.postings.doc_freq() as usize);
        let mut scores = Vec::with_capacity(docs.capacity());
        let mut i = 0;
        let mut doc = field.postings.doc();
        while doc != TERMINATED {
            while i < self.docs.len() && self.docs[i] < doc {
                docs.push(self.docs[i]);
                scores.push(self.scores[i]);
                i += 1;
            }
            let mut score = field.score(doc);
            if i < self.docs.len() && self.docs[i] == doc {
                score += self.scores[i];
                i += 1;
            }
            docs.push(doc);
            scores.push(score);
            doc = field.postings.advance();
        }
        docs.extend_from_slice(&self.docs[i..]);
        scores.extend_from_slice(&self.scores[i..]);
        self.docs = docs;
        self.scores = scores;
    }

    /// Keeps the matches that hold the word in any of its `fields`, adding its scores.
    fn keep_held(&mut self, fields: &mut [FieldPostings]) {
        for field in fields.iter_mut() {
            field.plan(self.docs.len());
        }
        self.retain(|doc| word_score(fields, doc));
    }

    /// Keeps the matches that `filter` also matches.
    fn keep_matched(&mut self, filter: &mut dyn Scorer) {
        let mut next_possible = filter.doc();
        self.retain(|doc| super::matches_exactly(filter, doc, &mut next_possible).then_some(0.0));
    }

    /// Keeps the matches for which `keep` gives a score, adding it; `keep` is asked about
    /// each match in document order.
    fn retain(&mut self, mut keep: impl FnMut(DocId) -> Option<Score>) {
        let mut kept = 0;
        for i in 0..self.docs.len() {
            let doc = self.docs[i];
            if let Some(score) = keep(doc) {
                self.docs[kept] = doc;
                self.scores[kept] = self.scores[i] + score;
                kept += 1;
            }
        }
        self.docs.truncate(kept);
        self.scores.truncate(kept);
    }
}

/// The score of a word in `doc`, summed over the `fields` that hold it; `None` when none does.
#[inline]
fn word_score(fields: &mut [FieldPostings], doc: DocId) -> Option<Score> {
    let mut held = None;
    for field in fields {
        if let Some(score) = field.score_at(doc) {
            held = Some(held.unwrap_or(0.0) + score);
        }
    }
    held
}

impl DocSet for Matches {
    fn advance(&mut self) -> DocId {
        self.cursor = (self.cursor + 1).min(self.docs.len());
        self.doc()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.cursor += self.docs[self.cursor..].partition_point(|&doc| doc < target);
        self.doc()
    }

    fn doc(&self) -> DocId {
        self.docs.get(self.cursor).copied().unwrap_or(TERMINATED)
    }

    fn size_hint(&self) -> u32 {
        (self.docs.len() - self.cursor) as u32
    }
}

impl Scorer for Matches {
    fn score(&mut self) -> Score {
        self.scores.get(self.cursor).copied().unwrap_or(0.0)
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::TopDocs;
    use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, RangeQuery, TermQuery};
    use tantivy::DocAddress;

    use super::*;

    /// Every (score, address) a query matches, in address order.
    fn every_match(searcher: &tantivy::Searcher, query: &dyn Query) -> Vec<(Score, DocAddress)> {
        let mut found = searcher
            .search(query, &TopDocs::with_limit(100_000).order_by_score())
            .unwrap();
        found.sort_by_key(|(_, address)| *address);
        found
    }

    #[test]
    fn matches_and_scores_as_the_conjunction_of_each_words_fields() {
        // "rare" is in a few articles, "common" in nearly all, "mid" in a third; each word
        // sometimes only in the title, so a word must be found in either field, and both the
        // stepping and the seeking walk over posting lists are used.
        let mut articles = Vec::new();
        for i in 0..2000 {
            let mut title = vec!["report"];
            let mut body = vec!["filler", "text"];
            if i % 97 == 0 {
                if i % 2 == 0 {
                    title.push("rare")
                } else {
                    body.push("rare")
                }
            }
            if i % 50 != 0 {
                if i % 7 == 0 {
                    title.push("common")
                } else {
                    body.push("common")
                }
                if i % 11 == 0 {
                    body.push("common")
                }
            }
            if i % 3 == 0 {
                if i % 5 == 0 {
                    title.push("mid")
                } else {
                    body.push("mid")
                }
            }
            articles.push(serde_json::json!({
                "id": format!("a{i}"), "title": title.join(" "), "body": body.join(" "),
                "date": format!("2017-05-{:02}", 1 + i % 28),
            }));
        }
        let (_dir, news) = crate::search::index_of(articles);
        let searcher = news.reader().unwrap().searcher();
        let fields = &news.fields;

        let word_terms = |word: &str| {
            vec![
                (Term::from_field_text(fields.title, word), 0.5),
                (Term::from_field_text(fields.body, word), 1.0),
            ]
        };
        let conjunction = |words: &[&str]| {
            let clauses = words
                .iter()
                .map(|word| {
                    let either = word_terms(word)
                        .into_iter()
                        .map(|(term, boost)| {
                            let term = TermQuery::new(term, IndexRecordOption::WithFreqs);
                            let boosted = tantivy::query::BoostQuery::new(Box::new(term), boost);
                            (Occur::Should, Box::new(boosted) as Box<dyn Query>)
                        })
                        .collect();
                    (
                        Occur::Must,
                        Box::new(BooleanQuery::new(either)) as Box<dyn Query>,
                    )
                })
                .collect();
            BooleanQuery::new(clauses)
        };
        let in_may = || {
            let day = |d: u32| {
                let date =
                    tantivy::DateTime::from_timestamp_secs(1_493_596_800 + 86_400 * d as i64);
                std::ops::Bound::Included(Term::from_field_date(fields.date, date))
            };
            Box::new(RangeQuery::new(day(4), day(12))) as Box<dyn Query>
        };

        for words in [
            &["rare", "common"][..],
            &["common", "mid"],
            &["rare", "mid", "common"],
        ] {
            let ours = AllWordsQuery::new(words.iter().map(|w| word_terms(w)).collect());
            let theirs = conjunction(words);
            let (a, b) = (
                every_match(&searcher, &ours),
                every_match(&searcher, &theirs),
            );
            assert!(!a.is_empty(), "{words:?} matches nothing");
            assert_eq!(a.len(), b.len(), "{words:?}");
            for ((sa, da), (sb, db)) in a.iter().zip(&b) {
                assert_eq!(da, db, "{words:?}");
                assert!((sa - sb).abs() < 1e-4, "{words:?}: {sa} vs {sb}");
            }
            // Inside a filtered query, the matches are sought rather than walked.
            let filtered = |main: Box<dyn Query>| {
                BooleanQuery::new(vec![(Occur::Must, main), (Occur::Must, in_may())])
            };
            let a = every_match(&searcher, &filtered(Box::new(ours.clone())));
            let b = every_match(&searcher, &filtered(Box::new(theirs)));
            let addresses = |v: &[(Score, DocAddress)]| v.iter().map(|m| m.1).collect::<Vec<_>>();
            assert!(!a.is_empty() && a.len() < every_match(&searcher, &ours).len());
            assert_eq!(addresses(&a), addresses(&b), "{words:?} filtered");
            // A filter given to the query itself matches the same and adds nothing to scores.
            let unscored = Box::new(ConstScoreQuery::new(in_may(), 0.0)) as Box<dyn Query>;
            let inside = every_match(&searcher, &ours.clone().with_filters(vec![unscored]));
            assert_eq!(addresses(&inside), addresses(&b), "{words:?} filter inside");
            let plain = every_match(&searcher, &ours);
            for (score, address) in &inside {
                let alone = plain.iter().find(|m| m.1 == *address).map(|m| m.0);
                assert_eq!(Some(*score), alone, "{words:?}");
            }
        }
    }
}
