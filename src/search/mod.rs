//! Searching: a [`SearchRequest`] becomes a tantivy query, the top documents become [`Hit`]s
//! with snippets.

mod all_words;
pub mod count;
mod entity_query;
pub mod facets;
mod query;
mod rank;
pub mod snippet;

use std::path::PathBuf;
use std::time::Instant;

use chrono::{DateTime, Utc};
use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::schema::{TantivyDocument, Value};
use tantivy::{DocAddress, IndexReader, Order, Searcher};

use crate::entities::{Entity, EntityKind};
use crate::error::{Error, Result};
use crate::index::{schema, NewsIndex};
pub use count::HitCount;
use count::EXACT_UP_TO;
pub use snippet::Snippet;

/// How many entities of each type `--facets` lists.
const FACET_TOP: usize = 10;

/// How hits are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SortOrder {
    /// Best match first.
    #[default]
    Relevance,
    /// Latest date first; undated articles last.
    Newest,
    /// Earliest date first; undated articles last.
    Oldest,
}

/// A validated search.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchRequest {
    /// The query as typed (may be empty when filters alone select articles).
    pub query: String,
    /// How many hits to return.
    pub limit: usize,
    /// How many of the best hits to pass over first (for paging).
    pub offset: usize,
    /// Only articles dated at or after this instant.
    pub since: Option<DateTime<Utc>>,
    /// Only articles dated at or before this instant.
    pub until: Option<DateTime<Utc>>,
    /// Order of the hits.
    pub sort: SortOrder,
    /// Only articles that mention each of these entities.
    pub entities: Vec<String>,
    /// Only articles that mention each of these entities with this type.
    pub typed_entities: Vec<(EntityKind, String)>,
    /// Count the top entities of each type among all matches.
    pub facets: bool,
    /// Target length of each snippet, in characters; 0 leaves snippets out (for scripts and
    /// evaluations that need only the ranking).
    pub snippet_chars: usize,
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            query: String::new(),
            limit: 10,
            offset: 0,
            since: None,
            until: None,
            sort: SortOrder::Relevance,
            entities: Vec::new(),
            typed_entities: Vec::new(),
            facets: false,
            snippet_chars: 200,
        }
    }
}

/// One matching article, ready to show.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// Position in the result list, from 1 (offset included).
    pub rank: usize,
    /// Relevance score (higher is better).
    pub score: f32,
    /// The article's id.
    pub id: String,
    /// The file it came from.
    pub path: PathBuf,
    /// Headline.
    pub title: String,
    /// Publication time, RFC 3339.
    pub date: Option<String>,
    /// Source URL.
    pub url: Option<String>,
    /// Authors.
    pub authors: Vec<String>,
    /// Entities the article mentions.
    pub entities: Vec<Entity>,
    /// The passage that best shows why the article matched.
    pub snippet: String,
    /// Where the query's words are in `snippet`: `[start, end)` in characters.
    pub highlights: Vec<[usize; 2]>,
}

/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// The query as typed.
    pub query: String,
    /// All matching articles, not just those returned; a lower bound when
    /// `total_hits_exact` is false.
    pub total_hits: usize,
    /// False when the search stopped counting at `total_hits` (see [`count::EXACT_UP_TO`]);
    /// `--limit 0` always counts exactly.
    pub total_hits_exact: bool,
    /// Time spent searching and building snippets, in milliseconds.
    pub took_ms: f64,
    /// The requested page of hits.
    pub hits: Vec<Hit>,
    /// The top entities of each type among all matches, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<facets::Facets>,
}

/// An open index, ready to answer any number of searches.
pub struct Engine {
    news: NewsIndex,
    reader: IndexReader,
}

impl Engine {
    /// Prepares to search `news`.
    pub fn new(news: NewsIndex) -> Result<Engine> {
        let reader = news.reader()?;
        Ok(Engine { news, reader })
    }

    /// Runs one search.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        let started = Instant::now();
        let searcher = self.reader.searcher();
        let mut results = SearchResults {
            query: request.query.clone(),
            total_hits: 0,
            total_hits_exact: true,
            took_ms: 0.0,
            hits: Vec::new(),
            facets: None,
        };
        let mut built = query::build(&self.news, request, query::Reading::Grammar)?;
        let (addresses, count) = match self.top_docs(&searcher, &built, request) {
            Ok(found) => found,
            // Some grammar the parser accepts fails only when run (`korea title:*` asks for a
            // column the field does not have): search the words instead.
            Err(Error::Tantivy(_)) => {
                built = query::build(&self.news, request, query::Reading::PlainWords)?;
                self.top_docs(&searcher, &built, request)?
            }
            Err(other) => return Err(other),
        };
        results.total_hits = count.value;
        results.total_hits_exact = count.exact;
        if request.facets {
            results.facets = Some(facets::facets(
                &self.news,
                &searcher,
                built.matching.as_ref(),
                FACET_TOP,
            )?);
        }

