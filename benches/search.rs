//! In-process search latency: newsearch's `Engine::search` against the raw-tantivy baseline, on
//! the same articles, with the fixed query set of `common::query_set` (10 hits, each with a
//! snippet). See BENCHMARKS.md.
//!
//! ```sh
//! cargo bench --bench search                                   # Reuters-21578 (19,779 articles)
//! NEWSEARCH_BENCH_CORPUS=/tmp/gen200k.jsonl cargo bench --bench search
//! ```
//!
//! Environment:
//! - `NEWSEARCH_BENCH_CORPUS`: JSON Lines corpus (default `../shared/data/reuters21578/articles.jsonl`
//!   beside the checkout); when it is missing the bench says so and does nothing.
//! - `NEWSEARCH_BENCH_NS_INDEX`, `NEWSEARCH_BENCH_BASE_INDEX`: use these indexes (built from
//!   the corpus) instead of the cached ones under `/tmp/newsearch-bench/` (`NEWSEARCH_BENCH_CACHE`).
//! - `NEWSEARCH_BENCH_ROUNDS`: rounds of the percentile measurement (default 20).
//! - `NEWSEARCH_BENCH_SMOKE=1`: 3 rounds and no criterion groups (seconds).
//! - `NEWSEARCH_BENCH_CRITERION=0`: percentiles only.
//! - `NEWSEARCH_BENCH_JSON=PATH`: also write the percentiles there as JSON.
//!
//! First it prints p50/p90/p99 per query class and overall for both systems, measured in the
//! same rounds with the two systems alternating query by query, and the ratio
//! newsearch/baseline. Then criterion times each class (all its queries per iteration).

mod common;

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use criterion::Criterion;
use newsearch::index::{IndexRequest, NewsIndex, Progress};
use newsearch::search::Engine;

use common::{Baseline, BenchQuery};

struct Quiet;

impl Progress for Quiet {
    fn start(&self) {}
    fn advance(&self) {}
    fn committing(&self) {}
}

fn env_flag(name: &str) -> Option<bool> {
    std::env::var(name)
        .ok()
        .map(|v| !matches!(v.as_str(), "" | "0" | "false" | "no"))
}

