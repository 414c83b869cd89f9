//! The indexing pipeline: crawl the paths, decide what changed, parse changed files on all
//! cores, and write them with one tantivy writer in a single commit.
//!
//! A single commit at the end means a run that is interrupted, however late, leaves the last
//! committed index exactly as it was; the next run redoes the work.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;
use tantivy::schema::TantivyDocument;
use tantivy::{Index, IndexWriter, Term};

use super::manifest::Manifest;
use super::merge_policy::BoundedMergePolicy;
use super::{analyzer, exists, lock_error, Fields, NewsIndex};
use crate::article::{self, Article, Parsed, Skip};
use crate::crawl::{canonical_roots, crawl, path_key, FileEntry, Stamp};
use crate::entities;
use crate::error::{Error, Result};

/// Everything an indexing run needs to know, validated.
#[derive(Debug, Clone)]
pub struct IndexRequest {
    /// Where the index lives.
    pub index_dir: PathBuf,
    /// Files and directories to index.
    pub paths: Vec<PathBuf>,
    /// Start over instead of updating.
    pub rebuild: bool,
    /// The writer's memory budget in bytes, shared by its threads.
    pub memory_budget: usize,
    /// Indexing threads of the writer.
    pub threads: usize,
    /// Run entity extraction (turned off only to measure what it costs).
    pub extract_entities: bool,
}

/// What an indexing run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IndexSummary {
    /// Regular files found under the paths.
    pub files_seen: u64,
    /// Files left alone because they did not change since the last run.
    pub files_unchanged: u64,
    /// Articles added that the index did not hold before.
    pub articles_indexed: u64,
    /// Articles whose content changed since the last run.
    pub articles_updated: u64,
    /// Articles removed because their file (or their entry in it) is gone.
    pub articles_removed: u64,
    /// Articles added or updated that have no date.
    pub articles_undated: u64,
    /// Files and lines that were not indexed, and why.
    pub skipped: Vec<Skip>,
    /// Articles indexed with a caveat, such as a date that could not be used.
    pub warnings: Vec<Skip>,
    /// Wall time of the run.
    pub seconds: f64,
    /// Articles read and written per second.
    pub articles_per_second: f64,
}

/// Files the crawl may find ahead of the readers. Reading is the slow part, so the crawl is
/// usually this far ahead, and what it holds stays small.
const CRAWL_AHEAD: usize = 4096;

/// Files the crawl hands over at a time. One at a time, the crawl waited on a full channel and
/// was woken for every file a reader took: a thread switch per file, a tenth of the run's time
/// on a directory of small files.
const FILE_BATCH: usize = 64;

/// Receives progress reports; the command line shows them as a bar.
pub trait Progress: Sync {
    /// Indexing starts; the files to read are reported as the crawl [finds](Self::found) them.
    fn start(&self);
    /// The crawl found `files` more files to read.
    fn found(&self, _files: u64) {}
    /// One more file was read.
    fn advance(&self);
    /// Reading is done; the index is being committed.
    fn committing(&self);
}

/// Whether a file is new to the index or replaces what the index holds of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    New,
    Changed,
}

