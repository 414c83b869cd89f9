//! `newsearch search`: the JSON schema, highlights, query syntax, ranking, date filters,
//! sorting, entity filters, batches of queries, text output and exit codes.

mod util;

use serde_json::Value;
use util::{
    assert_exit, count, highlighted, hits, is_form_of, json_lines, parse_json, text, titles,
    TestEnv,
};

const STRIKE: &str = "Harbour strike halts ferry traffic";
const FERRY: &str = "Ferry service resumes after harbour strike";
const LIGHTHOUSE: &str = "Lighthouse keepers remember the harbour";
const STEEL: &str = "Ministry weighs steel tariff";
const VIENNA: &str = "Ministers meet in Vienna";
const SANCTIONS: &str = "Sanctions stay, says Moscow";
const TALKS: &str = "Vienna hosts harbour talks";

/// A small archive in every format. Six articles mention "harbour": dated 2017-05-31 23:00,
/// 2017-06-01, 2017-03-12, 2016-11-02 and 2016-04-21, and one undated.
fn news() -> TestEnv {
    let env = TestEnv::new();
    env.write(
        "news/harbour-strike.txt",
        "Harbour strike halts ferry traffic\n\n\
         Posted: May 31, 2017 at 11:00 pm\n\n\
         By Jane Doe\n\n\
         Dockworkers at the eastern harbour walked out over pay, halting ferry traffic for the \
         night. The union blamed new tariffs on imported cranes for squeezing wages.\n",
    );
    env.write(
        "news/ferry-resumes.txt",
        "Ferry service resumes after harbour strike\n\nJune 1, 2017\n\n\
         Ferries left the harbour again at dawn as the strike ended.\n",
    );
    env.write(
        "news/lighthouse.md",
        "# Lighthouse keepers remember the harbour\n\n\
         Retired keepers met at the old harbour lighthouse to share stories.\n",
    );
    env.write(
        "news/steel.json",
        r#"{"id": "steel-1", "title": "Ministry weighs steel tariff", "date": "2016-04-21",
            "body": "The trade ministry said tariffs on imported steel could rise, worrying harbour operators and shipyards.",
            "authors": ["Ines Duarte"], "source": "Capital Ledger", "url": "https://ledger.example/steel"}"#,
    );
    env.write(
        "news/wire.jsonl",
        "{\"title\": \"Ministers meet in Vienna\", \"date\": \"2016-11-02T08:00:00Z\", \"body\": \"Foreign Minister Sergei Lavrov arrived in Vienna on Wednesday to discuss the harbour dispute.\"}\n\
         {\"title\": \"Sanctions stay, says Moscow\", \"date\": \"2017-03-10\", \"body\": \"Sergei Lavrov said in Moscow that sanctions would not change policy.\"}\n\
         {\"title\": \"Vienna hosts harbour talks\", \"date\": \"2017-03-12\", \"body\": \"Delegates gathered in Vienna to discuss the harbour dispute without any ministers.\"}\n",
    );
    let summary = env.index(&["news"]);
    assert_eq!(count(&summary, "articles_indexed"), 7, "{summary}");
    env
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn set(items: &[&str]) -> Vec<String> {
    sorted(items.iter().map(|s| s.to_string()).collect())
}

fn hit_by_title<'a>(results: &'a Value, title: &str) -> &'a Value {
    hits(results)
        .iter()
        .find(|h| h["title"] == title)
        .unwrap_or_else(|| panic!("no hit titled {title:?} in {results}"))
}