fn main() -> Result<()> {
    let corpus = std::env::var_os("NEWSEARCH_BENCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/reuters21578/articles.jsonl")
        });
    if !corpus.is_file() {
        println!(
            "search bench skipped: corpus {} not found (set NEWSEARCH_BENCH_CORPUS to a JSON Lines file)",
            corpus.display()
        );
        return Ok(());
    }
    let smoke = env_flag("NEWSEARCH_BENCH_SMOKE").unwrap_or(false);
    let cache = common::cache_dir(&corpus)?;
    let ns_dir = std::env::var_os("NEWSEARCH_BENCH_NS_INDEX")
        .map(PathBuf::from)
        .unwrap_or_else(|| cache.join("newsearch"));
    let base_dir = std::env::var_os("NEWSEARCH_BENCH_BASE_INDEX")
        .map(PathBuf::from)
        .unwrap_or_else(|| cache.join("baseline"));

    if !ns_dir.join("meta.json").is_file() {
        eprintln!("building the newsearch index in {} …", ns_dir.display());
        let request = IndexRequest {
            index_dir: ns_dir.clone(),
            paths: vec![corpus.clone()],
            rebuild: true,
            memory_budget: common::DEFAULT_BUDGET_MB << 20,
            threads: 2,
            extract_entities: true,
        };
        let summary = newsearch::index::run(&request, &Quiet)?;
        eprintln!(
            "  {} articles in {:.1} s",
            summary.articles_indexed, summary.seconds
        );
    }
    if !base_dir.join("meta.json").is_file() {
        eprintln!("building the baseline index in {} …", base_dir.display());
        let summary = common::index_jsonl(&corpus, &base_dir, common::DEFAULT_BUDGET_MB << 20)?;
        eprintln!(
            "  {} articles in {:.1} s",
            summary.articles, summary.seconds
        );
    }

    let engine = Engine::new(NewsIndex::open(&ns_dir).context("opening the newsearch index")?)?;
    let baseline = Baseline::open(&base_dir)?;
    let queries = common::query_set(baseline.date_range()?);

    // Both systems must answer every query (a query one side cannot run measures nothing).
    for q in &queries {
        let ns = engine.search(&common::newsearch_request(q))?;
        let base = baseline.search(q)?;
        if ns.hits.is_empty() || base.is_empty() {
            eprintln!(
                "note: {:?} ({}) gives {} newsearch and {} baseline hits",
                q.text,
                q.class,
                ns.hits.len(),
                base.len()
            );
        }
    }

    let rounds: usize = std::env::var("NEWSEARCH_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if smoke { 3 } else { 20 });
    let report = percentile_report(&engine, &baseline, &queries, rounds)?;
    println!(
        "\nin-process search latency, {} ({} queries × {rounds} rounds, 10 hits with snippets)\n",
        corpus.display(),
        queries.len()
    );
    println!("| queries | baseline p50 / p90 / p99 ms | newsearch p50 / p90 / p99 ms | ratio p50 | ratio p99 |");
    println!("|---|---|---|---|---|");
    for (class, [b, n]) in &report {
        println!(
            "| {class} | {:.2} / {:.2} / {:.2} | {:.2} / {:.2} / {:.2} | {:.2} | {:.2} |",
            b[0],
            b[1],
            b[2],
            n[0],
            n[1],
            n[2],
            n[0] / b[0],
            n[2] / b[2]
        );
    }
    if let Some(path) = std::env::var_os("NEWSEARCH_BENCH_JSON") {
        let json: BTreeMap<_, _> = report
            .iter()
            .map(|(class, [b, n])| {
                (
                    class.clone(),
                    serde_json::json!({"baseline_ms": b, "newsearch_ms": n}),
                )
            })
            .collect();
        std::fs::write(&path, serde_json::to_string_pretty(&json)?)?;
    }

    if smoke || env_flag("NEWSEARCH_BENCH_CRITERION") == Some(false) {
        return Ok(());
    }
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(20)
        .configure_from_args();
    for class in common::CLASSES {
        let set: Vec<&BenchQuery> = queries.iter().filter(|q| q.class == class).collect();
        if set.is_empty() {
            continue;
        }
        let requests: Vec<_> = set.iter().map(|q| common::newsearch_request(q)).collect();
        let mut group = c.benchmark_group(format!("search/{class}"));
        group.bench_function("baseline", |b| {
            b.iter(|| {
                for q in &set {
                    black_box(baseline.search(q).unwrap());
                }
            })
        });
        group.bench_function("newsearch", |b| {
            b.iter(|| {
                for r in &requests {
                    black_box(engine.search(r).unwrap());
                }
            })
        });
        group.finish();
    }
    c.final_summary();
    Ok(())
}

type Report = Vec<(String, [[f64; 3]; 2])>;

/// Runs the query set `rounds` times (after one unmeasured round), alternating the two systems
/// query by query and which goes first, and returns [baseline, newsearch] p50/p90/p99 per class
/// and over all queries (`all`).
fn percentile_report(
    engine: &Engine,
    baseline: &Baseline,
    queries: &[BenchQuery],
    rounds: usize,
) -> Result<Report> {
    let requests: Vec<_> = queries.iter().map(common::newsearch_request).collect();
    let mut samples: BTreeMap<&str, [Vec<Duration>; 2]> = BTreeMap::new();
    for round in 0..=rounds {
        for (i, (q, r)) in queries.iter().zip(&requests).enumerate() {
            let time_base = || -> Result<Duration> {
                let t = Instant::now();
                black_box(baseline.search(q)?);
                Ok(t.elapsed())
            };
            let time_ns = || -> Result<Duration> {
                let t = Instant::now();
                black_box(engine.search(r)?);
                Ok(t.elapsed())
            };
            let (b, n) = if (round + i) % 2 == 0 {
                let b = time_base()?;
                (b, time_ns()?)
            } else {
                let n = time_ns()?;
                (time_base()?, n)
            };
            if round == 0 {
                continue;
            }
            for key in [q.class, "all"] {
                let entry = samples.entry(key).or_default();
                entry[0].push(b);
                entry[1].push(n);
            }
        }
    }
    let mut report = Vec::new();
    for class in common::CLASSES.iter().chain(&["all"]) {
        if let Some([b, n]) = samples.get_mut(class) {
            report.push((
                class.to_string(),
                [common::percentiles(b), common::percentiles(n)],
            ));
        }
    }
    Ok(report)
}
