//! From the text a user typed to a tantivy query: lenient parsing, ranking, filters.

use std::ops::Bound;

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, PhraseQuery, Query,
    QueryParser, RangeQuery, RegexQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use super::SearchRequest;
use crate::entities::EntityKind;
use crate::error::Result;
use crate::index::{schema, NewsIndex};

/// Weight of a title match relative to a body match. Titles are short, so BM25's length
/// normalisation already scores a title match high; a weight above 1 let titles swamp the
/// body (dev MAP on the TIME queries: 0.59 at 2.0, 0.69 at 1.0, 0.74 at 0.5).
const TITLE_BOOST: f32 = 0.5;
/// Weight of an entity-name match relative to a body match. Entity names repeat words of the
/// body, so a high weight counts them twice (dev MAP 0.746 at 0, 0.741 at 0.25, 0.739 at 1.0).
const ENTITY_BOOST: f32 = 0.25;
/// Added to articles that contain every word of a short query. It exceeds any BM25 score a few
/// words reach, so such articles rank above those with only some of the words.
const ALL_WORDS_BONUS: f32 = 1000.0;
/// Queries of up to this many words rank articles with all of them first. Longer queries are
/// natural-language descriptions, where requiring every word favours long articles that
/// mention each incidentally (dev MAP 0.736 with the bonus on all queries, 0.746 without).
const ALL_WORDS_MAX_TERMS: usize = 4;
/// Weight of two adjacent query words found near each other in the body…
const PROXIMITY_BOOST: f32 = 0.3;
/// …within this many positions of their order in the query (dev MAP +0.010 on TIME).
const PROXIMITY_SLOP: u32 = 2;

/// A query ready to run, with what the snippet needs to know.
pub(super) struct BuiltQuery {
    /// The query to execute.
    pub query: Box<dyn Query>,
    /// The analysed words to highlight in the body.
    pub highlight_terms: Vec<String>,
}

/// How to read the query text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reading {
    /// With the query grammar: phrases, `+`/`-`, fields, operators.
    Grammar,
    /// As plain words, every bit of syntax removed: the reading of last resort.
    PlainWords,
}

/// Builds the query for a request. Never fails on the query text: what the query grammar
/// cannot read is read as plain words.
pub(super) fn build(
    news: &NewsIndex,
    request: &SearchRequest,
    reading: Reading,
) -> Result<BuiltQuery> {
    let fields = &news.fields;
    let mut text = normalise(&request.query);
    if reading == Reading::PlainWords {
        text = plain_words(&text);
    }
    let mut parser =
        QueryParser::for_index(&news.index, vec![fields.title, fields.body, fields.entity]);
    parser.set_field_boost(fields.title, TITLE_BOOST);
    parser.set_field_boost(fields.entity, ENTITY_BOOST);

    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut highlight_terms = Vec::new();
    if text.trim().is_empty() {
        clauses.push((Occur::Must, Box::new(AllQuery)));
    } else {
        let (mut user_query, errors) = parser.parse_query_lenient(&text);
        if !errors.is_empty() && !has_any_term(user_query.as_ref()) {
            // The grammar made nothing of it (`korea~2`, `title:`): search the words instead.
            text = plain_words(&text);
            user_query = parser.parse_query_lenient(&text).0;
        }
        user_query.query_terms(&mut |term, _| {
            if term.field() == fields.body {
                if let Some(word) = term.value().as_str() {
                    if !highlight_terms.iter().any(|t| t == word) {
                        highlight_terms.push(word.to_string());
                    }
                }
            }
        });
        if highlight_terms.is_empty() && !has_any_term(user_query.as_ref()) {
            // Only stop words or punctuation: nothing can match.
            clauses.push((Occur::Must, Box::new(EmptyQuery)));
        } else {
            let words = highlight_terms.len();
            let bonus = if words > 1 && words <= ALL_WORDS_MAX_TERMS {
                parser.set_conjunction_by_default();
                let (all_words, _) = parser.parse_query_lenient(&text);
                // A phrase or a query of +required words already asks for every word:
                // matching it twice would only cost time.
                let same = format!("{all_words:?}") == format!("{user_query:?}");
                (!same).then(|| ConstScoreQuery::new(all_words, ALL_WORDS_BONUS))
            } else {
                None
            };
            clauses.push((Occur::Must, user_query));
            if let Some(bonus) = bonus {
                clauses.push((Occur::Should, Box::new(bonus)));
            }
            // Quoted words already say how close they must be.
            if !text.contains('"') {
                clauses.extend(proximity_clauses(fields.body, &highlight_terms));
            }
        }
    }

    if request.since.is_some() || request.until.is_some() {
        let bound = |d: Option<chrono::DateTime<chrono::Utc>>| match d {
            Some(d) => Bound::Included(Term::from_field_date(
                fields.date,
                tantivy::DateTime::from_timestamp_secs(d.timestamp()),
            )),
            None => Bound::Unbounded,
        };
        let range = RangeQuery::new(bound(request.since), bound(request.until));
        clauses.push((
            Occur::Must,
            Box::new(ConstScoreQuery::new(Box::new(range), 0.0)),
        ));
    }
    for (kind, name) in &request.typed_entities {
        clauses.push((
            Occur::Must,
            Box::new(ConstScoreQuery::new(
                typed_entity_query(news, *kind, name),
                0.0,
            )),
        ));
    }
    for name in &request.entities {
        clauses.push((
            Occur::Must,
            Box::new(ConstScoreQuery::new(entity_query(news, name), 0.0)),
        ));
    }
    Ok(BuiltQuery {
        query: Box::new(BooleanQuery::new(clauses)),
        highlight_terms,
    })
}