#[test]
fn json_output_has_every_field_with_its_type() {
    let env = news();
    let results = env.search(&["harbour", "strike"]);
    // All keys present (the helper checked their types already).
    for key in ["query", "total_hits", "took_ms", "hits"] {
        assert!(results.get(key).is_some(), "{key} missing: {results}");
    }
    assert_eq!(results["query"], "harbour strike");
    assert_eq!(results["total_hits"], 6);
    for hit in hits(&results) {
        for key in [
            "rank",
            "score",
            "id",
            "path",
            "title",
            "date",
            "url",
            "authors",
            "entities",
            "snippet",
            "highlights",
        ] {
            assert!(hit.get(key).is_some(), "{key} missing: {hit}");
        }
    }
    assert_eq!(hits(&results)[0]["rank"], 1);

    let strike = hit_by_title(&results, STRIKE);
    let path = env.path("news/harbour-strike.txt");
    assert_eq!(strike["path"].as_str(), path.to_str());
    assert_eq!(strike["id"].as_str(), path.to_str());
    assert_eq!(strike["date"], "2017-05-31T23:00:00Z");
    assert_eq!(strike["url"], Value::Null);
    assert_eq!(strike["authors"], serde_json::json!(["Jane Doe"]));

    let steel = hit_by_title(&results, STEEL);
    assert_eq!(steel["id"], "steel-1");
    assert_eq!(steel["date"], "2016-04-21T00:00:00Z");
    assert_eq!(steel["url"], "https://ledger.example/steel");
    assert_eq!(steel["authors"], serde_json::json!(["Ines Duarte"]));

    let lighthouse = hit_by_title(&results, LIGHTHOUSE);
    assert_eq!(lighthouse["date"], Value::Null);

    let vienna = env.search(&["lavrov"]);
    let entities = &hit_by_title(&vienna, VIENNA)["entities"];
    for (name, kind) in [("Sergei Lavrov", "PERSON"), ("Vienna", "PLACE")] {
        assert!(
            entities
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["name"] == name && e["type"] == kind),
            "{name} ({kind}) missing from {entities}"
        );
    }
}

#[test]
fn highlights_point_at_query_words_in_the_snippet() {
    let env = news();
    for query in [
        "harbour",
        "tariff",
        "ferry strike",
        "\"harbour lighthouse\"",
        "keepers",
        "Lavrov Vienna",
        "DOCKWORKERS",
        "ministers dispute",
    ] {
        let words: Vec<String> = query
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        let results = env.search(&[query]);
        assert!(count(&results, "total_hits") > 0, "{query:?} found nothing");
        let mut any = false;
        for hit in hits(&results) {
            for found in highlighted(hit) {
                any = true;
                assert!(
                    words.iter().any(|w| is_form_of(&found, w)),
                    "{found:?} is highlighted for {query:?}: {hit}"
                );
            }
        }
        assert!(any, "nothing highlighted for {query:?}: {results}");
    }
}

#[test]
fn stemmed_forms_are_found_and_highlighted() {
    let env = news();
    let results = env.search(&["tariff"]);
    assert_eq!(sorted(titles(&results)), set(&[STRIKE, STEEL]));
    for hit in hits(&results) {
        assert!(
            highlighted(hit).contains(&"tariffs".to_string()),
            "tariffs not highlighted: {hit}"
        );
    }
    // And the other way round: the plural query finds the singular title word.
    assert_eq!(sorted(env.titles(&["tariffs"])), set(&[STRIKE, STEEL]));
}

#[test]
fn articles_with_all_the_words_rank_first() {
    let env = TestEnv::new();
    env.write(
        "rank/both.txt",
        "Island notes\n\nThe old keeper climbed the lighthouse stairs each night before the \
         storm arrived over the island and the grey sea beyond it.\n",
    );
    env.write(
        "rank/lighthouse.txt",
        "Lighthouse lighthouse lighthouse\n\n\
         The lighthouse lighthouse lighthouse was painted white lighthouse lighthouse.\n",
    );
    env.write(
        "rank/keeper.txt",
        "Keeper keeper\n\nKeeper keeper keeper keeper.\n",
    );
    env.index(&["rank"]);
    for query in ["lighthouse keeper", "keeper lighthouse"] {
        let got = env.titles(&[query]);
        assert_eq!(got.len(), 3, "{query:?}: {got:?}");
        assert_eq!(got[0], "Island notes", "{query:?}: {got:?}");
    }
}

