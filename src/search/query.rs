//! From the text a user typed to a tantivy query: lenient parsing, ranking, filters.

use std::ops::Bound;

use tantivy::query::{
    AllQuery, Bm25Weight, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur,
    PhraseQuery, Query, QueryParser, RangeQuery, TermQuery,
};
use tantivy::query_grammar::{self, UserInputAst, UserInputLeaf};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

use super::all_words::AllWordsQuery;
use super::entity_query::{name_words, EntityQuery};
use super::SearchRequest;
use crate::entities::EntityKind;
use crate::error::Result;
use crate::index::{analyzer, NewsIndex};

/// Weight of a title match relative to a body match. Titles are short, so BM25's length
/// normalisation already scores a title match high; a weight above 1 let titles swamp the
/// body (dev MAP on the TIME queries: 0.59 at 2.0, 0.69 at 1.0, 0.74 at 0.5).
const TITLE_BOOST: f32 = 0.5;
/// Added to articles that contain every word of a short query. It exceeds any BM25 score a few
/// words reach, so such articles rank above those with only some of the words.
pub(super) const ALL_WORDS_BONUS: f32 = 1000.0;
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
    /// Ranks every match: the user's query, the ranking extras and the filters.
    pub ranked: Box<dyn Query>,
    /// The same matches without the ranking extras: for counting, sorting by date and facets,
    /// which need no scores.
    pub matching: Box<dyn Query>,
    /// For short queries, the articles that hold every word, scored as `ranked` scores them
    /// less [`ALL_WORDS_BONUS`] and the [`proximity`](Self::proximity) terms. They outrank
    /// every other match, so when there are enough of them to fill the page, the page is found
    /// without scoring the many articles that hold only some of the words.
    pub all_words: Option<Box<dyn Query>>,
    /// The proximity terms of `ranked`, one per pair of adjacent query words.
    pub proximity: Vec<Proximity>,
    /// True when `ranked` is words alone, with no filter or ranking extra: a shape tantivy
    /// ranks without scoring every match, so the matches are better counted apart.
    pub prunable: bool,
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
    // Entity names are not searched by default: they repeat words of the body, so matching
    // them again only counts those words twice (dev MAP 0.746 without, 0.741 at weight 0.25),
    // and it costs a third more postings per word. `entity:` still searches them.
    let mut parser = QueryParser::for_index(&news.index, vec![fields.title, fields.body]);
    parser.set_field_boost(fields.title, TITLE_BOOST);

    let mut entities = EntityQueries::default();
    let filters = filters(news, request, &mut entities);
    let with_filters = |main: Box<dyn Query>, extras: Vec<(Occur, Box<dyn Query>)>| {
        if extras.is_empty() && filters.is_empty() {
            // Unwrapped, a query of words keeps its shape, which tantivy prunes (block-max
            // WAND); wrapped in a boolean query, every match would be scored.
            return main;
        }
        let mut clauses = vec![(Occur::Must, main)];
        clauses.extend(extras);
        clauses.extend(filters.iter().map(|q| (Occur::Must, q.box_clone())));
        Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>
    };

    let mut highlight_terms = Vec::new();
    if text.trim().is_empty() {
        let all = || Box::new(AllQuery) as Box<dyn Query>;
        return Ok(BuiltQuery {
            ranked: with_filters(all(), Vec::new()),
            matching: with_filters(all(), Vec::new()),
            all_words: None,
            proximity: Vec::new(),
            prunable: false,
            highlight_terms,
        });
    }
    let Parsed {
        query: mut user_query,
        complained,
        names_entity,
    } = parse(news, &parser, &text, Occur::Should, &mut entities);
    // An entity's name may be words the index leaves out (`entity:of` finds "Bank of England").
    let has_terms = |query: &dyn Query| names_entity || has_any_term(query);
    if complained && !has_terms(user_query.as_ref()) {
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
    if highlight_terms.is_empty() && !has_terms(user_query.as_ref()) {
        // Only stop words or punctuation: nothing can match.
        let none = || Box::new(EmptyQuery) as Box<dyn Query>;
        return Ok(BuiltQuery {
            ranked: none(),
            matching: none(),
            all_words: None,
            proximity: Vec::new(),
            prunable: false,
            highlight_terms,
        });
    }

    // Quoted words already say how close they must be.
    let proximity = if text.contains('"') {
        Vec::new()
    } else {
        proximity_pairs(fields.body, &highlight_terms)
    };
    let words = highlight_terms.len();
    let plain = is_plain(&parser, fields.body, &text, user_query.as_ref(), words);
    let (all_words, all_words_fast) = if words > 1 && words <= ALL_WORDS_MAX_TERMS {
        parser.set_conjunction_by_default();
        let all_words = parse(news, &parser, &text, Occur::Must, &mut entities).query;
        // A phrase or a query of +required words already asks for every word.
        let same = format!("{all_words:?}") == format!("{user_query:?}");
        let fast: Box<dyn Query> = if plain {
            let terms = |word: &String| {
                vec![
                    (Term::from_field_text(fields.title, word), TITLE_BOOST),
                    (Term::from_field_text(fields.body, word), 1.0),
                ]
            };
            let filters = filters.iter().map(|f| f.box_clone()).collect();
            Box::new(
                AllWordsQuery::new(highlight_terms.iter().map(terms).collect())
                    .with_filters(filters),
            )
        } else {
            all_words.box_clone()
        };
        if same {
            (None, None)
        } else {
            (Some(all_words), Some(fast))
        }
    } else {
        (None, None)
    };

    let mut extras: Vec<(Occur, Box<dyn Query>)> = proximity
        .iter()
        .map(|pair| (Occur::Should, pair.query()))
        .collect();
    if let Some(all_words) = &all_words {
        let bonus = ConstScoreQuery::new(all_words.box_clone(), ALL_WORDS_BONUS);
        extras.push((Occur::Should, Box::new(bonus)));
    }
    let prunable = plain && extras.is_empty() && filters.is_empty();
    let matching = if plain {
        any_term(user_query.as_ref())
    } else {
        user_query.box_clone()
    };
    Ok(BuiltQuery {
        prunable,
        ranked: with_filters(user_query, extras),
        matching: with_filters(matching, Vec::new()),
        // Where every word is required, the conjunction scores an article as the sum of its
        // words' scores, which is what the user's query gives it.
        all_words: all_words_fast.map(|all_words| {
            if plain {
                all_words // the filters are inside
            } else {
                with_filters(all_words, Vec::new())
            }
        }),
        proximity,
        highlight_terms,
    })
}

