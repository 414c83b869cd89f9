//! Carrying out a validated command: the glue between the pipeline stages and the output.

use std::io::{self, BufRead, Write};
use std::path::Path;

use crate::article::{self, Article};
use crate::cli::{Command, IndexLocation, Invocation};
use crate::crawl::{canonical_roots, crawl};
use crate::error::{Error, Result};
use crate::index::{self, IndexRequest, NewsIndex};
use crate::render::{self, progress::Bar};
use crate::search::{Engine, SearchRequest};
use crate::{default_corpus_dir, entities};

/// How a command ended, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// It did what was asked (and a search found something).
    Done,
    /// A search ran but nothing matched.
    NoMatch,
    /// A `--strict` indexing run skipped files or lines.
    Skipped,
}

/// Runs a command, writing its output to `out`.
pub fn run(invocation: &Invocation, out: &mut impl Write) -> Result<Outcome> {
    match &invocation.command {
        Command::Search {
            request,
            queries,
            json,
        } => {
            ensure_default_index(&invocation.index)?;
            let engine = Engine::new(NewsIndex::open(&invocation.index.dir)?)?;
            match queries {
                Some(file) => search_batch(&engine, request, file, out),
                None => {
                    let results = engine.search(request)?;
                    if *json {
                        render::json::write_line(out, &results)?;
                    } else {
                        render::terminal::write_results(out, &results, invocation.color)?;
                    }
                    Ok(if results.total_hits == 0 {
                        Outcome::NoMatch
                    } else {
                        Outcome::Done
                    })
                }
            }
        }
        Command::Index {
            request,
            json,
            strict,
        } => {
            let bar = Bar::new(*json);
            let summary = index::run(request, &bar);
            bar.finish();
            let summary = summary?;
            if *json {
                render::json::write_line(out, &summary)?;
            } else {
                render::terminal::write_summary(out, &summary)?;
            }
            Ok(if *strict && !summary.skipped.is_empty() {
                Outcome::Skipped
            } else {
                Outcome::Done
            })
        }
        Command::Stats { top, json } => {
            ensure_default_index(&invocation.index)?;
            let stats = index::stats(&invocation.index.dir, *top)?;
            if *json {
                render::json::write_line(out, &stats)?;
            } else {
                render::terminal::write_stats(out, &stats)?;
            }
            Ok(Outcome::Done)
        }
        Command::Extract { paths, json } => extract(paths, *json, out),
    }
}

/// Builds the default index from the bundled corpus the first time it is needed, so that a
/// newcomer's first search just works.
fn ensure_default_index(location: &IndexLocation) -> Result<()> {
    if !location.is_default || index::exists(&location.dir) {
        return Ok(());
    }
    let corpus = default_corpus_dir();
    eprintln!(
        "newsearch: no index yet in {}/; building it from the bundled corpus in {}/ (first use only)…",
        location.dir.display(),
        corpus.display()
    );
    let request = IndexRequest {
        index_dir: location.dir.clone(),
        paths: vec![corpus],
        rebuild: false,
        memory_budget: 128 * 1024 * 1024,
        threads: std::thread::available_parallelism().map_or(2, |n| n.get().min(8)),
        extract_entities: true,
    };
    let bar = Bar::new(false);
    let summary = index::run(&request, &bar);
    bar.finish();
    let summary = summary?;
    eprintln!(
        "newsearch: indexed {} articles in {:.2} s.\n",
        summary.articles_indexed, summary.seconds
    );
    Ok(())
}

/// Runs one query per line of `file`, printing one JSON object per line.
fn search_batch(
    engine: &Engine,
    template: &SearchRequest,
    file: &Path,
    out: &mut impl Write,
) -> Result<Outcome> {
    let reader = std::fs::File::open(file).map_err(|source| Error::Path {
        path: file.to_path_buf(),
        source,
    })?;
    for line in io::BufReader::new(reader).lines() {
        let line = line.map_err(|source| Error::Path {
            path: file.to_path_buf(),
            source,
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let request = SearchRequest {
            query: line,
            ..template.clone()
        };
        render::json::write_line(out, &engine.search(&request)?)?;
    }
    Ok(Outcome::Done)
}

/// Prints what newsearch reads from each article under `paths`.
fn extract(paths: &[std::path::PathBuf], json: bool, out: &mut impl Write) -> Result<Outcome> {
    let roots = canonical_roots(paths)?;
    let mut files = Vec::new();
    let mut skipped = crawl(&roots, None, false, |file| files.push(file)).skipped;
    for file in &files {
        let parsed = std::sync::Mutex::new(Vec::new());
        article::read_file(&file.path, file.format, &|p| {
            parsed.lock().unwrap_or_else(|e| e.into_inner()).push(p);
        });
        let mut parsed = parsed.into_inner().unwrap_or_else(|e| e.into_inner());
        parsed.sort_by_key(|p| p.as_ref().map_or_else(|s| s.line, |a| a.line));
        for item in parsed {
            match item {
                Ok(mut article) => {
                    article::drop_future_date(&mut article);
                    article.entities = entities::extract(&article.title, &article.body);
                    write_article(out, &article, json)?;
                }
                Err(skip) => skipped.push(skip),
            }
        }
    }
    for skip in &skipped {
        let line = skip.line.map(|l| format!(":{l}")).unwrap_or_default();
        eprintln!("skipped {}{line}: {}", skip.path.display(), skip.reason);
    }
    Ok(Outcome::Done)
}

fn write_article(out: &mut impl Write, article: &Article, json: bool) -> io::Result<()> {
    if json {
        return render::json::write_line(out, article);
    }
    writeln!(out, "{}", article.path.display())?;
    writeln!(out, "  id       {}", article.id)?;
    writeln!(out, "  title    {}", article.title)?;
    let date = article
        .date
        .map_or("(none)".to_string(), |d| d.to_rfc3339());
    writeln!(out, "  date     {date}")?;
    if let Some(url) = &article.url {
        writeln!(out, "  url      {url}")?;
    }
    if !article.authors.is_empty() {
        writeln!(out, "  authors  {}", article.authors.join(", "))?;
    }
    let names: Vec<String> = article
        .entities
        .iter()
        .map(|e| format!("{} ({})", e.name, e.kind.label()))
        .collect();
    writeln!(out, "  entities {}", names.join(", "))?;
    writeln!(
        out,
        "  body     {} characters",
        article.body.chars().count()
    )
}