#[test]
fn query_syntax() {
    let env = news();
    let cases: &[(&str, &[&str])] = &[
        ("\"harbour lighthouse\"", &[LIGHTHOUSE]),
        ("\"lighthouse harbour\"", &[]),
        ("harbour -strike", &[LIGHTHOUSE, STEEL, VIENNA, TALKS]),
        ("+tariff harbour", &[STRIKE, STEEL]),
        ("+harbour +dispute", &[VIENNA, TALKS]),
        ("title:lighthouse", &[LIGHTHOUSE]),
        ("title:retired", &[]),
        ("body:retired", &[LIGHTHOUSE]),
        ("author:duarte", &[STEEL]),
        ("author:jane", &[STRIKE]),
        ("source:ledger", &[STEEL]),
        ("entity:vienna", &[VIENNA, TALKS]),
        ("entity:\"sergei lavrov\"", &[VIENNA, SANCTIONS]),
        ("entity:\"lavrov sergei\"", &[]),
        ("entity:(vienna lavrov)", &[VIENNA, SANCTIONS, TALKS]),
        ("entity:lavrov^2 AND vienna", &[VIENNA]),
        (
            "+harbour -entity:vienna",
            &[STRIKE, FERRY, LIGHTHOUSE, STEEL],
        ),
        ("sanctions OR dawn", &[SANCTIONS, FERRY]),
        ("lavrov AND vienna", &[VIENNA]),
    ];
    for (query, want) in cases {
        let got = env.titles(&[query]);
        assert_eq!(sorted(got), set(want), "query {query:?}");
    }
    // A query of exclusions alone excludes from every article.
    let got = env.titles(&["--", "-entity:vienna"]);
    assert_eq!(
        sorted(got),
        set(&[STRIKE, FERRY, LIGHTHOUSE, STEEL, SANCTIONS])
    );
}

#[test]
fn a_query_in_capitals_is_read_as_words() {
    let env = news();
    // In mixed case NOT is an operator...
    let excluded = sorted(env.titles(&["harbour NOT ferry"]));
    assert_eq!(excluded, set(&[LIGHTHOUSE, STEEL, VIENNA, TALKS]));
    // ...but wire copy in capitals uses the word: the ferry stories are found.
    let capitals = env.titles(&["HARBOUR NOT FERRY"]);
    assert!(capitals.contains(&FERRY.to_string()), "{capitals:?}");
    assert!(capitals.contains(&STRIKE.to_string()), "{capitals:?}");
    assert_eq!(capitals.len(), 6);
}

#[test]
fn scores_rank_by_relevance_and_are_zero_when_sorting_by_date() {
    let env = news();
    let results = env.search(&["harbour strike"]);
    let scores: Vec<f64> = hits(&results)
        .iter()
        .map(|h| h["score"].as_f64().unwrap())
        .collect();
    assert!(scores.iter().all(|s| *s > 0.0), "{scores:?}");
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    for order in ["newest", "oldest"] {
        let results = env.search(&["harbour strike", "--sort", order]);
        assert!(
            hits(&results)
                .iter()
                .all(|h| h["score"].as_f64() == Some(0.0)),
            "{results}"
        );
    }
}

#[test]
fn excluding_a_phrase_that_never_occurs() {
    let env = TestEnv::new();
    env.write(
        "a/one.txt",
        "Harbour news\n\nThe harbour reopened after the storm.\n",
    );
    env.write(
        "a/two.txt",
        "Storm report\n\nThe storm damaged the old harbour wall.\n",
    );
    env.index(&["a"]);
    // Neither article holds the phrase "storm harbour", so excluding it excludes nothing.
    assert_eq!(env.titles(&["wall -\"storm harbour\""]), ["Storm report"]);
    assert_eq!(
        sorted(env.titles(&["harbour -\"storm harbour\""])),
        set(&["Harbour news", "Storm report"])
    );
    let output = env.run(&["search", "--json", "--", "-\"storm harbour\""]);
    assert_exit(&output, 0);
}