        let mut highlighter = snippet::Highlighter::new(&built.highlight_terms);
        for (i, (score, address)) in addresses.into_iter().enumerate() {
            let doc: TantivyDocument = searcher.doc(address)?;
            let entities = self.entities_of(&searcher, address)?;
            let mut hit = self.hit_from(&doc, entities, request.offset + i + 1, score);
            let body = doc
                .get_first(self.news.fields.body)
                .and_then(|v| v.as_str())
                .unwrap_or("");
            if request.snippet_chars > 0 {
                let snippet = highlighter.snippet(body, request.snippet_chars);
                hit.snippet = snippet.text;
                hit.highlights = snippet.highlights;
            }
            results.hits.push(hit);
        }
        results.took_ms = started.elapsed().as_secs_f64() * 1000.0;
        Ok(results)
    }

    /// The requested page of documents, best first, with the number of all matches.
    fn top_docs(
        &self,
        searcher: &Searcher,
        built: &query::BuiltQuery,
        request: &SearchRequest,
    ) -> Result<(Vec<(f32, DocAddress)>, HitCount)> {
        if request.limit == 0 {
            let value = searcher.search(&built.matching, &Count)?;
            return Ok((Vec::new(), HitCount { value, exact: true }));
        }
        let order = match request.sort {
            SortOrder::Relevance => return self.top_by_relevance(searcher, built, request),
            SortOrder::Newest => Order::Desc,
            SortOrder::Oldest => Order::Asc,
        };
        let date_field = self
            .news
            .fields
            .schema
            .get_field_name(self.news.fields.date);
        let top = TopDocs::with_limit(request.limit).and_offset(request.offset);
        let by_date = top.order_by_fast_field::<tantivy::DateTime>(date_field, order);
        // Sorting by date visits every match anyway, so the exact count comes almost free.
        let (docs, value) = searcher.search(&built.matching, &(by_date, Count))?;
        let docs = docs
            .into_iter()
            .map(|(_, address)| (f32::NAN, address))
            .collect();
        Ok((docs, HitCount { value, exact: true }))
    }

    /// The best matches. Articles holding every word of a short query rank first, and there
    /// are usually enough of them to fill the page: then only some of them are scored (see
    /// [`rank`]). A query of plain words runs alone, so that tantivy can skip the matches that
    /// cannot reach the page (block-max WAND); any other scores every match.
    fn top_by_relevance(
        &self,
        searcher: &Searcher,
        built: &query::BuiltQuery,
        request: &SearchRequest,
    ) -> Result<(Vec<(f32, DocAddress)>, HitCount)> {
        let count_apart = || count::count_up_to(searcher, built.matching.as_ref(), EXACT_UP_TO);
        if let Some(all_words) = &built.all_words {
            let wanted = request.limit + request.offset;
            let best =
                rank::best_of_all_words(searcher, all_words.as_ref(), &built.proximity, wanted)?;
            if let Some(best) = best {
                let page = best
                    .into_iter()
                    .skip(request.offset)
                    .map(|(score, address)| (score + query::ALL_WORDS_BONUS, address))
                    .collect();
                return Ok((page, count_apart()?));
            }
        }
        let top = TopDocs::with_limit(request.limit).and_offset(request.offset);
        if built.prunable {
            return Ok((
                searcher.search(&built.ranked, &top.order_by_score())?,
                count_apart()?,
            ));
        }
        // Every match gets scored anyway: count them on the way.
        let (docs, value) = searcher.search(&built.ranked, &(top.order_by_score(), Count))?;
        Ok((docs, HitCount { value, exact: true }))
    }

    /// The entities of an article, in the order extraction gave them (most mentioned first),
    /// from the tags' fast column: storing them as well cost 1 % of an indexing run.
    fn entities_of(&self, searcher: &Searcher, address: DocAddress) -> Result<Vec<Entity>> {
        let f = &self.news.fields;
        let reader = searcher.segment_reader(address.segment_ord);
        let Some(tags) = reader
            .fast_fields()
            .str(f.schema.get_field_name(f.entity_tag))?
        else {
            return Ok(Vec::new());
        };
        let mut entities = Vec::new();
        let mut tag = String::new();
        for ord in tags.term_ords(address.doc_id) {
            if !tags.ord_to_str(ord, &mut tag)? {
                continue;
            }
            if let Some((kind, name)) = schema::parse_entity_tag(&tag) {
                entities.push(Entity {
                    name: name.to_string(),
                    kind,
                });
            }
        }
        Ok(entities)
    }

    fn hit_from(
        &self,
        doc: &TantivyDocument,
        entities: Vec<Entity>,
        rank: usize,
        score: f32,
    ) -> Hit {
        let f = &self.news.fields;
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let date = doc
            .get_first(f.date)
            .and_then(|v| v.as_datetime())
            .and_then(|d| DateTime::<Utc>::from_timestamp(d.into_timestamp_secs(), 0))
            .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
        Hit {
            rank,
            score: if score.is_nan() { 0.0 } else { score },
            id: text(f.id).unwrap_or_default(),
            path: PathBuf::from(crate::crawl::shown_path(&text(f.path).unwrap_or_default())),
            title: text(f.title).unwrap_or_default(),
            date,
            url: text(f.url),
            authors: doc
                .get_all(f.author)
                .filter_map(|v| v.as_str())
                .map(str::to_string)
                .collect(),
            entities,
            snippet: String::new(),
            highlights: Vec::new(),
        }
    }
}

