//! `newsearch index` and `newsearch stats`: first runs, incremental updates (new, changed,
//! deleted and untouched files), `--rebuild`, the summary and the errors.

mod util;

use std::time::{Duration, SystemTime};

use util::{assert_exit, changes, count, text, titles, TestEnv};

/// Sets a file's modification time, so that a change of the same size is still noticed.
fn set_mtime(env: &TestEnv, rel: &str, time: SystemTime) {
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(env.path(rel))
        .expect("open a fixture for writing");
    file.set_modified(time).expect("set the modification time");
}

fn mtime(env: &TestEnv, rel: &str) -> SystemTime {
    std::fs::metadata(env.path(rel))
        .and_then(|m| m.modified())
        .expect("read the modification time")
}

/// Two undated articles and one dated one, in two directories.
fn two_dirs() -> TestEnv {
    let env = TestEnv::new();
    env.write(
        "a/walrus.txt",
        "Walrus colony grows\n\nThe walrus colony grew again.\n",
    );
    env.write(
        "a/narwhal.txt",
        "Narwhal sighting\n\nA narwhal was seen in the fjord.\n",
    );
    env.write(
        "b/puffin.txt",
        "Puffin census\n\nMay 13, 2017\n\nVolunteers counted puffins on the cliffs.\n",
    );
    env
}

fn total(env: &TestEnv, query: &str) -> u64 {
    count(&env.search(&[query]), "total_hits")
}