#[test]
fn date_filters_at_the_edges() {
    let env = news();
    let cases: &[(&[&str], &[&str])] = &[
        // The strike story is dated 2017-05-31T23:00:00Z.
        (&["--until", "2017-05"], &[STRIKE, TALKS, VIENNA, STEEL]),
        (&["--until", "2017-05-30"], &[TALKS, VIENNA, STEEL]),
        (&["--until", "2017-05-31"], &[STRIKE, TALKS, VIENNA, STEEL]),
        (
            &["--until", "2017-05-31T22:59:59Z"],
            &[TALKS, VIENNA, STEEL],
        ),
        (&["--since", "2017-06"], &[FERRY]),
        (&["--since", "2017-06-01"], &[FERRY]),
        (&["--since", "2017-05-31T23:00:00Z"], &[STRIKE, FERRY]),
        (&["--since", "2017-05-31T23:00:01Z"], &[FERRY]),
        (
            &[
                "--since",
                "2017-05-31T23:00:00Z",
                "--until",
                "2017-05-31T23:00:00Z",
            ],
            &[STRIKE],
        ),
        // An offset is honoured: 2017-06-01T01:00+02:00 is 2017-05-31T23:00Z.
        (
            &["--until", "2017-06-01T01:00:00+02:00"],
            &[STRIKE, TALKS, VIENNA, STEEL],
        ),
        (
            &["--since", "2017", "--until", "2017"],
            &[STRIKE, FERRY, TALKS],
        ),
        (&["--until", "2016"], &[VIENNA, STEEL]),
        (
            &["--since", "2016-11", "--until", "2017-03"],
            &[VIENNA, TALKS],
        ),
        (&["--since", "2018"], &[]),
    ];
    for (filters, want) in cases {
        let mut args = vec!["harbour"];
        args.extend_from_slice(filters);
        assert_eq!(sorted(env.titles(&args)), set(want), "filters {filters:?}");
    }
    // A filter alone selects without a query; the undated article is never included.
    assert_eq!(env.titles(&["--since", "2017-06"]), [FERRY]);
    let all_dated = env.search(&["--since", "1990"]);
    assert_eq!(
        all_dated["total_hits"], 6,
        "everything but the undated article"
    );
    assert!(!titles(&all_dated).contains(&LIGHTHOUSE.to_string()));
}

#[test]
fn sorting_by_date_puts_undated_articles_last() {
    let env = news();
    // An undated and a dated article in a later run, so that the index has several segments.
    env.write(
        "late/undated.txt",
        "Harbour gulls\n\nGulls nested on the harbour wall.\n",
    );
    env.write(
        "late/dated.txt",
        "Harbour regatta\n\nJuly 8, 2017\n\nSailing boats raced across the harbour.\n",
    );
    env.index(&["late"]);

    let newest = env.titles(&["harbour", "--sort", "newest"]);
    assert_eq!(newest.len(), 8);
    assert_eq!(
        newest[..6],
        ["Harbour regatta", FERRY, STRIKE, TALKS, VIENNA, STEEL]
    );
    assert_eq!(
        sorted(newest[6..].to_vec()),
        set(&[LIGHTHOUSE, "Harbour gulls"])
    );

    let oldest = env.titles(&["harbour", "--sort", "oldest"]);
    assert_eq!(
        oldest[..6],
        [STEEL, VIENNA, TALKS, STRIKE, FERRY, "Harbour regatta"]
    );
    assert_eq!(
        sorted(oldest[6..].to_vec()),
        set(&[LIGHTHOUSE, "Harbour gulls"])
    );

    // Dates in the JSON agree with the order.
    let results = env.search(&["harbour", "--sort", "newest"]);
    let dates: Vec<&str> = hits(&results)
        .iter()
        .filter_map(|h| h["date"].as_str())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");

    // Sorting combines with a date filter.
    assert_eq!(
        env.titles(&["harbour", "--sort", "oldest", "--since", "2017-05"]),
        [STRIKE, FERRY, "Harbour regatta"]
    );
}

