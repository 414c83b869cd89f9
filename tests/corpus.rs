//! The bundled sample corpus (`corpus/`, 50 articles written for the project) indexed and
//! searched end to end, as a newcomer would first try newsearch.

mod util;

use serde_json::Value;
use util::{assert_exit, changes, check_index_summary, hits, is_form_of, parse_json, TestEnv};

/// Indexes the bundled corpus into a temporary index, running from the repository root as
/// `newsearch --index <tmp> index corpus` would be typed there.
fn corpus_index() -> (TestEnv, Value) {
    let env = TestEnv::new();
    let output = env
        .cmd()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["index", "--json", "corpus"])
        .output()
        .expect("run newsearch index");
    util::assert_no_panic(&output);
    assert_exit(&output, 0);
    let summary = parse_json(&output.stdout);
    check_index_summary(&summary);
    (env, summary)
}

fn path_of(hit: &Value) -> &str {
    hit["path"].as_str().expect("path is a string")
}

#[test]
fn the_corpus_indexes_cleanly() {
    let (env, summary) = corpus_index();
    assert_eq!(changes(&summary), (50, 0, 0), "{summary}");
    assert!(
        summary["skipped"].as_array().unwrap().is_empty(),
        "every bundled file is readable: {summary}"
    );
    let stats = env.stats();
    assert_eq!(stats["articles"], 50);
    assert_eq!(
        util::count(&stats, "dated") + util::count(&stats, "undated"),
        50
    );
    assert!(stats["date_min"].as_str() <= stats["date_max"].as_str());
    // Paths are stored absolute, so searches work from any directory.
    let results = env.search(&["Lavrov"]);
    assert!(hits(&results)
        .iter()
        .all(|h| std::path::Path::new(path_of(h)).is_absolute()));
}

#[test]
fn lavrov_north_korea_finds_the_white_house_meeting_first() {
    let (env, _) = corpus_index();
    let results = env.search(&["Lavrov North Korea"]);
    let first = &hits(&results)[0];
    assert!(
        path_of(first).ends_with("corpus/scraped/trump-to-meet-lavrov.txt"),
        "first hit: {first}"
    );
    assert_eq!(first["date"], "2017-05-13T06:02:00Z");
    let words = util::highlighted(first);
    for word in ["Lavrov", "North", "Korea"] {
        assert!(
            words.iter().any(|w| w == word),
            "{word} not highlighted: {first}"
        );
    }
    // The scraped page's trailers are not part of it: its "Related Posts" headlines and
    // "More here:" address do not find it.
    for furniture in ["inauguration", "worldnewsdesk"] {
        let results = env.search(&[furniture]);
        assert!(
            !hits(&results)
                .iter()
                .any(|h| path_of(h).ends_with("trump-to-meet-lavrov.txt")),
            "{furniture:?} found the page through its furniture: {results}"
        );
    }
}

#[test]
fn tariff_highlights_tariffs_in_the_steel_article() {
    let (env, _) = corpus_index();
    let results = env.search(&["tariff"]);
    let steel = hits(&results)
        .iter()
        .find(|h| path_of(h).ends_with("corpus/json/steel-import-curbs.json"))
        .unwrap_or_else(|| panic!("the steel article is not found: {results}"));
    let words = util::highlighted(steel);
    assert!(words.contains(&"tariffs".to_string()), "{steel}");
    assert!(words.iter().all(|w| is_form_of(w, "tariff")), "{steel}");
}

#[test]
fn every_highlight_on_the_corpus_is_a_query_word() {
    let (env, _) = corpus_index();
    for query in [
        "election",
        "missile launches",
        "\"interest rates\"",
        "Merkel",
        "hackers stole",
        "iceberg",
        "Zürich",
    ] {
        let words: Vec<&str> = query
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let results = env.search(&[query, "-n", "20"]);
        assert!(util::count(&results, "total_hits") > 0, "{query:?}");
        for hit in hits(&results) {
            for found in util::highlighted(hit) {
                assert!(
                    words.iter().any(|w| is_form_of(&found, w)),
                    "{found:?} highlighted for {query:?} in {}",
                    path_of(hit)
                );
            }
        }
    }
}
