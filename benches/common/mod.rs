//! Shared by the benchmarks (`benches/search.rs`) and the baseline binary
//! (`examples/bench_baseline.rs`): the raw-tantivy baseline, the fixed query set, and small
//! measurement helpers.
//!
//! The baseline is deliberately the plainest tantivy code a newcomer would write from the
//! tantivy examples: a schema with title, body (both `en_stem`) and date; JSON Lines read line
//! by line on one thread and handed to an `IndexWriter` with 2 threads; `QueryParser` over
//! title and body, `TopDocs`, and tantivy's `SnippetGenerator` on the body of each hit.
#![allow(dead_code)] // each target that includes this module uses a different part of it

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, RangeQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TantivyDocument, TextFieldIndexing, TextOptions, Value, FAST,
    INDEXED, STORED, STRING,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Index, IndexReader, IndexWriter, Order, ReloadPolicy, Term};

/// Writer memory budget used by both systems unless told otherwise (newsearch's default).
pub const DEFAULT_BUDGET_MB: usize = 256;
/// Indexing threads of the baseline's writer (the issue fixes it at 2).
pub const BASELINE_THREADS: usize = 2;
/// Hits per query, each with a snippet.
pub const LIMIT: usize = 10;
/// Snippet length in characters for both systems (newsearch's default).
pub const SNIPPET_CHARS: usize = 200;

// ---------------------------------------------------------------------------------------------
// The baseline
// ---------------------------------------------------------------------------------------------

/// Handles to the baseline's fields.
#[derive(Clone)]
pub struct BaselineFields {
    pub schema: Schema,
    pub id: Field,
    pub title: Field,
    pub body: Field,
    pub date: Field,
}

impl BaselineFields {
    /// title and body: TEXT|STORED with the `en_stem` tokenizer; date: DATE|INDEXED|FAST|STORED;
    /// id: STRING|STORED (so a hit can be named).
    pub fn new() -> BaselineFields {
        let mut b = Schema::builder();
        let text = TextOptions::default()
            .set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer("en_stem")
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            )
            .set_stored();
        let id = b.add_text_field("id", STRING | STORED);
        let title = b.add_text_field("title", text.clone());
        let body = b.add_text_field("body", text);
        let date = b.add_date_field("date", INDEXED | FAST | STORED);
        BaselineFields {
            schema: b.build(),
            id,
            title,
            body,
            date,
        }
    }
}

/// What an indexing run of the baseline did.
#[derive(Debug, Default, Serialize)]
pub struct BaselineIndexed {
    pub articles: u64,
    pub body_bytes: u64,
    pub seconds: f64,
    pub articles_per_second: f64,
}

fn create_index(dir: &Path) -> Result<(Index, BaselineFields)> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    std::fs::create_dir_all(dir)?;
    let fields = BaselineFields::new();
    let index = Index::create_in_dir(dir, fields.schema.clone())?;
    Ok((index, fields))
}

fn add_article(
    writer: &IndexWriter,
    fields: &BaselineFields,
    stats: &mut BaselineIndexed,
    id: &str,
    title: &str,
    body: &str,
    date: Option<DateTime<Utc>>,
) -> Result<()> {
    let mut doc = TantivyDocument::new();
    doc.add_text(fields.id, id);
    doc.add_text(fields.title, title);
    doc.add_text(fields.body, body);
    if let Some(date) = date {
        doc.add_date(
            fields.date,
            tantivy::DateTime::from_timestamp_secs(date.timestamp()),
        );
    }
    writer.add_document(doc)?;
    stats.articles += 1;
    stats.body_bytes += body.len() as u64;
    Ok(())
}

fn finish(
    mut writer: IndexWriter,
    mut stats: BaselineIndexed,
    started: Instant,
) -> Result<BaselineIndexed> {
    writer.commit()?;
    writer.wait_merging_threads()?;
    stats.seconds = started.elapsed().as_secs_f64();
    stats.articles_per_second = stats.articles as f64 / stats.seconds.max(1e-9);
    Ok(stats)
}

/// Indexes a JSON Lines file (`id`, `title`, `date`, `body`) into a new index at `dir`.
pub fn index_jsonl(jsonl: &Path, dir: &Path, budget_bytes: usize) -> Result<BaselineIndexed> {
    let started = Instant::now();
    let (index, fields) = create_index(dir)?;
    let writer: IndexWriter = index.writer_with_num_threads(BASELINE_THREADS, budget_bytes)?;
    let mut stats = BaselineIndexed::default();
    let file = File::open(jsonl).with_context(|| format!("opening {}", jsonl.display()))?;
    for line in BufReader::new(file).lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        let text = |key: &str| value.get(key).and_then(|v| v.as_str()).unwrap_or("");
        let date = DateTime::parse_from_rfc3339(text("date"))
            .ok()
            .map(|d| d.with_timezone(&Utc));
        add_article(
            &writer,
            &fields,
            &mut stats,
            text("id"),
            text("title"),
            text("body"),
            date,
        )?;
    }
    finish(writer, stats, started)
}