#[test]
fn paging_with_limit_and_offset() {
    let env = news();
    let all = env.titles(&["harbour", "--sort", "newest"]);
    assert_eq!(all.len(), 6);
    let page = env.search(&["harbour", "--sort", "newest", "-n", "2", "--offset", "2"]);
    assert_eq!(page["total_hits"], 6);
    assert_eq!(titles(&page), all[2..4]);
    let ranks: Vec<u64> = hits(&page).iter().map(|h| count(h, "rank")).collect();
    assert_eq!(ranks, [3, 4]);

    let first = env.search(&["harbour", "-n", "1"]);
    assert_eq!(hits(&first).len(), 1);
    assert_eq!(first["total_hits"], 6);

    // A limit of zero counts without returning hits.
    let counted = env.search(&["harbour", "--limit", "0"]);
    assert_eq!(counted["total_hits"], 6);
    assert!(hits(&counted).is_empty());
}

#[test]
fn entity_filter() {
    let env = news();
    let cases: &[(&[&str], &[&str])] = &[
        (&["--entity", "Sergei Lavrov"], &[VIENNA, SANCTIONS]),
        (&["--entity", "sergei lavrov"], &[VIENNA, SANCTIONS]),
        (&["--entity", "Lavrov"], &[VIENNA, SANCTIONS]),
        (&["--entity", "Vienna"], &[VIENNA, TALKS]),
        (&["--entity", "Vienna", "--entity", "Lavrov"], &[VIENNA]),
        (&["harbour", "--entity", "Vienna"], &[VIENNA, TALKS]),
        (&["sanctions", "--entity", "Vienna"], &[]),
        (&["--entity", "Atlantis"], &[]),
        // Two entities of one article are not one name.
        (&["--entity", "Lavrov Vienna"], &[]),
    ];
    for (args, want) in cases {
        let results = env.search(args);
        assert_eq!(sorted(titles(&results)), set(want), "{args:?}");
    }
    let results = env.search(&["--entity", "Moscow"]);
    for hit in hits(&results) {
        assert!(
            hit["entities"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["name"] == "Moscow"),
            "a hit of --entity Moscow does not list Moscow: {hit}"
        );
    }
}

#[test]
fn a_file_of_queries_prints_one_json_object_per_line() {
    let env = news();
    env.write(
        "queries.txt",
        "tariff\n\n   \nthe of and\nLavrov Vienna\n\"unbalanced\n",
    );
    let output = env.run(&["search", "--queries", "queries.txt"]);
    assert_exit(&output, 0);
    let lines = json_lines(&output.stdout);
    let queries: Vec<&str> = lines.iter().map(|l| l["query"].as_str().unwrap()).collect();
    assert_eq!(
        queries,
        ["tariff", "the of and", "Lavrov Vienna", "\"unbalanced"]
    );
    for line in &lines {
        util::check_search_results(line);
    }
    assert_eq!(lines[0]["total_hits"], 2);
    assert_eq!(lines[1]["total_hits"], 0);
    assert_eq!(hits(&lines[2])[0]["title"], VIENNA);
    assert_eq!(lines[3]["total_hits"], 0);

    // Flags apply to every query of the batch.
    let output = env.run(&["--queries", "queries.txt", "--since", "2017", "-n", "1"]);
    assert_exit(&output, 0);
    let lines = json_lines(&output.stdout);
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["total_hits"], 1, "steel (2016) is filtered out");
    assert_eq!(hits(&lines[0])[0]["title"], STRIKE);
    assert!(lines.iter().all(|l| hits(l).len() <= 1));
}