#[test]
fn first_run_summary() {
    let env = two_dirs();
    env.write("a/readme.csv", "not,an,article\n");
    let summary = env.index(&["a", "b"]);
    assert_eq!(count(&summary, "files_seen"), 4, "{summary}");
    assert_eq!(count(&summary, "files_unchanged"), 0);
    assert_eq!(changes(&summary), (3, 0, 0));
    assert_eq!(count(&summary, "articles_undated"), 2);
    let skipped = summary["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1, "{summary}");
    assert!(skipped[0]["path"].as_str().unwrap().ends_with("readme.csv"));

    let stats = env.stats();
    assert_eq!(stats["articles"], 3);
    assert_eq!(stats["dated"], 1);
    assert_eq!(stats["undated"], 2);
}

#[test]
fn unchanged_rerun_reports_nothing_new() {
    let env = two_dirs();
    env.index(&["a", "b"]);
    let again = env.index(&["a", "b"]);
    assert_eq!(changes(&again), (0, 0, 0), "{again}");
    assert_eq!(count(&again, "files_unchanged"), 3);
    assert_eq!(count(&again, "articles_undated"), 0);
    assert_eq!(env.stats()["articles"], 3, "no duplicates after a re-run");
}

#[test]
fn a_new_file_is_added() {
    let env = two_dirs();
    env.index(&["a", "b"]);
    env.write(
        "a/seal.txt",
        "Seal pups\n\nSeal pups rested on the sandbank.\n",
    );
    let summary = env.index(&["a", "b"]);
    assert_eq!(changes(&summary), (1, 0, 0), "{summary}");
    assert_eq!(count(&summary, "files_unchanged"), 3);
    assert_eq!(titles(&env.search(&["sandbank"])), ["Seal pups"]);
    assert_eq!(env.stats()["articles"], 4);
}

#[test]
fn a_changed_file_is_reindexed() {
    let env = two_dirs();
    env.index(&["a", "b"]);
    env.write(
        "a/walrus.txt",
        "Walrus colony grows\n\nThe walrus colony grew again, and now includes many calves.\n",
    );
    let summary = env.index(&["a", "b"]);
    assert_eq!(changes(&summary), (0, 1, 0), "{summary}");
    assert_eq!(count(&summary, "files_unchanged"), 2);
    assert_eq!(total(&env, "calves"), 1);
    assert_eq!(total(&env, "walrus"), 1, "the old version is gone");
    assert_eq!(env.stats()["articles"], 3);
}

#[test]
fn a_same_size_change_is_noticed_by_its_modification_time() {
    let env = two_dirs();
    env.index(&["a", "b"]);
    let before = mtime(&env, "a/narwhal.txt");
    // Same length, different word.
    env.write(
        "a/narwhal.txt",
        "Narwhal sighting\n\nA narwhal was seen in the bay!!.\n",
    );
    assert_eq!(
        std::fs::metadata(env.path("a/narwhal.txt")).unwrap().len(),
        "Narwhal sighting\n\nA narwhal was seen in the fjord.\n".len() as u64
    );
    set_mtime(&env, "a/narwhal.txt", before + Duration::from_secs(60));
    let summary = env.index(&["a", "b"]);
    assert_eq!(changes(&summary), (0, 1, 0), "{summary}");
    assert_eq!(total(&env, "bay"), 1);
    assert_eq!(total(&env, "fjord"), 0);
}

#[test]
fn a_touched_but_identical_file_counts_as_no_change() {
    let env = two_dirs();
    env.index(&["a", "b"]);
    let before = mtime(&env, "b/puffin.txt");
    set_mtime(&env, "b/puffin.txt", before + Duration::from_secs(3600));
    let summary = env.index(&["a", "b"]);
    assert_eq!(changes(&summary), (0, 0, 0), "{summary}");
    assert_eq!(total(&env, "puffins"), 1, "re-reading must not duplicate");
    assert_eq!(env.stats()["articles"], 3);
}

#[test]
fn a_deleted_file_is_removed() {
    let env = two_dirs();
    env.index(&["a", "b"]);
    assert_eq!(total(&env, "narwhal"), 1);
    env.remove("a/narwhal.txt");
    let summary = env.index(&["a", "b"]);
    assert_eq!(changes(&summary), (0, 0, 1), "{summary}");
    assert_eq!(count(&summary, "files_seen"), 2);
    assert_eq!(total(&env, "narwhal"), 0);
    assert_eq!(env.stats()["articles"], 2);
}

#[test]
fn removal_only_touches_the_paths_given() {
    let env = two_dirs();
    env.index(&["a", "b"]);
    // Indexing `a` alone keeps what came from `b`.
    let summary = env.index(&["a"]);
    assert_eq!(changes(&summary), (0, 0, 0), "{summary}");
    assert_eq!(total(&env, "puffins"), 1);
    // A file deleted from `b` stays in the index until `b` is indexed again.
    env.remove("b/puffin.txt");
    let summary = env.index(&["a"]);
    assert_eq!(changes(&summary), (0, 0, 0), "{summary}");
    assert_eq!(total(&env, "puffins"), 1);
    let summary = env.index(&["b"]);
    assert_eq!(changes(&summary), (0, 0, 1), "{summary}");
    assert_eq!(total(&env, "puffins"), 0);
    assert_eq!(total(&env, "walrus"), 1);
}

#[test]
fn articles_leaving_a_multi_article_file_are_counted() {
    let env = TestEnv::new();
    env.write(
        "list.json",
        r#"[{"title": "One", "body": "Otter one."},
            {"title": "Two", "body": "Otter two."},
            {"title": "Three", "body": "Otter three."}]"#,
    );
    assert_eq!(changes(&env.index(&["list.json"])), (3, 0, 0));
    // The second article changes and the third goes.
    env.write(
        "list.json",
        r#"[{"title": "One", "body": "Otter one."},
            {"title": "Two", "body": "Otter number two, revised."}]"#,
    );
    let summary = env.index(&["list.json"]);
    assert_eq!(changes(&summary), (0, 1, 1), "{summary}");
    assert_eq!(total(&env, "otter"), 2);
    assert_eq!(total(&env, "revised"), 1);
    assert_eq!(total(&env, "three"), 0);
}