/// The articles holding any term of `query`, a query of plain words, as one flat union.
///
/// To weigh the title, the parser nests each word's fields in a query of their own, and a
/// union of unions is walked document by document through boxed scorers; tantivy walks a flat
/// union of terms in blocks. Counting, sorting by date and facets need no scores, so they take
/// the flat one (sorting a million articles by date: 4.6 → 3.3 ms for `interest rates`).
fn any_term(query: &dyn Query) -> Box<dyn Query> {
    let mut terms: Vec<Term> = Vec::new();
    query.query_terms(&mut |term, _| {
        if !terms.contains(term) {
            terms.push(term.clone());
        }
    });
    let clauses = terms
        .into_iter()
        .map(|term| {
            let query = TermQuery::new(term, IndexRecordOption::Basic);
            (Occur::Should, Box::new(query) as Box<dyn Query>)
        })
        .collect();
    Box::new(BooleanQuery::new(clauses))
}

/// True when the query is plain words, each searched in the title and the body and none
/// twice: then [`AllWordsQuery`] scores an article holding them all as the parsed query does.
fn is_plain(
    parser: &QueryParser,
    body: Field,
    text: &str,
    parsed: &dyn Query,
    distinct_words: usize,
) -> bool {
    let (plain, _) = parser.parse_query_lenient(&plain_words(text));
    let mut body_terms = 0;
    parsed.query_terms(&mut |term, _| body_terms += usize::from(term.field() == body));
    format!("{plain:?}") == format!("{parsed:?}") && body_terms == distinct_words
}

/// The request's filters (dates, entities), as clauses that match without scoring.
fn filters(
    news: &NewsIndex,
    request: &SearchRequest,
    entities: &mut EntityQueries,
) -> Vec<Box<dyn Query>> {
    let fields = &news.fields;
    let mut filters: Vec<Box<dyn Query>> = Vec::new();
    if request.since.is_some() || request.until.is_some() {
        let bound = |d: Option<chrono::DateTime<chrono::Utc>>| match d {
            Some(d) => Bound::Included(Term::from_field_date(
                fields.date,
                tantivy::DateTime::from_timestamp_secs(d.timestamp()),
            )),
            None => Bound::Unbounded,
        };
        filters.push(Box::new(RangeQuery::new(
            bound(request.since),
            bound(request.until),
        )));
    }
    for (kind, name) in &request.typed_entities {
        filters.push(entities.get(news, Some(*kind), name));
    }
    for name in &request.entities {
        filters.push(entities.get(news, None, name));
    }
    filters
        .into_iter()
        .map(|q| Box::new(ConstScoreQuery::new(q, 0.0)) as Box<dyn Query>)
        .collect()
}