#[test]
fn exit_codes() {
    let env = news();
    assert_exit(&env.run(&["search", "harbour"]), 0);
    assert_exit(&env.run(&["search", "zeppelin"]), 1);
    assert_exit(&env.run(&["--json", "zeppelin"]), 1);

    let refused: &[(&[&str], &str)] = &[
        (&["harbour", "-n", "-1"], "--limit"),
        (&["harbour", "--limit", "100001"], "--limit"),
        (&["harbour", "--limit", "99999999999999999999"], "limit"),
        (&["harbour", "--offset", "-1"], "--offset"),
        (&["harbour", "--since", "yesterday"], "YYYY-MM-DD"),
        (&["harbour", "--until", "2017-13"], "YYYY-MM-DD"),
        (&["harbour", "--until", "2017-02-30"], "YYYY-MM-DD"),
        (&["harbour", "--since", "13/05/2017"], "YYYY-MM-DD"),
        (
            &["harbour", "--since", "2017-06", "--until", "2017-05"],
            "--since",
        ),
        (&["harbour", "--sort", "sideways"], "sideways"),
        (&["harbour", "--snippet-chars", "5"], "--snippet-chars"),
        (&["harbour", "--queries", "queries.txt"], "--queries"),
        (&["--queries", "no-such-file.txt"], "no-such-file.txt"),
        (&["search"], "no query"),
        (&["search", "   "], "no query"),
    ];
    for (args, message) in refused {
        let output = env.run(args);
        assert_exit(&output, 2);
        let err = text(&output.stderr);
        assert!(err.contains(message), "{args:?}: {message:?} not in {err}");
        assert!(output.stdout.is_empty(), "{args:?} printed results");
    }
}

#[test]
fn hostile_queries_never_fail() {
    let env = news();
    let long_words = "harbour ".repeat(1250);
    let long_junk = "x".repeat(10_000);
    let queries = [
        "\"unbalanced",
        "unbalanced\"",
        "((((",
        "))))",
        "(harbour",
        "AND OR NOT",
        "AND",
        "NOT",
        "harbour AND",
        "OR harbour",
        "title:",
        "title:\"",
        "body:(",
        "entity:",
        "author:",
        "nosuchfield:x",
        "a:b:c",
        ":",
        "***",
        "*harbour",
        "harb*",
        "harbour~2",
        "harbour^",
        "harbour^1000000000000",
        "[1 TO 2]",
        "{",
        "\\",
        "+",
        "+-+-",
        "'",
        "&&",
        "||",
        "!",
        "?",
        "date:2017",
        "IN [a b]",
        "the of and",
        "the",
        "ÜBER STRASSE",
        "北京",
        "🙂",
        "\u{200b}",
        long_words.as_str(),
        long_junk.as_str(),
    ];
    for query in queries {
        let results = env.search(&[query]);
        assert!(results["hits"].is_array(), "{query:?}");
    }
    // A query of stop words or punctuation matches nothing rather than everything.
    for query in ["the of and", "***", "AND OR NOT", "((((", "\"unbalanced"] {
        assert_eq!(env.search(&[query])["total_hits"], 0, "{query:?}");
    }
    // Lenient parsing still finds the words it can read.
    for query in ["(harbour", "harbour AND", "\"harbour", "title:\"ferry"] {
        assert!(count(&env.search(&[query]), "total_hits") > 0, "{query:?}");
    }
    // A query that starts with a dash is a query after `--`, not an option.
    let output = env.run(&["search", "--json", "--", "-strike", "harbour"]);
    assert_exit(&output, 0);
    assert_eq!(
        sorted(titles(&parse_json(&output.stdout))),
        set(&[LIGHTHOUSE, STEEL, VIENNA, TALKS])
    );
}

#[test]
fn search_is_the_default_subcommand() {
    let env = news();
    for args in [
        &["--json", "lavrov"][..],
        &["lavrov", "--json"],
        &["--color", "never", "--json", "lavrov"],
        &["--color=never", "--json", "lavrov"],
    ] {
        let output = env.run(args);
        assert_exit(&output, 0);
        assert_eq!(parse_json(&output.stdout)["total_hits"], 2, "{args:?}");
    }
    // Several words make one query.
    let output = env.run(&["--json", "Lavrov", "Vienna"]);
    assert_exit(&output, 0);
    let results = parse_json(&output.stdout);
    assert_eq!(results["query"], "Lavrov Vienna");
    assert_eq!(hits(&results)[0]["title"], VIENNA);
}

