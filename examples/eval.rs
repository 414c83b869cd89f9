//! Ranking evaluation on a test collection: builds a fresh index of the documents, runs every
//! query through the command line's default search, writes a TREC run file and prints MAP,
//! nDCG@10, P@10 and R@100 as `trec_eval` computes them (see `newsearch::eval`).
//!
//! ```sh
//! cargo run --release --example eval                  # the TIME dev collection in ../shared/data
//! cargo run --release --example eval -- --per-query   # with one line per query
//! cargo run --release --example eval -- --docs DIR --queries FILE --qrels FILE --run OUT
//! ```
//!
//! Without `--docs`, `--queries` and `--qrels` it reads `../shared/data/time-dev/` beside the
//! crate; when that is missing it says so and exits with 0, so CI can call it anywhere.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use clap::Parser;
use newsearch::eval::{self, EvalRequest};

/// Evaluate newsearch's default ranking on a TREC-style test collection.
#[derive(Parser)]
struct Args {
    /// Documents to index (directory or file, any format newsearch reads)
    /// [default: ../shared/data/time-dev/docs beside the crate]
    #[arg(long, value_name = "DIR")]
    docs: Option<PathBuf>,
    /// Queries, one `qid<TAB>text` per line [default: ../shared/data/time-dev/queries.tsv]
    #[arg(long, value_name = "FILE")]
    queries: Option<PathBuf>,
    /// Relevance judgments in TREC qrels format [default: ../shared/data/time-dev/qrels.txt]
    #[arg(long, value_name = "FILE")]
    qrels: Option<PathBuf>,
    /// Where to write the TREC run file [default: newsearch-eval.run in the temp directory]
    #[arg(long, value_name = "OUT")]
    run: Option<PathBuf>,
    /// Documents retrieved per query
    #[arg(long, default_value_t = eval::DEFAULT_DEPTH)]
    depth: usize,
    /// Also print each query's scores
    #[arg(long)]
    per_query: bool,
}

/// Deletes the scratch index directory when dropped.
struct ScratchDir(PathBuf);

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("eval: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Args) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/time-dev");
    let defaulted = args.docs.is_none() || args.queries.is_none() || args.qrels.is_none();
    let docs = args.docs.unwrap_or_else(|| data.join("docs"));
    let queries = args.queries.unwrap_or_else(|| data.join("queries.tsv"));
    let qrels = args.qrels.unwrap_or_else(|| data.join("qrels.txt"));
    let missing: Vec<&Path> = [&docs, &queries, &qrels]
        .into_iter()
        .map(PathBuf::as_path)
        .filter(|p| !p.exists())
        .collect();
    if !missing.is_empty() {
        let list = missing
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        if defaulted {
            println!("skipping: ../shared/data not found (looked for {list})");
            return Ok(ExitCode::SUCCESS);
        }
        return Err(format!("not found: {list}").into());
    }
    if args.depth == 0 {
        return Err("--depth must be at least 1".into());
    }

    let unique = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let scratch = ScratchDir(
        std::env::temp_dir().join(format!("newsearch-eval-{}-{unique}", std::process::id())),
    );
    let run_path = args
        .run
        .unwrap_or_else(|| std::env::temp_dir().join("newsearch-eval.run"));

    let outcome = eval::run_evaluation(&EvalRequest {
        docs: docs.clone(),
        queries,
        qrels,
        index_dir: scratch.0.join("index"),
        depth: args.depth,
    })?;
    drop(scratch);

    let mut out = std::io::BufWriter::new(std::fs::File::create(&run_path)?);
    eval::write_trec_run(&mut out, &outcome.run, "newsearch")?;
    std::io::Write::flush(&mut out)?;

    let m = &outcome.metrics;
    let summary = &outcome.index_summary;
    let num_queries = outcome.queries.len();
    let without_hits = outcome
        .queries
        .iter()
        .filter(|(qid, _)| !outcome.run.contains_key(qid))
        .count();
    println!("documents  {}", docs.display());
    println!(
        "           {} articles indexed, {} files or lines skipped",
        summary.articles_indexed,
        summary.skipped.len()
    );
    println!(
        "queries    {num_queries} run ({without_hits} without hits), {} evaluated{}",
        m.num_queries(),
        if m.without_relevant.is_empty() {
            String::new()
        } else {
            format!(
                ", {} left out (no relevant document)",
                m.without_relevant.len()
            )
        }
    );
    println!("run        {} (depth {})", run_path.display(), args.depth);
    println!();
    println!("MAP        {:.4}", m.map);
    println!("nDCG@10    {:.4}", m.ndcg_10);
    println!("P@10       {:.4}", m.p_10);
    println!("R@100      {:.4}", m.r_100);
    println!("queries    {}", m.num_queries());
    println!("index      {:.2} s", summary.seconds);
    println!(
        "search     {:.2} s ({:.1} ms per query)",
        outcome.search_seconds,
        outcome.search_seconds * 1000.0 / num_queries.max(1) as f64
    );

    if args.per_query {
        let texts: std::collections::HashMap<&str, &str> = outcome
            .queries
            .iter()
            .map(|(q, t)| (q.as_str(), t.as_str()))
            .collect();
        println!();
        println!("qid     rel  ret  rel_ret  AP      nDCG@10 P@10    R@100   query");
        // Numeric qids in numeric order, others after them in text order.
        let mut rows: Vec<_> = m.per_query.iter().collect();
        rows.sort_by_key(|q| {
            (
                q.qid.parse::<u64>().map_err(|_| q.qid.clone()),
                q.qid.clone(),
            )
        });
        for q in rows {
            let text: String = texts
                .get(q.qid.as_str())
                .copied()
                .unwrap_or("(no query text)")
                .chars()
                .take(60)
                .collect();
            println!(
                "{:<7} {:>4} {:>4} {:>8}  {:.4}  {:.4}  {:.4}  {:.4}  {text}",
                q.qid, q.num_rel, q.num_ret, q.num_rel_ret, q.ap, q.ndcg_10, q.p_10, q.r_100
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
