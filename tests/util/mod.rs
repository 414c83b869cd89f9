//! Shared helpers for the integration tests, in the style of ripgrep's `tests/util.rs` and
//! fd's `tests/testenv`: a temporary directory holding article files and an index, and a
//! runner for the real `newsearch` binary whose `--json` output is parsed with serde_json.
//!
//! Every command gets `--index <tmp>/index` and runs with the temporary directory as its
//! working directory, so no test can touch the repository's own `index/` directory.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use serde_json::Value;
use tempfile::TempDir;

/// Longest any single command may take before the test fails instead of hanging.
const TIMEOUT: Duration = Duration::from_secs(60);

/// The repository's bundled sample corpus.
pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// A temporary directory with article files in it and an index at `<dir>/index`.
pub struct TestEnv {
    dir: TempDir,
}

impl TestEnv {
    /// An empty environment.
    pub fn new() -> TestEnv {
        let dir = tempfile::Builder::new()
            .prefix("newsearch-test-")
            .tempdir()
            .expect("create a temporary directory");
        TestEnv { dir }
    }

    /// The root of the environment (canonical, so it compares equal to the paths newsearch
    /// prints, which are canonicalised).
    pub fn root(&self) -> PathBuf {
        self.dir
            .path()
            .canonicalize()
            .expect("canonicalise the temporary directory")
    }

    /// The index directory passed as `--index`.
    pub fn index_dir(&self) -> PathBuf {
        self.root().join("index")
    }

    /// The absolute path of `rel` inside the environment.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    /// Writes a file (creating its directories) and returns its absolute path.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create parent directories");
        }
        std::fs::write(&path, contents).expect("write a fixture file");
        path
    }

    /// Deletes a file of the environment.
    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.path(rel)).expect("remove a fixture file");
    }

    /// `newsearch --index <tmp>/index`, ready for more arguments.
    pub fn cmd(&self) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::cargo_bin("newsearch").expect("the newsearch binary");
        cmd.current_dir(self.root())
            .env_remove("NEWSEARCH_INDEX")
            .env_remove("NO_COLOR")
            .timeout(TIMEOUT)
            .arg("--index")
            .arg(self.index_dir());
        cmd
    }

    /// Runs newsearch with `args` and returns what it did, whatever the exit code.
    pub fn run(&self, args: &[&str]) -> Output {
        let output = self.cmd().args(args).output().expect("run newsearch");
        assert_no_panic(&output);
        output
    }

    /// `newsearch index --json PATHS...`; asserts success and returns the summary.
    pub fn index(&self, paths: &[&str]) -> Value {
        self.index_with(paths, &[])
    }

    /// `newsearch index --json PATHS... EXTRA...`; asserts success and returns the summary.
    pub fn index_with(&self, paths: &[&str], extra: &[&str]) -> Value {
        let mut args = vec!["index", "--json"];
        args.extend_from_slice(paths);
        args.extend_from_slice(extra);
        let output = self.run(&args);
        assert_exit(&output, 0);
        let summary = parse_json(&output.stdout);
        check_index_summary(&summary);
        summary
    }

    /// `newsearch search --json ARGS...`, which must exit 0 (hits) or 1 (no hits), consistent
    /// with the hit count; returns the parsed results.
    pub fn search(&self, args: &[&str]) -> Value {
        let mut all = vec!["search", "--json"];
        all.extend_from_slice(args);
        let output = self.run(&all);
        let code = output.status.code();
        assert!(
            code == Some(0) || code == Some(1),
            "search {args:?} exited with {code:?}\nstderr: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let results = parse_json(&output.stdout);
        check_search_results(&results);
        let total = results["total_hits"].as_u64().unwrap_or(0);
        assert_eq!(
            code == Some(0),
            total > 0,
            "exit code {code:?} disagrees with total_hits {total} for {args:?}"
        );
        results
    }

    /// Search and return the titles of the hits, in order.
    pub fn titles(&self, args: &[&str]) -> Vec<String> {
        titles(&self.search(args))
    }

    /// `newsearch extract --json PATHS...`; asserts success and returns one value per line.
    pub fn extract(&self, paths: &[&str]) -> Vec<Value> {
        let mut args = vec!["extract", "--json"];
        args.extend_from_slice(paths);
        let output = self.run(&args);
        assert_exit(&output, 0);
        json_lines(&output.stdout)
    }

    /// Extracts a single file that must hold exactly one article.
    pub fn extract_one(&self, path: &str) -> Value {
        let mut articles = self.extract(&[path]);
        assert_eq!(
            articles.len(),
            1,
            "expected one article in {path}: {articles:?}"
        );
        articles.remove(0)
    }

    /// `newsearch stats --json`.
    pub fn stats(&self) -> Value {
        let output = self.run(&["stats", "--json"]);
        assert_exit(&output, 0);
        parse_json(&output.stdout)
    }
}