/// Queries longer than this (in characters) are cut at a word boundary: nobody types more,
/// and it bounds the work a pasted document can cause.
const MAX_QUERY_CHARS: usize = 4096;
/// Parentheses nested deeper than this are dropped and their contents read as words; it also
/// keeps the query grammar's recursive parser off deep stacks.
const MAX_NESTING: usize = 8;

/// Two adjacent query words, rewarded when they stand close together in the body, as they
/// do when the article is about what the query describes.
pub(super) struct Proximity {
    terms: [Term; 2],
}

impl Proximity {
    /// The query that scores the reward: the two words within [`PROXIMITY_SLOP`] positions of
    /// their order in the query, weighted by [`PROXIMITY_BOOST`].
    pub fn query(&self) -> Box<dyn Query> {
        let [first, second] = self.terms.clone();
        let near =
            PhraseQuery::new_with_offset_and_slop(vec![(0, first), (1, second)], PROXIMITY_SLOP);
        Box::new(BoostQuery::new(Box::new(near), PROXIMITY_BOOST))
    }

    /// The most the reward can add to any article's score: BM25 of the phrase as its
    /// frequency grows without bound.
    pub fn max_score(&self, searcher: &Searcher) -> Result<f32> {
        let weight = Bm25Weight::for_terms(searcher, &self.terms)?;
        Ok(weight.boost_by(PROXIMITY_BOOST).max_score())
    }
}

