//! Very large inputs: a 200 MB text file and a multi-gigabyte JSON Lines file are indexed in
//! memory bounded by the writer budget. Slow (a minute or two), so ignored by default; CI runs
//! them with `cargo test --release --test large_inputs -- --ignored`.

mod util;

use std::io::{BufWriter, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

use util::TestEnv;

/// The writer budget the runs are given, and the fixed margin allowed above it for
/// everything else (the binary, the reader's batches, buffers, the search structures).
///
/// The margin is large because tantivy's indexing queue is bounded in documents (10,000), not
/// bytes: with the 16 KB parts a huge text file is cut into, it alone can hold ~160 MB. The
/// 200 MB file peaks at 440-460 MB, the 2 GB JSON Lines file (small articles) near 350 MB.
const BUDGET_MB: u64 = 128;
const MARGIN_MB: u64 = 384;

/// Runs `newsearch index` and returns (its JSON summary, peak resident memory in MB), the
/// peak sampled from /proc while it runs.
fn index_measuring_memory(env: &TestEnv, path: &str) -> (serde_json::Value, u64) {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("newsearch"))
        .current_dir(env.root())
        .args([
            "--index",
            &env.index_dir().to_string_lossy(),
            "index",
            "--json",
        ])
        .args(["--memory-mb", &BUDGET_MB.to_string(), path])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start newsearch index");
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0u64;
    while child.try_wait().expect("poll the indexer").is_none() {
        if let Ok(status) = std::fs::read_to_string(&status_file) {
            for line in status.lines() {
                if let Some(rest) = line.strip_prefix("VmHWM:") {
                    let kb = rest
                        .trim()
                        .trim_end_matches("kB")
                        .trim()
                        .parse()
                        .unwrap_or(0);
                    peak_kb = peak_kb.max(kb);
                }
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().expect("the indexer ends");
    assert!(output.status.success(), "newsearch index {path} failed");
    (util::parse_json(&output.stdout), peak_kb / 1024)
}

#[test]
#[ignore = "slow: writes and indexes a 200 MB text file"]
fn a_200_mb_text_file_is_indexed_in_parts_in_bounded_memory() {
    let env = TestEnv::new();
    let path = env.path("huge.txt");
    let mut out = BufWriter::new(std::fs::File::create(&path).expect("create the file"));
    writeln!(out, "An enormous transcript\n\nPosted: May 13, 2017\n").expect("write");
    let mut written = 0u64;
    let mut n = 0u64;
    while written < 200 << 20 {
        let line =
            format!("Line {n} of the transcript mentions the harbour, the ferry and tonnage.\n");
        written += line.len() as u64;
        out.write_all(line.as_bytes()).expect("write");
        n += 1;
    }
    writeln!(out, "The last line names a zeppelin.").expect("write");
    drop(out);

    let (summary, peak_mb) = index_measuring_memory(&env, "huge.txt");
    eprintln!("200 MB text file: peak RSS {peak_mb} MB, summary {summary}");
    assert!(
        summary["articles_indexed"].as_u64().unwrap_or(0) >= 50,
        "{summary}"
    );
    assert_eq!(summary["skipped"].as_array().map(Vec::len), Some(0));
    assert!(peak_mb < BUDGET_MB + MARGIN_MB, "peak RSS {peak_mb} MB");
    // The end of the file was indexed too.
    let results = env.search(&["zeppelin"]);
    assert_eq!(results["total_hits"], 1);
}

#[test]
#[ignore = "slow: writes and indexes a 2 GB JSON Lines file"]
fn a_multi_gigabyte_json_lines_file_is_streamed_in_bounded_memory() {
    let env = TestEnv::new();
    let path = env.path("huge.jsonl");
    let mut out = BufWriter::new(std::fs::File::create(&path).expect("create the file"));
    let filler =
        "Dockers unloaded copper, grain and timber while the harbour master logged ships. "
            .repeat(20);
    let mut written = 0u64;
    let mut articles = 0u64;
    while written < 2 << 30 {
        let line = format!(
            "{{\"id\": \"big-{articles}\", \"title\": \"Harbour log {articles}\", \"date\": \"2017-05-13\", \"body\": \"{filler}\"}}\n"
        );
        written += line.len() as u64;
        out.write_all(line.as_bytes()).expect("write");
        articles += 1;
    }
    out.write_all(b"{\"title\": \"broken\", \"body\": \n")
        .expect("write");
    drop(out);

    let (summary, peak_mb) = index_measuring_memory(&env, "huge.jsonl");
    eprintln!("2 GB JSON Lines: peak RSS {peak_mb} MB, summary {summary}");
    assert_eq!(
        summary["articles_indexed"].as_u64(),
        Some(articles),
        "{summary}"
    );
    assert_eq!(summary["skipped"][0]["line"].as_u64(), Some(articles + 1));
    assert!(peak_mb < BUDGET_MB + MARGIN_MB, "peak RSS {peak_mb} MB");
}