/// Indexes a directory tree of `.txt` articles in the scraped-page layout (title line, a
/// `Posted: May 13, 2017 at 6:02 am` line, blank line, body) into a new index at `dir`.
pub fn index_text_files(root: &Path, dir: &Path, budget_bytes: usize) -> Result<BaselineIndexed> {
    let started = Instant::now();
    let (index, fields) = create_index(dir)?;
    let writer: IndexWriter = index.writer_with_num_threads(BASELINE_THREADS, budget_bytes)?;
    let mut stats = BaselineIndexed::default();
    for entry in walkdir::WalkDir::new(root) {
        let entry = entry?;
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let mut lines = text.lines();
        let title = lines.next().unwrap_or("").trim();
        let mut rest = lines.clone();
        let date = match lines.next() {
            Some(line) if line.starts_with("Posted: ") => {
                rest = lines;
                NaiveDateTime::parse_from_str(&line[8..], "%B %d, %Y at %I:%M %p")
                    .ok()
                    .map(|d| d.and_utc())
            }
            _ => None,
        };
        let body = rest.collect::<Vec<_>>().join("\n");
        let id = path.to_string_lossy();
        add_article(&writer, &fields, &mut stats, &id, title, body.trim(), date)?;
    }
    finish(writer, stats, started)
}

/// One hit of the baseline: enough to print it.
pub struct BaselineHit {
    pub score: f32,
    pub id: String,
    pub title: String,
    pub date: Option<String>,
    pub snippet: String,
}

/// An opened baseline index.
pub struct Baseline {
    pub index: Index,
    pub reader: IndexReader,
    pub fields: BaselineFields,
    pub parser: QueryParser,
}

impl Baseline {
    pub fn open(dir: &Path) -> Result<Baseline> {
        let index =
            Index::open_in_dir(dir).with_context(|| format!("opening {}", dir.display()))?;
        let fields = BaselineFields::new();
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let parser = QueryParser::for_index(&index, vec![fields.title, fields.body]);
        Ok(Baseline {
            index,
            reader,
            fields,
            parser,
        })
    }

    /// Runs one query: top [`LIMIT`] hits, each with a body snippet.
    pub fn search(&self, q: &BenchQuery) -> Result<Vec<BaselineHit>> {
        let searcher = self.reader.searcher();
        let parsed = self.parser.parse_query(&q.text)?;
        let query: Box<dyn Query> = match q.range {
            None => parsed,
            Some((since, until)) => {
                let term = |d: DateTime<Utc>| {
                    Term::from_field_date(
                        self.fields.date,
                        tantivy::DateTime::from_timestamp_secs(d.timestamp()),
                    )
                };
                let range =
                    RangeQuery::new(Bound::Included(term(since)), Bound::Included(term(until)));
                Box::new(BooleanQuery::new(vec![
                    (Occur::Must, parsed),
                    (Occur::Must, Box::new(range)),
                ]))
            }
        };
        let top: Vec<(f32, tantivy::DocAddress)> = if q.newest {
            searcher
                .search(
                    &query,
                    &TopDocs::with_limit(LIMIT)
                        .order_by_fast_field::<tantivy::DateTime>("date", Order::Desc),
                )?
                .into_iter()
                .map(|(_, address)| (0.0, address))
                .collect()
        } else {
            searcher.search(&query, &TopDocs::with_limit(LIMIT).order_by_score())?
        };
        let mut snippets = SnippetGenerator::create(&searcher, &*query, self.fields.body)?;
        snippets.set_max_num_chars(SNIPPET_CHARS);
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string()
            };
            let date = doc
                .get_first(self.fields.date)
                .and_then(|v| v.as_datetime())
                .and_then(|d| DateTime::<Utc>::from_timestamp(d.into_timestamp_secs(), 0))
                .map(|d| d.to_rfc3339());
            let snippet = snippets.snippet_from_doc(&doc);
            hits.push(BaselineHit {
                score,
                id: text(self.fields.id),
                title: text(self.fields.title),
                date,
                snippet: snippet.to_html(),
            });
        }
        Ok(hits)
    }

    /// Earliest and latest article date in the index.
    pub fn date_range(&self) -> Result<Option<(DateTime<Utc>, DateTime<Utc>)>> {
        let searcher = self.reader.searcher();
        let (mut min, mut max) = (i64::MAX, i64::MIN);
        for segment in searcher.segment_readers() {
            let column = segment.fast_fields().date("date")?;
            if column.num_docs() == 0 {
                continue;
            }
            min = min.min(column.min_value().into_timestamp_secs());
            max = max.max(column.max_value().into_timestamp_secs());
        }
        if min > max {
            return Ok(None);
        }
        Ok(DateTime::from_timestamp(min, 0).zip(DateTime::from_timestamp(max, 0)))
    }
}