/// Explains a document's score under `weight` by scoring it; `missing` says why a document
/// that does not match failed to.
fn explain_by_scoring(
    weight: &dyn tantivy::query::Weight,
    reader: &tantivy::SegmentReader,
    doc: tantivy::DocId,
    what: &'static str,
    missing: &str,
) -> tantivy::Result<tantivy::query::Explanation> {
    let mut scorer = weight.scorer(reader, 1.0)?;
    if scorer.doc() < doc {
        scorer.seek(doc);
    }
    if scorer.doc() != doc {
        return Err(tantivy::TantivyError::InvalidArgument(format!(
            "document {doc} {missing}"
        )));
    }
    Ok(tantivy::query::Explanation::new(what, scorer.score()))
}

/// Whether `scorer` matches `doc`, asked without letting it walk on to its next match: a
/// phrase scorer's `seek` reads positions all the way to the next article with the phrase, a
/// date range's scans its column. Documents must be asked in increasing order, and
/// `next_possible` (first `scorer.doc()`) kept between calls; the scorer may be scored only
/// right after a `true`.
fn matches_exactly(
    scorer: &mut dyn tantivy::query::Scorer,
    doc: tantivy::DocId,
    next_possible: &mut tantivy::DocId,
) -> bool {
    if doc < *next_possible {
        return false;
    }
    match scorer.seek_danger(doc) {
        tantivy::SeekDangerResult::Found => {
            *next_possible = doc + 1;
            true
        }
        tantivy::SeekDangerResult::SeekLowerBound(bound) => {
            *next_possible = bound;
            false
        }
    }
}

/// For tests: the ids of the articles a request finds (all of them, not a page), sorted.
#[cfg(test)]
fn found_ids(engine: &Engine, request: SearchRequest) -> Vec<String> {
    let request = SearchRequest {
        limit: 10_000,
        ..request
    };
    let mut ids: Vec<String> = engine
        .search(&request)
        .unwrap()
        .hits
        .into_iter()
        .map(|hit| hit.id)
        .collect();
    ids.sort();
    ids
}

/// For tests: an index of the given articles (JSON objects, one per line of a JSON Lines
/// file), built as `newsearch index` builds one; the directory lives as long as the `TempDir`.
#[cfg(test)]
fn index_of(
    articles: impl IntoIterator<Item = serde_json::Value>,
) -> (tempfile::TempDir, NewsIndex) {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    let mut out = std::io::BufWriter::new(std::fs::File::create(docs.join("a.jsonl")).unwrap());
    for article in articles {
        writeln!(out, "{article}").unwrap();
    }
    drop(out);
    let ix = dir.path().join("ix");
    crate::eval::build_index(&docs, &ix).unwrap();
    let news = NewsIndex::open(&ix).unwrap();
    (dir, news)
}