#[test]
fn text_output_marks_highlights() {
    let env = news();
    let output = env.run(&["--color", "never", "tariff"]);
    assert_exit(&output, 0);
    let out = text(&output.stdout);
    assert!(out.contains("**tariffs**"), "{out}");
    assert!(
        !out.contains('\u{1b}'),
        "no escape codes without colour: {out}"
    );
    assert!(out.contains(STEEL) && out.contains(STRIKE), "{out}");
    assert!(out.contains("2016-04-21"), "{out}");
    assert!(out.contains("news/steel.json"), "{out}");

    let output = env.run(&["--color", "always", "tariff"]);
    assert_exit(&output, 0);
    let out = text(&output.stdout);
    assert!(out.contains("\u{1b}["), "colour was asked for: {out}");
    assert!(!out.contains("**"), "{out}");
    assert!(out.contains("tariffs"), "{out}");

    // `auto` does not colour a pipe.
    let output = env.run(&["tariff"]);
    assert!(!text(&output.stdout).contains('\u{1b}'));

    let output = env.run(&["--color", "never", "lighthouse"]);
    assert!(text(&output.stdout).contains("undated"));

    let output = env.run(&["--color", "never", "zeppelin"]);
    assert_exit(&output, 1);
    assert!(text(&output.stdout).contains("No articles match"));
}

#[test]
fn snippets_respect_their_length_and_never_cut_words() {
    let env = TestEnv::new();
    let body = "Gulls circled the quay. ".repeat(12)
        + "Then the harbour master announced that the old swing bridge would close for repairs. "
        + &"Fishing boats waited offshore. ".repeat(12);
    env.write("long.txt", format!("Swing bridge closes\n\n{body}\n"));
    env.index(&["long.txt"]);
    for chars in ["80", "120", "200"] {
        let results = env.search(&["swing bridge", "--snippet-chars", chars]);
        let hit = &hits(&results)[0];
        let snippet = hit["snippet"].as_str().unwrap();
        let limit: usize = chars.parse().unwrap();
        assert!(
            snippet.chars().count() <= limit + 2,
            "{} chars for --snippet-chars {chars}: {snippet:?}",
            snippet.chars().count()
        );
        let inner = snippet.trim_matches('…');
        assert!(
            body.contains(inner),
            "{inner:?} is not a whole-word slice of the body"
        );
        let words = highlighted(hit);
        assert!(words.contains(&"swing".to_string()), "{hit}");
        assert!(words.contains(&"bridge".to_string()), "{hit}");
    }
}

#[test]
fn snippet_stops_at_the_requested_length_after_a_match() {
    let env = TestEnv::new();
    env.write(
        "bridge.txt",
        "Swing bridge closes\n\nGulls circled the quay. Then the harbour master announced that \
         the old swing bridge would close for repairs.\n",
    );
    env.index(&["bridge.txt"]);
    let results = env.search(&["swing bridge", "--snippet-chars", "40"]);
    let snippet = hits(&results)[0]["snippet"].as_str().unwrap().to_string();
    // At most 40 characters of text, plus an ellipsis at each end.
    assert!(
        snippet.chars().count() <= 42,
        "{} chars for --snippet-chars 40: {snippet:?}",
        snippet.chars().count()
    );
}

#[test]
fn snippet_shows_the_match_after_a_long_url() {
    let env = TestEnv::new();
    let url = format!(
        "https://archive.example.com/{}/index.html",
        (0..30)
            .map(|i| format!("section{i}"))
            .collect::<Vec<_>>()
            .join("/")
    );
    env.write(
        "url.txt",
        format!(
            "Walrus returns\n\nSource: {url} The harbour master said the walrus had returned to the pier.\n"
        ),
    );
    env.index(&["url.txt"]);
    let results = env.search(&["walrus"]);
    let hit = &hits(&results)[0];
    assert!(
        highlighted(hit).contains(&"walrus".to_string()),
        "the body's only match is not in the snippet: {hit}"
    );
    assert!(
        hit["snippet"].as_str().unwrap().chars().count() <= 202,
        "{hit}"
    );
}

#[test]
fn paging_past_the_end_does_not_claim_no_match() {
    let env = news();
    let output = env.run(&["--color", "never", "harbour", "--offset", "50"]);
    assert_exit(&output, 0);
    let out = text(&output.stdout);
    assert!(
        !out.contains("No articles match"),
        "six articles match, but the output says: {out}"
    );
}