/// Fails on output that shows a panic, whatever the exit code.
pub fn assert_no_panic(output: &Output) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "newsearch panicked:\n{stderr}"
    );
    // A panic exits with 101; a signal leaves no code at all. Codes 0-2 are documented for
    // every command, 3 for `index --strict`.
    assert!(
        matches!(output.status.code(), Some(0..=3)),
        "unexpected exit status {:?}\nstderr: {stderr}",
        output.status
    );
}

/// Fails unless the command exited with `code`, showing its output.
pub fn assert_exit(output: &Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "expected exit code {code}\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Standard output or error as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("newsearch writes UTF-8")
}

/// Parses one JSON document.
pub fn parse_json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(bytes)))
}

/// Parses JSON Lines, one value per non-empty line.
pub fn json_lines(bytes: &[u8]) -> Vec<Value> {
    text(bytes)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON line ({e}): {l}")))
        .collect()
}

/// The titles of the hits of a search result.
pub fn titles(results: &Value) -> Vec<String> {
    hits(results)
        .iter()
        .map(|h| h["title"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// The hits of a search result.
pub fn hits(results: &Value) -> &Vec<Value> {
    results["hits"].as_array().expect("hits is an array")
}

/// A summary field as a number.
pub fn count(summary: &Value, key: &str) -> u64 {
    summary[key]
        .as_u64()
        .unwrap_or_else(|| panic!("{key} is not a count in {summary}"))
}

/// The `(new, updated, removed)` counts of an indexing summary.
pub fn changes(summary: &Value) -> (u64, u64, u64) {
    (
        count(summary, "articles_indexed"),
        count(summary, "articles_updated"),
        count(summary, "articles_removed"),
    )
}

/// The characters `[start, end)` of `s`, counted in code points.
pub fn char_slice(s: &str, start: usize, end: usize) -> String {
    s.chars().skip(start).take(end - start).collect()
}

/// The highlighted words of a hit, in order.
pub fn highlighted(hit: &Value) -> Vec<String> {
    let snippet = hit["snippet"].as_str().expect("snippet is a string");
    hit["highlights"]
        .as_array()
        .expect("highlights is an array")
        .iter()
        .map(|pair| {
            let start = pair[0].as_u64().expect("highlight start") as usize;
            let end = pair[1].as_u64().expect("highlight end") as usize;
            char_slice(snippet, start, end)
        })
        .collect()
}

/// Lower-cases and strips the accents newsearch folds (enough for the test fixtures).
pub fn fold(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            other => other,
        })
        .collect()
}

/// True when `found` (text highlighted in a snippet) is the query word `word` or a form of it
/// with the same stem: equal after case and accent folding, or differing only in a short
/// ending (`tariffs` for `tariff`, `ferries` for `ferry`, `elected` for `election`).
pub fn is_form_of(found: &str, word: &str) -> bool {
    let (found, word) = (fold(found), fold(word));
    if found == word {
        return true;
    }
    let common = found
        .chars()
        .zip(word.chars())
        .take_while(|(a, b)| a == b)
        .count();
    let shorter = found.chars().count().min(word.chars().count());
    let longer = found.chars().count().max(word.chars().count());
    common >= 3 && common + 3 >= shorter && common * 2 >= longer
}

/// Checks the documented shape of an indexing summary.
pub fn check_index_summary(summary: &Value) {
    for key in [
        "files_seen",
        "files_unchanged",
        "articles_indexed",
        "articles_updated",
        "articles_removed",
        "articles_undated",
    ] {
        assert!(
            summary[key].is_u64(),
            "{key} missing or not a count: {summary}"
        );
    }
    assert!(summary["seconds"].is_number(), "seconds: {summary}");
    assert!(
        summary["articles_per_second"].is_number(),
        "articles_per_second: {summary}"
    );
    let skipped = summary["skipped"].as_array().expect("skipped is an array");
    let warnings = summary["warnings"]
        .as_array()
        .expect("warnings is an array");
    for skip in skipped.iter().chain(warnings) {
        assert!(skip["path"].is_string(), "skip path: {skip}");
        assert!(
            skip["line"].is_null() || skip["line"].is_u64(),
            "skip line: {skip}"
        );
        assert!(
            !skip["reason"].as_str().unwrap_or_default().is_empty(),
            "skip reason: {skip}"
        );
    }
}

/// Checks the documented shape of search results: every key present with the right type,
/// ranks consecutive, dates in RFC 3339, and highlight ranges inside the snippet, sorted and
/// not overlapping.
pub fn check_search_results(results: &Value) {
    assert!(results["query"].is_string(), "query: {results}");
    assert!(results["total_hits"].is_u64(), "total_hits: {results}");
    assert!(
        results["total_hits_exact"].is_boolean(),
        "total_hits_exact: {results}"
    );
    assert!(results["took_ms"].is_number(), "took_ms: {results}");
    let hits = hits(results);
    assert!(
        hits.len() as u64 <= results["total_hits"].as_u64().unwrap_or(0),
        "more hits than total_hits: {results}"
    );
    let mut previous_rank = None;
    for hit in hits {
        let rank = hit["rank"].as_u64().expect("rank is a count");
        if let Some(previous) = previous_rank {
            assert_eq!(rank, previous + 1, "ranks must be consecutive: {results}");
        }
        previous_rank = Some(rank);
        assert!(hit["score"].is_number(), "score: {hit}");
        for key in ["id", "path", "title", "snippet"] {
            assert!(hit[key].is_string(), "{key} is not a string: {hit}");
        }
        assert!(
            hit["date"].is_null()
                || chrono::DateTime::parse_from_rfc3339(hit["date"].as_str().unwrap_or("")).is_ok(),
            "date is neither null nor RFC 3339: {hit}"
        );
        assert!(hit["url"].is_null() || hit["url"].is_string(), "url: {hit}");
        let authors = hit["authors"].as_array().expect("authors is an array");
        assert!(authors.iter().all(Value::is_string), "authors: {hit}");
        for entity in hit["entities"].as_array().expect("entities is an array") {
            assert!(
                !entity["name"].as_str().unwrap_or_default().is_empty(),
                "entity name: {entity}"
            );
            let kind = entity["type"].as_str().unwrap_or_default();
            assert!(
                ["PERSON", "ORG", "PLACE"].contains(&kind),
                "entity type: {entity}"
            );
        }
        let snippet_len = hit["snippet"].as_str().unwrap_or_default().chars().count() as u64;
        let mut last_end = 0;
        for pair in hit["highlights"]
            .as_array()
            .expect("highlights is an array")
        {
            let pair = pair.as_array().expect("a highlight is a pair");
            assert_eq!(pair.len(), 2, "a highlight is [start, end]: {hit}");
            let (start, end) = (
                pair[0].as_u64().expect("start"),
                pair[1].as_u64().expect("end"),
            );
            assert!(
                start >= last_end && start < end && end <= snippet_len,
                "highlight [{start}, {end}) is out of order or outside the {snippet_len}-char snippet: {hit}"
            );
            last_end = end;
        }
    }
}