#[test]
fn json_lines_gaining_and_changing_lines() {
    let env = TestEnv::new();
    env.write(
        "feed.jsonl",
        "{\"id\": \"a\", \"title\": \"Alpha\", \"body\": \"Heron one.\"}\n\
         {\"id\": \"b\", \"title\": \"Beta\", \"body\": \"Heron two.\"}\n",
    );
    env.index(&["feed.jsonl"]);
    env.write(
        "feed.jsonl",
        "{\"id\": \"a\", \"title\": \"Alpha\", \"body\": \"Heron one.\"}\n\
         {\"id\": \"b\", \"title\": \"Beta\", \"body\": \"Heron two, corrected.\"}\n\
         {\"id\": \"c\", \"title\": \"Gamma\", \"body\": \"Heron three.\"}\n",
    );
    let summary = env.index(&["feed.jsonl"]);
    assert_eq!(changes(&summary), (1, 1, 0), "{summary}");
    assert_eq!(total(&env, "heron"), 3);
}

#[test]
fn rebuild_starts_over() {
    let env = two_dirs();
    env.index(&["a", "b"]);
    let summary = env.index_with(&["a", "b"], &["--rebuild"]);
    assert_eq!(changes(&summary), (3, 0, 0), "{summary}");
    assert_eq!(count(&summary, "files_unchanged"), 0);
    assert_eq!(env.stats()["articles"], 3, "a rebuild must not duplicate");
    // Starting over from `a` alone leaves nothing from `b`.
    let summary = env.index_with(&["a"], &["--rebuild"]);
    assert_eq!(changes(&summary), (2, 0, 0), "{summary}");
    assert_eq!(env.stats()["articles"], 2);
    assert_eq!(total(&env, "puffins"), 0);
}

#[test]
fn rebuild_replaces_an_unreadable_index() {
    let env = two_dirs();
    env.write("index/meta.json", "this is not an index");
    let output = env.run(&["stats"]);
    assert_exit(&output, 2);
    assert!(
        text(&output.stderr).contains("--rebuild"),
        "the error says how to fix it"
    );
    env.index_with(&["a"], &["--rebuild"]);
    assert_eq!(env.stats()["articles"], 2);
}

#[test]
fn the_index_directory_inside_a_crawled_directory_is_not_crawled() {
    let env = two_dirs();
    // The index lives at <root>/index, inside the directory being indexed.
    env.index(&["."]);
    let summary = env.index(&["."]);
    assert_eq!(count(&summary, "files_seen"), 3, "{summary}");
    assert_eq!(changes(&summary), (0, 0, 0));
    assert!(
        summary["skipped"].as_array().unwrap().is_empty(),
        "{summary}"
    );
}

#[test]
fn text_summary() {
    let env = two_dirs();
    let output = env.run(&["index", "a", "b"]);
    assert_exit(&output, 0);
    let out = text(&output.stdout);
    assert!(out.contains("Indexed 3 new"), "{out}");
    assert!(
        out.contains("2 of the new or updated articles have no date"),
        "{out}"
    );
}

#[test]
fn stats_report_dates_size_and_entities() {
    let env = TestEnv::new();
    env.write(
        "wire.jsonl",
        "{\"title\": \"Talks in Vienna\", \"date\": \"2016-11-02T08:00:00Z\", \"body\": \"Foreign Minister Sergei Lavrov arrived in Vienna on Wednesday.\"}\n\
         {\"title\": \"Sanctions stay\", \"date\": \"2017-03-10\", \"body\": \"Sergei Lavrov said in Moscow that sanctions would stay.\"}\n\
         {\"title\": \"Harbour talks\", \"body\": \"Delegates gathered in Vienna for harbour talks with Sergei Lavrov.\"}\n",
    );
    env.index(&["wire.jsonl"]);
    let stats = env.stats();
    assert_eq!(stats["articles"], 3);
    assert_eq!(stats["dated"], 2);
    assert_eq!(stats["undated"], 1);
    assert_eq!(stats["date_min"], "2016-11-02T08:00:00Z");
    assert_eq!(stats["date_max"], "2017-03-10T00:00:00Z");
    assert!(count(&stats, "index_bytes") > 0);
    let top = stats["top_entities"].as_array().unwrap();
    assert_eq!(top[0]["name"], "Sergei Lavrov", "{stats}");
    assert_eq!(top[0]["type"], "PERSON");
    assert_eq!(top[0]["count"], 3);
    let vienna = top.iter().find(|e| e["name"] == "Vienna").expect("Vienna");
    assert_eq!(vienna["type"], "PLACE");
    assert_eq!(vienna["count"], 2);
    let counts: Vec<u64> = top.iter().map(|e| count(e, "count")).collect();
    assert!(
        counts.windows(2).all(|w| w[0] >= w[1]),
        "most frequent first: {stats}"
    );

    let output = env.run(&["stats", "--json", "--top", "1"]);
    assert_exit(&output, 0);
    let one = util::parse_json(&output.stdout);
    assert_eq!(one["top_entities"].as_array().unwrap().len(), 1);

    let output = env.run(&["stats"]);
    assert_exit(&output, 0);
    assert!(text(&output.stdout).contains("Sergei Lavrov"));
}