fn proximity_pairs(body: Field, words: &[String]) -> Vec<Proximity> {
    words
        .windows(2)
        .map(|pair| Proximity {
            terms: [
                Term::from_field_text(body, &pair[0]),
                Term::from_field_text(body, &pair[1]),
            ],
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

/// The field of entity names in the query syntax (`entity:"North Korea"`). The index has no
/// such field: see [`EntityQuery`].
const ENTITY_FIELD: &str = "entity";

/// A query as [`parse`] read it.
struct Parsed {
    query: Box<dyn Query>,
    /// The grammar or the parser found something wrong.
    complained: bool,
    /// The query has an `entity:` clause.
    names_entity: bool,
}

/// Parses `text` as `parser` does, but reads `entity:` clauses as [`EntityQueries::get`]. `default`
/// is the parser's occurrence for clauses that give none.
fn parse(
    news: &NewsIndex,
    parser: &QueryParser,
    text: &str,
    default: Occur,
    entities: &mut EntityQueries,
) -> Parsed {
    // What `QueryParser::parse_query_lenient` does, in two steps, to look between them.
    let (ast, errors) = query_grammar::parse_query_lenient(text);
    let mut complained = !errors.is_empty();
    let has_entity = names_entity(&ast);
    let query = if has_entity {
        with_entities(news, parser, ast, default, entities).unwrap_or_else(|| Box::new(EmptyQuery))
    } else {
        let (query, errors) = parser.build_query_from_user_input_ast_lenient(ast);
        complained |= !errors.is_empty();
        query
    };
    Parsed {
        query,
        complained,
        names_entity: has_entity,
    }
}

/// Whether the query has an `entity:` clause.
fn names_entity(ast: &UserInputAst) -> bool {
    match ast {
        UserInputAst::Clause(clauses) => clauses.iter().any(|(_, ast)| names_entity(ast)),
        UserInputAst::Boost(ast, _) => names_entity(ast),
        UserInputAst::Leaf(leaf) => entity_literal(leaf).is_some(),
    }
}

/// The words of an `entity:` clause.
fn entity_literal(leaf: &UserInputLeaf) -> Option<&str> {
    match leaf {
        UserInputLeaf::Literal(literal) if literal.field_name.as_deref() == Some(ENTITY_FIELD) => {
            Some(&literal.phrase)
        }
        _ => None,
    }
}

/// The query of `ast`, built by the parser except for its `entity:` clauses; None when nothing
/// in it can match (a clause of stop words), which the parser leaves out of the query too.
fn with_entities(
    news: &NewsIndex,
    parser: &QueryParser,
    ast: UserInputAst,
    default: Occur,
    entities: &mut EntityQueries,
) -> Option<Box<dyn Query>> {
    if !names_entity(&ast) {
        let (query, _) = parser.build_query_from_user_input_ast_lenient(ast);
        return (!query.is::<EmptyQuery>()).then_some(query);
    }
    match ast {
        UserInputAst::Leaf(leaf) => {
            entity_literal(&leaf).map(|name| entities.get(news, None, name))
        }
        UserInputAst::Boost(ast, boost) => with_entities(news, parser, *ast, default, entities)
            .map(|query| Box::new(BoostQuery::new(query, boost.0 as f32)) as Box<dyn Query>),
        UserInputAst::Clause(clauses) => {
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = clauses
                .into_iter()
                .filter_map(|(occur, ast)| {
                    let query = with_entities(news, parser, ast, default, entities)?;
                    Some((occur.unwrap_or(default), query))
                })
                .collect();
            if clauses.is_empty() {
                return None;
            }
            if clauses.iter().all(|(occur, _)| *occur == Occur::MustNot) {
                // `-entity:x` alone: every article but those.
                clauses.push((Occur::Must, Box::new(AllQuery)));
            }
            Some(Box::new(BooleanQuery::new(clauses)))
        }
    }
}

/// The entity queries of one request, one for each type and name: the query text is read
/// twice (ranked, and with every word required), and the clones of one entity query share the
/// tags its scans found, so that each segment's tags are scanned once.
#[derive(Default)]
struct EntityQueries(Vec<(Option<EntityKind>, String, EntityQuery)>);

impl EntityQueries {
    /// Articles with an entity (of type `kind`, if given) whose name holds the words of `name`,
    /// in order and whole: `--person lavrov` finds `PERSON:Sergei Lavrov`.
    fn get(&mut self, news: &NewsIndex, kind: Option<EntityKind>, name: &str) -> Box<dyn Query> {
        if let Some((_, _, query)) = self.0.iter().find(|(k, n, _)| *k == kind && n == name) {
            return Box::new(query.clone());
        }
        let words = name_words(&mut analyzer::names_analyzer(), name);
        if words.is_empty() {
            return Box::new(EmptyQuery);
        }
        let query = EntityQuery::new(
            name_candidates(news, name),
            news.fields.entity_tag,
            kind,
            words,
        );
        self.0.push((kind, name.to_string(), query.clone()));
        Box::new(query)
    }
}

/// The articles whose title or body holds every word of `name`: each of an entity's words is a
/// word of the text it was found in, so these include every article with the entity. Scored
/// as the words are, for `entity:` in a query.
fn name_candidates(news: &NewsIndex, name: &str) -> Box<dyn Query> {
    let fields = &news.fields;
    let mut terms: Vec<String> = Vec::new();
    analyzer::analyzer()
        .token_stream(name)
        .process(&mut |token| {
            if !terms.contains(&token.text) {
                terms.push(token.text.clone());
            }
        });
    if terms.is_empty() {
        // Stop words alone ("The Who"): every article is a candidate.
        return Box::new(AllQuery);
    }
    let term = |field, word: &str| -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, word),
            IndexRecordOption::WithFreqs,
        ))
    };
    let clauses = terms
        .iter()
        .map(|word| {
            let title = Box::new(BoostQuery::new(term(fields.title, word), TITLE_BOOST));
            let either = BooleanQuery::union(vec![title, term(fields.body, word)]);
            (Occur::Must, Box::new(either) as Box<dyn Query>)
        })
        .collect();
    Box::new(BooleanQuery::new(clauses))
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

    /// Entity names are matched by their words unstemmed: "Banking" is not "Banks".
    #[test]
    fn entity_names_are_not_stemmed() {
        use crate::search::{Engine, SearchRequest};
        let (_dir, news) = crate::search::index_of([
            serde_json::json!({"id": "lender", "title": "Lenders",
                "body": "Shares of Lloyds Banking Group fell on Monday in London."}),
            serde_json::json!({"id": "senator", "title": "Budget",
                "body": "Senator Jim Banks said on Monday that the budget would pass."}),
        ]);
        let engine = Engine::new(news).unwrap();
        let ids = |entity: &str, query: &str| {
            let request = SearchRequest {
                query: query.to_string(),
                entities: vec![entity.to_string()],
                ..SearchRequest::default()
            };
            crate::search::found_ids(&engine, request)
        };
        assert_eq!(ids("banking", ""), ["lender"]);
        assert_eq!(ids("Banks", ""), ["senator"]);
        assert_eq!(ids("lloyds banking", ""), ["lender"]);
        assert_eq!(ids("London", ""), ["lender"]);
        assert!(ids("bank", "").is_empty());
        // The same words through the query syntax.
        assert_eq!(ids("London", "entity:\"lloyds banking group\""), ["lender"]);
    }
}