// ---------------------------------------------------------------------------------------------
// The fixed query set
// ---------------------------------------------------------------------------------------------

/// One benchmark query, runnable on both systems.
#[derive(Debug, Clone)]
pub struct BenchQuery {
    /// `word`, `multi`, `phrase`, `dated` or `newest`.
    pub class: &'static str,
    /// The query text, in syntax both systems read alike.
    pub text: String,
    /// Inclusive date range filter.
    pub range: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// Sort by date, newest first, instead of by score.
    pub newest: bool,
}

pub const CLASSES: [&str; 5] = ["word", "multi", "phrase", "dated", "newest"];

const WORDS: &[&str] = &[
    "oil",
    "coffee",
    "dollar",
    "bank",
    "tariffs",
    "wheat",
    "acquisition",
    "inflation",
];
const MULTI: &[&str] = &[
    "interest rates",
    "crude oil prices",
    "trade deficit japan",
    "federal reserve money supply",
    "sugar exports",
    "opec production quota",
];
const PHRASES: &[&str] = &[
    "\"interest rates\"",
    "\"trade deficit\"",
    "\"crude oil\"",
    "\"stock exchange\"",
    "\"central bank\"",
];
const DATED: &[&str] = &[
    "oil",
    "interest rates",
    "\"trade deficit\"",
    "grain exports",
];
const NEWEST: &[&str] = &["oil", "interest rates", "\"central bank\"", "coffee prices"];

/// The fixed query set. Date-filtered queries keep the middle tenth of the corpus's date range,
/// so the filter selects a comparable share of any corpus.
pub fn query_set(dates: Option<(DateTime<Utc>, DateTime<Utc>)>) -> Vec<BenchQuery> {
    let q = |class, text: &str, range, newest| BenchQuery {
        class,
        text: text.to_string(),
        range,
        newest,
    };
    let mut set = Vec::new();
    set.extend(WORDS.iter().map(|t| q("word", t, None, false)));
    set.extend(MULTI.iter().map(|t| q("multi", t, None, false)));
    set.extend(PHRASES.iter().map(|t| q("phrase", t, None, false)));
    if let Some((min, max)) = dates {
        let span = max - min;
        let range = (min + span * 45 / 100, min + span * 55 / 100);
        set.extend(DATED.iter().map(|t| q("dated", t, Some(range), false)));
    }
    set.extend(NEWEST.iter().map(|t| q("newest", t, None, true)));
    set
}

/// The same query as a newsearch request (10 hits, default snippets).
pub fn newsearch_request(q: &BenchQuery) -> newsearch::search::SearchRequest {
    newsearch::search::SearchRequest {
        query: q.text.clone(),
        limit: LIMIT,
        since: q.range.map(|r| r.0),
        until: q.range.map(|r| r.1),
        sort: if q.newest {
            newsearch::search::SortOrder::Newest
        } else {
            newsearch::search::SortOrder::Relevance
        },
        snippet_chars: SNIPPET_CHARS,
        ..Default::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Measurement helpers
// ---------------------------------------------------------------------------------------------

/// p50, p90, p99 (nearest rank) of `samples`, in milliseconds.
pub fn percentiles(samples: &mut [Duration]) -> [f64; 3] {
    if samples.is_empty() {
        return [f64::NAN; 3];
    }
    samples.sort_unstable();
    let at = |p: f64| {
        let rank = ((p * samples.len() as f64).ceil() as usize).clamp(1, samples.len());
        samples[rank - 1].as_secs_f64() * 1000.0
    };
    [at(0.50), at(0.90), at(0.99)]
}

/// Where the cached indexes of a corpus live: `$NEWSEARCH_BENCH_CACHE` (default
/// `/tmp/newsearch-bench`) / `<file name>-<size>-<mtime>`, so a changed corpus gets new ones.
pub fn cache_dir(corpus: &Path) -> Result<PathBuf> {
    let meta = std::fs::metadata(corpus).with_context(|| format!("{}", corpus.display()))?;
    let mtime = meta
        .modified()?
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs();
    let name = corpus
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let root = std::env::var_os("NEWSEARCH_BENCH_CACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp/newsearch-bench"));
    Ok(root.join(format!("{name}-{}-{mtime}", meta.len())))
}