/// Queries longer than this (in characters) are cut at a word boundary: nobody types more,
/// and it bounds the work a pasted document can cause.
const MAX_QUERY_CHARS: usize = 4096;
/// Parentheses nested deeper than this are dropped and their contents read as words; it also
/// keeps the query grammar's recursive parser off deep stacks.
const MAX_NESTING: usize = 8;

/// Should-clauses that reward articles where consecutive query words stand close together,
/// as they do when the article is about what the query describes.
fn proximity_clauses(body: Field, words: &[String]) -> Vec<(Occur, Box<dyn Query>)> {
    words
        .windows(2)
        .map(|pair| {
            let terms = vec![
                (0, Term::from_field_text(body, &pair[0])),
                (1, Term::from_field_text(body, &pair[1])),
            ];
            let near = PhraseQuery::new_with_offset_and_slop(terms, PROXIMITY_SLOP);
            let boosted: Box<dyn Query> =
                Box::new(BoostQuery::new(Box::new(near), PROXIMITY_BOOST));
            (Occur::Should, boosted)
        })
        .collect()
}

/// Makes any text safe for the query grammar, keeping its meaning where it has one.
///
/// Text set wholly in capitals (wire copy, old collections) is read as words, so that its AND,
/// OR and NOT are not taken for operators.
fn normalise(query: &str) -> String {
    let mut text = match query.char_indices().nth(MAX_QUERY_CHARS) {
        Some((cut, _)) => {
            let head = &query[..cut];
            head.rfind(char::is_whitespace)
                .map_or(head, |i| &head[..i])
                .to_string()
        }
        None => query.to_string(),
    };
    if nesting_depth(&text) > MAX_NESTING {
        text = text.replace(['(', ')'], " ");
    }
    let has_lower = text.chars().any(char::is_lowercase);
    let has_upper = text.chars().any(char::is_uppercase);
    if has_upper && !has_lower {
        text = text.to_lowercase();
    }
    text
}

fn nesting_depth(text: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for c in text.chars() {
        match c {
            '(' => {
                depth += 1;
                max = max.max(depth);
            }
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// The words of `text` with every bit of syntax removed: the reading of last resort.
fn plain_words(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect()
}

fn has_any_term(query: &dyn Query) -> bool {
    let mut any = false;
    query.query_terms(&mut |_, _| any = true);
    any
}

/// Articles with an entity of type `kind` whose name holds the words of `name`, in order
/// and whole, ignoring case: `--person lavrov` finds `PERSON:Sergei Lavrov`.
fn typed_entity_query(news: &NewsIndex, kind: EntityKind, name: &str) -> Box<dyn Query> {
    let words: Vec<String> = name.split_whitespace().map(regex::escape).collect();
    if words.is_empty() {
        return Box::new(EmptyQuery);
    }
    let pattern = format!("(?i){}:(.* )?{}( .*)?", kind.label(), words.join(" "));
    match RegexQuery::from_pattern(&pattern, news.fields.entity_tag) {
        Ok(query) => Box::new(query),
        Err(_) => Box::new(EmptyQuery),
    }
}

/// Articles whose entities include `name` (as a phrase, so `Lavrov` finds `Sergei Lavrov`).
fn entity_query(news: &NewsIndex, name: &str) -> Box<dyn Query> {
    let mut analyzer = schema::analyzer();
    let mut stream = analyzer.token_stream(name);
    let mut terms = Vec::new();
    while let Some(token) = stream.next() {
        terms.push((
            token.position,
            Term::from_field_text(news.fields.entity, &token.text),
        ));
    }
    match terms.len() {
        0 => Box::new(EmptyQuery),
        1 => Box::new(TermQuery::new(terms.remove(0).1, IndexRecordOption::Basic)),
        _ => Box::new(PhraseQuery::new_with_offset(terms)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_and_long_queries_are_tamed() {
        let deep = format!("{}korea{}", "(".repeat(1000), ")".repeat(10));
        let tamed = normalise(&deep);
        assert!(nesting_depth(&tamed) <= MAX_NESTING);
        assert!(tamed.contains("korea"));
        let long = "word ".repeat(10_000);
        assert!(normalise(&long).chars().count() <= MAX_QUERY_CHARS);
    }

    #[test]
    fn capitals_are_read_as_words() {
        assert_eq!(normalise("TROOPS AND TANKS"), "troops and tanks");
        assert_eq!(normalise("Lavrov AND Korea"), "Lavrov AND Korea");
        assert_eq!(plain_words("korea~2 title:"), "korea 2 title ");
    }
}