#[test]
fn stats_and_search_without_an_index_explain_how_to_build_one() {
    let env = TestEnv::new();
    for args in [&["stats"][..], &["search", "walrus"], &["walrus"]] {
        let output = env.run(args);
        assert_exit(&output, 2);
        let err = text(&output.stderr);
        assert!(err.contains("newsearch index"), "{args:?}: {err}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn indexing_a_missing_path_fails() {
    let env = TestEnv::new();
    let output = env.run(&["index", "--json", "no-such-dir"]);
    assert_exit(&output, 2);
    assert!(text(&output.stderr).contains("no-such-dir"));
}

#[test]
fn a_path_error_names_its_cause_once() {
    let env = TestEnv::new();
    let output = env.run(&["index", "no-such-dir"]);
    assert_exit(&output, 2);
    let err = text(&output.stderr);
    assert_eq!(
        err.matches("No such file or directory").count(),
        1,
        "the cause is repeated: {err}"
    );
}

#[test]
fn bad_index_arguments_are_refused() {
    let env = two_dirs();
    for args in [
        &["index", "a", "--threads", "0"][..],
        &["index", "a", "--memory-mb", "1"],
        &["index", "a", "--no-such-flag"],
    ] {
        let output = env.run(args);
        assert_exit(&output, 2);
    }
    assert!(
        !env.index_dir().join("meta.json").exists(),
        "nothing was built"
    );
}

#[test]
fn the_index_location_may_come_from_the_environment() {
    let env = two_dirs();
    let dir = env.path("elsewhere");
    let run = |args: &[&str]| {
        let mut cmd = assert_cmd::Command::cargo_bin("newsearch").unwrap();
        cmd.current_dir(env.root())
            .env("NEWSEARCH_INDEX", &dir)
            .args(args)
            .output()
            .unwrap()
    };
    let output = run(&["index", "--json", "a"]);
    assert_exit(&output, 0);
    assert!(
        dir.join("meta.json").is_file(),
        "the index went to NEWSEARCH_INDEX"
    );
    assert!(!env.index_dir().exists());
    let output = run(&["--json", "narwhal"]);
    assert_exit(&output, 0);
    assert_eq!(util::parse_json(&output.stdout)["total_hits"], 1);
}

#[test]
fn a_file_that_becomes_unreadable_loses_its_articles() {
    let env = TestEnv::new();
    env.write(
        "list.json",
        r#"[{"title": "One", "body": "Otter one."}, {"title": "Two", "body": "Otter two."}]"#,
    );
    env.index(&["list.json"]);
    // Cut off mid-write: no longer valid JSON.
    env.write("list.json", r#"[{"title": "One", "body": "Otter one."},"#);
    let summary = env.index(&["list.json"]);
    assert_eq!(changes(&summary), (0, 0, 2), "{summary}");
    let skipped = summary["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1, "{summary}");
    assert_eq!(total(&env, "otter"), 0);
    // Repaired, it comes back.
    env.write(
        "list.json",
        r#"[{"title": "One", "body": "Otter one."}, {"title": "Two", "body": "Otter two."}]"#,
    );
    let summary = env.index(&["list.json"]);
    assert_eq!(changes(&summary), (2, 0, 0), "{summary}");
    assert_eq!(total(&env, "otter"), 2);
}

#[test]
fn overlapping_paths_index_each_file_once() {
    let env = two_dirs();
    env.write(
        "a/sub/seal.txt",
        "Seal pups\n\nSeal pups rested on the sandbank.\n",
    );
    let summary = env.index(&["a", "a/sub", "a/sub/seal.txt"]);
    assert_eq!(changes(&summary), (3, 0, 0), "{summary}");
    assert_eq!(env.stats()["articles"], 3);
    assert_eq!(total(&env, "sandbank"), 1);
}

#[test]
fn overlapping_paths_count_each_file_once() {
    let env = two_dirs();
    env.write(
        "a/sub/seal.txt",
        "Seal pups\n\nSeal pups rested on the sandbank.\n",
    );
    let summary = env.index(&["a", "a/sub"]);
    // a/walrus.txt, a/narwhal.txt and a/sub/seal.txt: three files.
    assert_eq!(count(&summary, "files_seen"), 3, "{summary}");
}

#[test]
fn strict_mode_fails_on_skips_but_still_indexes() {
    let env = two_dirs();
    let output = env.run(&["index", "--json", "--strict", "a"]);
    assert_exit(&output, 0);
    env.write("a/broken.json", "{\"title\": ");
    env.write(
        "a/seal.txt",
        "Seal pups\n\nSeal pups rested on the sandbank.\n",
    );
    let output = env.run(&["index", "--json", "--strict", "a"]);
    assert_exit(&output, 3);
    let summary = util::parse_json(&output.stdout);
    util::check_index_summary(&summary);
    assert_eq!(summary["skipped"].as_array().unwrap().len(), 1, "{summary}");
    assert_eq!(total(&env, "sandbank"), 1, "the rest was committed");
    // Without --strict the same skip is only reported.
    env.write("a/broken.json", "{\"title\": \"still broken");
    let summary = env.index(&["a"]);
    assert_eq!(summary["skipped"].as_array().unwrap().len(), 1, "{summary}");
}

#[test]
fn unusable_dates_become_warnings_and_the_article_is_undated() {
    let env = TestEnv::new();
    env.write(
        "dates.jsonl",
        "{\"id\": \"impossible\", \"title\": \"Quail count\", \"body\": \"Quail counted.\", \"date\": \"2017-02-31\"}\n\
         {\"id\": \"future\", \"title\": \"Quail flight\", \"body\": \"Quail flew.\", \"date\": \"2999-01-01\"}\n\
         {\"id\": \"fine\", \"title\": \"Quail rest\", \"body\": \"Quail slept.\", \"date\": \"2017-02-28\"}\n",
    );
    let summary = env.index(&["dates.jsonl"]);
    assert_eq!(changes(&summary), (3, 0, 0), "{summary}");
    assert_eq!(count(&summary, "articles_undated"), 2);
    let warnings = summary["warnings"].as_array().unwrap();
    let lines: Vec<u64> = warnings.iter().map(|w| count(w, "line")).collect();
    assert_eq!(lines, [1, 2], "{summary}");
    assert!(summary["skipped"].as_array().unwrap().is_empty());

    let results = env.search(&["quail", "--sort", "newest"]);
    let dated: Vec<(&str, &serde_json::Value)> = util::hits(&results)
        .iter()
        .map(|h| (h["id"].as_str().unwrap(), &h["date"]))
        .collect();
    assert_eq!(
        dated[0],
        ("fine", &serde_json::json!("2017-02-28T00:00:00Z"))
    );
    assert!(dated[1..].iter().all(|(_, d)| d.is_null()), "{results}");
    assert_eq!(env.search(&["quail", "--since", "2018"])["total_hits"], 0);

    // Warnings describe files read in this run; an unchanged file is not read again.
    let again = env.index(&["dates.jsonl"]);
    assert!(again["warnings"].as_array().unwrap().is_empty(), "{again}");
}