/// Runs an indexing request: creates or updates the index at `request.index_dir`.
pub fn run(request: &IndexRequest, progress: &dyn Progress) -> Result<IndexSummary> {
    let started = Instant::now();
    let roots = canonical_roots(&request.paths)?;
    let (index, fields) = open_for_writing(&request.index_dir, request.rebuild)?;
    let mut writer: IndexWriter<TantivyDocument> = index
        .writer_with_num_threads(request.threads, request.memory_budget)
        .map_err(|e| lock_error(&request.index_dir, e))?;
    writer.set_merge_policy(Box::new(BoundedMergePolicy::new(
        &request.index_dir,
        request.memory_budget as u64,
    )));
    if request.rebuild {
        writer.delete_all_documents()?;
    }

    let reader = index.reader()?;
    let searcher = reader.searcher();
    let manifest = if request.rebuild {
        Manifest::default()
    } else {
        Manifest::load(&searcher, &fields)?
    };

    let mut summary = IndexSummary::default();
    let index_dir = request.index_dir.canonicalize().unwrap_or_default();
    let stamps = !manifest.files.is_empty();

    progress.start();
    let counts = Counts::default();
    let skipped = Mutex::new(Vec::new());
    let warnings = Mutex::new(Vec::new());
    // The first error that makes the run fail: a document the writer refused, an index that
    // could not be read.
    let failure: Mutex<Option<Error>> = Mutex::new(None);
    let fail = |e: Error| {
        lock(&failure).get_or_insert(e);
    };
    let read = |file: &FileEntry, key: String, change: Change| {
        if change == Change::Changed {
            writer.delete_term(path_term(&fields, &key));
        }
        let opened = match article::open(&file.path) {
            Ok(opened) => opened,
            Err(skip) => {
                lock(&skipped).push(skip);
                progress.advance();
                return;
            }
        };
        // The hashes of the file's articles as indexed, to tell updated articles from
        // unchanged ones read again.
        let old_hashes = match change {
            Change::Changed => match Manifest::hashes_of(&searcher, &fields, &key) {
                Ok(hashes) => hashes,
                Err(e) => {
                    fail(e);
                    return;
                }
            },
            Change::New => HashMap::new(),
        };
        // The stamp of the version read, which the next run compares with.
        let stamp = opened.stamp;
        let sink = |parsed: Parsed| match parsed {
            Ok(mut article) => {
                if let Some(warning) = date_warning(&mut article) {
                    lock(&warnings).push(warning);
                }
                let hash = content_hash(&article);
                counts.record(&article, hash, old_hashes.get(&article.id));
                let mut doc = to_document(&fields, &article, &key, stamp, hash);
                if request.extract_entities {
                    // Straight into the document: the article's own list is for display.
                    entities::extract_each(&article.title, &article.body, |name, kind| {
                        doc.add_text(fields.entity_tag, super::schema::entity_tag(name, kind));
                    });
                }
                if let Err(e) = writer.add_document(doc) {
                    fail(e.into());
                }
            }
            Err(skip) => lock(&skipped).push(skip),
        };
        article::read_opened(&file.path, file.format, opened, &sink);
        progress.advance();
    };

    // The crawl runs on a thread of its own and hands the files to read to the readers in
    // batches as it finds them. Each file found is taken out of the manifest, so what is left at
    // the end are the files that are gone; no set of every path is kept.
    let (files, to_read) =
        std::sync::mpsc::sync_channel::<Vec<(FileEntry, String, Change)>>(CRAWL_AHEAD / FILE_BATCH);
    let (crawled, gone, unchanged, old_in_changed) = std::thread::scope(|scope| {
        let crawler = scope.spawn(|| {
            let mut known = manifest.files;
            let (mut unchanged, mut old_in_changed) = (0u64, 0u64);
            let mut batch = Vec::with_capacity(FILE_BATCH);
            let crawled = crawl(&roots, Some(&index_dir), stamps, |file| {
                let key = path_key(&file.path);
                let change = match known.remove(&key) {
                    Some(old) if file.stamp == Some(old.stamp) => {
                        unchanged += 1;
                        return;
                    }
                    Some(old) => {
                        old_in_changed += old.articles;
                        Change::Changed
                    }
                    None => Change::New,
                };
                progress.found(1);
                batch.push((file, key, change));
                if batch.len() == FILE_BATCH {
                    // A send fails only once the readers are gone (a panic unwinding): there
                    // is no one left to hand files to.
                    let _ = files.send(std::mem::replace(
                        &mut batch,
                        Vec::with_capacity(FILE_BATCH),
                    ));
                }
            });
            if !batch.is_empty() {
                let _ = files.send(batch);
            }
            drop(files);
            (crawled, known, unchanged, old_in_changed)
        });
        // The files of a batch are shared out too: a small corpus may be one batch.
        to_read.into_iter().par_bridge().for_each(|batch| {
            batch
                .into_par_iter()
                .for_each(|(file, key, change)| read(&file, key, change))
        });
        match crawler.join() {
            Ok(found) => found,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    summary.files_seen = crawled.files_seen;
    summary.skipped = crawled.skipped;
    summary.files_unchanged = unchanged;
    for (path, state) in gone {
        if roots.iter().any(|root| Path::new(&path).starts_with(root)) {
            writer.delete_term(path_term(&fields, &path));
            summary.articles_removed += state.articles;
        }
    }
    if let Some(e) = failure.into_inner().unwrap_or_else(|p| p.into_inner()) {
        return Err(e);
    }

    // Articles of changed files that were not read again are gone from those files.
    let reread = counts.updated.load(Ordering::Relaxed) + counts.unchanged.load(Ordering::Relaxed);
    summary.articles_removed += old_in_changed.saturating_sub(reread);
    summary.articles_indexed = counts.indexed.load(Ordering::Relaxed);
    summary.articles_updated = counts.updated.load(Ordering::Relaxed);
    summary.articles_undated = counts.undated.load(Ordering::Relaxed);
    let mut late_skips = skipped.into_inner().unwrap_or_else(|p| p.into_inner());
    late_skips.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    summary.skipped.extend(late_skips);
    summary.warnings = warnings.into_inner().unwrap_or_else(|p| p.into_inner());
    summary
        .warnings
        .sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));

    progress.committing();
    writer.commit()?;
    writer.wait_merging_threads()?;

    summary.seconds = started.elapsed().as_secs_f64();
    let written = summary.articles_indexed
        + summary.articles_updated
        + counts.unchanged.load(Ordering::Relaxed);
    summary.articles_per_second = written as f64 / summary.seconds.max(1e-9);
    Ok(summary)
}

#[derive(Default)]
struct Counts {
    indexed: AtomicU64,
    updated: AtomicU64,
    unchanged: AtomicU64,
    undated: AtomicU64,
}

impl Counts {
    fn record(&self, article: &Article, hash: u64, old_hash: Option<&u64>) {
        let counter = match old_hash {
            None => &self.indexed,
            Some(old) if *old == hash => &self.unchanged,
            Some(_) => &self.updated,
        };
        counter.fetch_add(1, Ordering::Relaxed);
        if article.date.is_none() && old_hash != Some(&hash) {
            self.undated.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// Opens the index for an update, or creates it; on `rebuild`, an index of another schema is
/// replaced.
fn open_for_writing(dir: &Path, rebuild: bool) -> Result<(Index, Fields)> {
    if exists(dir) {
        match NewsIndex::open(dir) {
            Ok(news) => return Ok((news.index, news.fields)),
            Err(Error::IncompatibleIndex { .. }) if rebuild => remove_index_files(dir)?,
            Err(e) => return Err(e),
        }
    }
    std::fs::create_dir_all(dir).map_err(|source| Error::Path {
        path: dir.to_path_buf(),
        source,
    })?;
    let fields = Fields::new();
    let index = Index::create_in_dir(dir, fields.schema.clone())?;
    analyzer::register_analyzers(&index);
    Ok((index, fields))
}

/// Deletes the files tantivy wrote in `dir`, and nothing else a user may keep there.
fn remove_index_files(dir: &Path) -> Result<()> {
    const EXTENSIONS: &[&str] = &["idx", "pos", "term", "store", "fast", "fieldnorm", "del"];
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if name == "meta.json" || name == ".managed.json" || EXTENSIONS.contains(&ext) {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(())
}

/// Drops an unusable date (see [`article::drop_future_date`]) and turns the reader's or this
/// note into a warning for the summary.
fn date_warning(article: &mut Article) -> Option<Skip> {
    article::drop_future_date(article);
    let note = article.date_note.take()?;
    // Name the article where its path and line do not.
    let reason = if article.id.starts_with(&path_key(&article.path)) {
        note
    } else {
        format!("{}: {note}", article.id)
    };
    Some(Skip {
        path: article.path.clone(),
        line: article.line,
        reason,
    })
}

/// Locks a mutex shared by the reading threads. A thread that panicked while holding it
/// left only a list or an error slot behind, which is still consistent.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The term that selects every article of one file, by its path as stored in the index.
fn path_term(fields: &Fields, path: &str) -> Term {
    Term::from_field_text(fields.path, path)
}

fn content_hash(article: &Article) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for part in [&article.id, &article.title, &article.body] {
        hasher.update(part.as_bytes());
        hasher.update(&[0]);
    }
    hasher.update(
        &article
            .date
            .map_or(i64::MIN, |d| d.timestamp())
            .to_le_bytes(),
    );
    for part in article
        .url
        .iter()
        .chain(&article.source)
        .chain(&article.authors)
    {
        hasher.update(part.as_bytes());
        hasher.update(&[0]);
    }
    hasher.digest()
}

/// The document of an article, without its entities (which the pipeline adds as it extracts
/// them).
fn to_document(
    fields: &Fields,
    article: &Article,
    path_key: &str,
    stamp: Stamp,
    hash: u64,
) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    doc.add_text(fields.id, &article.id);
    doc.add_text(fields.path, path_key);
    doc.add_text(fields.title, &article.title);
    if let Some(date) = article.date {
        doc.add_date(
            fields.date,
            tantivy::DateTime::from_timestamp_secs(date.timestamp()),
        );
    }
    doc.add_text(fields.body, &article.body);
    if let Some(url) = &article.url {
        doc.add_text(fields.url, url);
    }
    for author in &article.authors {
        doc.add_text(fields.author, author);
    }
    if let Some(source) = &article.source {
        doc.add_text(fields.source, source);
    }
    doc.add_u64(fields.file_mtime, stamp.mtime);
    doc.add_u64(fields.file_size, stamp.size);
    doc.add_u64(fields.content_hash, hash);
    doc
}
