//! The raw-tantivy baseline as a program, for whole-process figures (see BENCHMARKS.md), and a
//! small process timer used by `benches/scale.sh`.
//!
//! ```text
//! bench_baseline index JSONL INDEX_DIR [--budget-mb MB]        # prints a JSON summary
//! bench_baseline index-files DIR INDEX_DIR [--budget-mb MB]    # a tree of .txt articles
//! bench_baseline query INDEX_DIR QUERY...                      # 10 hits with snippets
//! bench_baseline proc-time [--runs N] [--warmup N] -- CMD_A... ::: CMD_B...
//! ```
//!
//! `proc-time` runs the two commands alternately (stdout to /dev/null), `--warmup` times each
//! unmeasured and then `--runs` times each measured, and prints one JSON object with the
//! median, p90 and minimum wall time of each in milliseconds.

#[path = "../benches/common/mod.rs"]
mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(command) = args.first() else {
        bail!("usage: bench_baseline index|index-files|query|proc-time ...");
    };
    match command.as_str() {
        "index" | "index-files" => {
            let (positional, budget_mb) = budget(&args[1..])?;
            let [input, dir] = positional.as_slice() else {
                bail!("usage: bench_baseline {command} INPUT INDEX_DIR [--budget-mb MB]");
            };
            let budget = budget_mb << 20;
            let summary = if command == "index" {
                common::index_jsonl(Path::new(input), Path::new(dir), budget)?
            } else {
                common::index_text_files(Path::new(input), Path::new(dir), budget)?
            };
            println!("{}", serde_json::to_string(&summary)?);
        }
        "query" => {
            let [_, dir, words @ ..] = args.as_slice() else {
                bail!("usage: bench_baseline query INDEX_DIR QUERY...");
            };
            let baseline = common::Baseline::open(Path::new(dir))?;
            let query = common::BenchQuery {
                class: "cli",
                text: words.join(" "),
                range: None,
                newest: false,
            };
            let hits = baseline.search(&query)?;
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            for (rank, hit) in hits.iter().enumerate() {
                writeln!(out, "{:2}. {} ({:.2})", rank + 1, hit.title, hit.score)?;
                writeln!(
                    out,
                    "    {} · {}",
                    hit.date.as_deref().unwrap_or("undated"),
                    hit.id
                )?;
                writeln!(out, "    {}", hit.snippet.replace('\n', " "))?;
            }
            out.flush()?;
        }
        "proc-time" => proc_time(&args[1..])?,
        other => bail!("unknown command {other:?}"),
    }
    Ok(())
}

/// Splits `--budget-mb MB` off the arguments.
fn budget(args: &[String]) -> Result<(Vec<String>, usize)> {
    let mut positional = Vec::new();
    let mut budget_mb = common::DEFAULT_BUDGET_MB;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        if arg == "--budget-mb" {
            budget_mb = it.next().context("--budget-mb needs a value")?.parse()?;
        } else {
            positional.push(arg.clone());
        }
    }
    Ok((positional, budget_mb))
}

fn proc_time(args: &[String]) -> Result<()> {
    let (mut runs, mut warmup) = (20usize, 3usize);
    let mut it = args.iter();
    loop {
        match it.next().map(String::as_str) {
            Some("--runs") => runs = it.next().context("--runs N")?.parse()?,
            Some("--warmup") => warmup = it.next().context("--warmup N")?.parse()?,
            Some("--") => break,
            other => bail!("proc-time: unexpected {other:?}"),
        }
    }
    let rest: Vec<&String> = it.collect();
    let split = rest
        .iter()
        .position(|a| a.as_str() == ":::")
        .context("proc-time: separate the two commands with :::")?;
    let (a, b) = (&rest[..split], &rest[split + 1..]);
    if a.is_empty() || b.is_empty() {
        bail!("proc-time: two non-empty commands needed");
    }
    let run = |cmd: &[&String]| -> Result<Duration> {
        let started = Instant::now();
        let status = Command::new(cmd[0])
            .args(&cmd[1..])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .with_context(|| format!("running {}", cmd[0]))?;
        let took = started.elapsed();
        // newsearch exits 1 when nothing matched; anything else is a failure.
        if !matches!(status.code(), Some(0) | Some(1)) {
            bail!("{} failed: {status}", cmd[0]);
        }
        Ok(took)
    };
    let (mut ta, mut tb) = (Vec::new(), Vec::new());
    for i in 0..warmup + runs {
        // Alternate which goes first, so neither always runs right after the other.
        let (da, db) = if i % 2 == 0 {
            let da = run(a)?;
            (da, run(b)?)
        } else {
            let db = run(b)?;
            (run(a)?, db)
        };
        if i >= warmup {
            ta.push(da);
            tb.push(db);
        }
    }
    let summary = |samples: &mut Vec<Duration>| {
        let [p50, p90, _] = common::percentiles(samples);
        let min = samples
            .iter()
            .min()
            .map_or(f64::NAN, |d| d.as_secs_f64() * 1e3);
        serde_json::json!({"p50_ms": p50, "p90_ms": p90, "min_ms": min})
    };
    println!(
        "{}",
        serde_json::json!({"runs": runs, "a": summary(&mut ta), "b": summary(&mut tb)})
    );
    Ok(())
}
