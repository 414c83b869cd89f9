//! What newsearch reads from each input format: titles, dates, authors, ids, bodies without
//! page furniture, and which files or lines it skips. Metadata is checked with
//! `newsearch extract --json`; bodies (which `extract` does not print) through search.

mod util;

use chrono::{DateTime, Utc};
use serde_json::Value;
use util::{assert_exit, hits, text, titles, TestEnv};

/// The article's date as an instant, or None when it is null.
fn date_of(article: &Value) -> Option<DateTime<Utc>> {
    match &article["date"] {
        Value::Null => None,
        Value::String(s) => Some(
            DateTime::parse_from_rfc3339(s)
                .unwrap_or_else(|e| panic!("date {s:?} is not RFC 3339: {e}"))
                .with_timezone(&Utc),
        ),
        other => panic!("date is neither a string nor null: {other}"),
    }
}

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("a valid RFC 3339 test constant")
        .with_timezone(&Utc)
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {value}"))
        .iter()
        .map(|v| v.as_str().expect("a string").to_string())
        .collect()
}

/// A page saved by a scraper: the headline repeated, a Posted line, a by-line, a gallery
/// counter and "More here:" / "Related Posts" trailers around a two-sentence story.
const SCRAPED: &str = "\
Harbour cranes idle as dockworkers strike

Posted: May 13, 2017 at 6:02 am

Harbour cranes idle as dockworkers strike
By Jane Doe and John Roe

Dockworkers at the eastern harbour walked out on Friday over pay.
1 of 13
The union said the strike would last a week.

More here:
http://pressroom.example.com/harbour-story
Related Posts
Gardeners celebrate a record tulip season
";

#[test]
fn scraped_text_keeps_the_facts_and_drops_the_furniture() {
    let env = TestEnv::new();
    env.write("pages/harbour.txt", SCRAPED);

    let article = env.extract_one("pages/harbour.txt");
    assert_eq!(
        article["title"],
        "Harbour cranes idle as dockworkers strike"
    );
    assert_eq!(date_of(&article), Some(utc("2017-05-13T06:02:00Z")));
    assert_eq!(strings(&article["authors"]), ["Jane Doe", "John Roe"]);
    assert_eq!(
        article["id"].as_str(),
        env.path("pages/harbour.txt").to_str(),
        "a text article's id is its path"
    );

    env.index(&["pages"]);
    // The whole body fits in a long snippet: it is the story and nothing else (no repeated
    // headline, Posted line, by-line, counter or trailers).
    let results = env.search(&["dockworkers", "--snippet-chars", "2000"]);
    assert_eq!(
        hits(&results)[0]["snippet"],
        "Dockworkers at the eastern harbour walked out on Friday over pay. \
         The union said the strike would last a week."
    );
    // Words that only the furniture holds match nothing.
    for furniture in ["tulip", "gardeners", "pressroom", "posted", "Jane", "Roe"] {
        let results = env.search(&[furniture]);
        assert_eq!(
            results["total_hits"], 0,
            "{furniture:?} comes from page furniture but matched: {results}"
        );
    }
    // The by-line is kept as the authors, searchable by field.
    assert_eq!(env.search(&["author:roe"])["total_hits"], 1);
}

#[test]
fn other_trailers_counters_and_date_lines_are_dropped() {
    let env = TestEnv::new();
    env.write(
        "read-more.txt",
        "Canal locks repaired\n\n*June 2, 2017*\n\nWorkers repaired the canal locks.\n\
         Photo 3 of 13\nBarges can pass again.\n\nRead more: the history of the canal and its herons\n",
    );
    env.write(
        "share.md",
        "# Tram depot expands\n\nDate: 2017-04-12\n\nThe tram depot gained two sheds.\n\n\
         Share this:\nFacebook Twitter Pelican\n",
    );
    let a = env.extract_one("read-more.txt");
    assert_eq!(date_of(&a), Some(utc("2017-06-02T00:00:00Z")));
    let b = env.extract_one("share.md");
    assert_eq!(date_of(&b), Some(utc("2017-04-12T00:00:00Z")));

    env.index(&["read-more.txt", "share.md"]);
    let results = env.search(&["locks", "--snippet-chars", "2000"]);
    assert_eq!(
        hits(&results)[0]["snippet"],
        "Workers repaired the canal locks. Barges can pass again."
    );
    let results = env.search(&["depot", "--snippet-chars", "2000"]);
    assert_eq!(
        hits(&results)[0]["snippet"],
        "The tram depot gained two sheds."
    );
    for furniture in ["herons", "pelican", "photo", "june"] {
        assert_eq!(
            env.search(&[furniture])["total_hits"],
            0,
            "{furniture:?} is furniture"
        );
    }
}

#[test]
fn byline_with_a_job_title() {
    let env = TestEnv::new();
    env.write(
        "a.txt",
        "Tram line opens\n\nBy Jane Doe, Reporter\n\nThe new tram line opened.\n",
    );
    let a = env.extract_one("a.txt");
    assert_eq!(strings(&a["authors"]), ["Jane Doe"]);
}

#[test]
fn markdown_title_date_and_byline() {
    let env = TestEnv::new();
    env.write(
        "notes/frost.md",
        "# Orchard frost worries growers\n\nPublished 13 May 2017\n\nBy Ann Lee\n\n\
         Apple growers in the valley fear a late frost.\n",
    );
    env.write(
        "notes/undated.markdown",
        "## Allotment waiting lists grow\n\nCouncils report longer waits for allotments.\n",
    );

    let frost = env.extract_one("notes/frost.md");
    assert_eq!(frost["title"], "Orchard frost worries growers");
    assert_eq!(date_of(&frost), Some(utc("2017-05-13T00:00:00Z")));
    assert_eq!(strings(&frost["authors"]), ["Ann Lee"]);

    let undated = env.extract_one("notes/undated.markdown");
    assert_eq!(undated["title"], "Allotment waiting lists grow");
    assert_eq!(date_of(&undated), None);

    let summary = env.index(&["notes"]);
    assert_eq!(summary["articles_indexed"], 2);
    assert_eq!(summary["articles_undated"], 1);
    let results = env.search(&["frost", "--snippet-chars", "2000"]);
    assert_eq!(
        hits(&results)[0]["snippet"],
        "Apple growers in the valley fear a late frost."
    );
}

#[test]
fn json_object_with_alternative_keys() {
    let env = TestEnv::new();
    env.write(
        "glacier.json",
        r#"{"headline": "Glacier retreat accelerates",
            "published": "2017-07-04T10:30:00+02:00",
            "text": "Scientists measured the glacier retreat over three summers.",
            "author": "Ana Ruiz and Tom Lee",
            "link": "http://alpine.example/glacier",
            "source": {"name": "Alpine Wire"}}"#,
    );
    let a = env.extract_one("glacier.json");
    assert_eq!(a["title"], "Glacier retreat accelerates");
    assert_eq!(date_of(&a), Some(utc("2017-07-04T08:30:00Z")));
    assert_eq!(strings(&a["authors"]), ["Ana Ruiz", "Tom Lee"]);
    assert_eq!(a["url"], "http://alpine.example/glacier");
    assert_eq!(a["source"], "Alpine Wire");
    assert_eq!(a["id"].as_str(), env.path("glacier.json").to_str());

    env.index(&["glacier.json"]);
    let results = env.search(&["summers"]);
    assert_eq!(titles(&results), ["Glacier retreat accelerates"]);
    assert_eq!(hits(&results)[0]["url"], "http://alpine.example/glacier");
    assert_eq!(env.search(&["source:alpine"])["total_hits"], 1);
}

#[test]
fn json_array_with_odd_types_and_ids() {
    let env = TestEnv::new();
    env.write(
        "items.json",
        r#"[
          {"id": 7, "title": 42, "date": "Sat, 13 May 2017 06:02:00 +0000",
           "body": ["First paragraph about lighthouses.", "Second paragraph about keepers."]},
          {"title": "Ferries resume", "content": "Ferries resumed their service.",
           "pubDate": "May 13, 2017", "authors": [{"name": "Ola Berg"}, {"name": "Kim Roe"}]},
          {"unrelated": true}
        ]"#,
    );
    let articles = env.extract(&["items.json"]);
    assert_eq!(articles.len(), 2, "the object without text is skipped");
    let (first, second) = (&articles[0], &articles[1]);
    assert_eq!(
        first["id"], "7",
        "an article's own id is kept, even a number"
    );
    assert_eq!(first["title"], "42", "a number title is spelled out");
    assert_eq!(date_of(first), Some(utc("2017-05-13T06:02:00Z")));
    let derived = format!("{}:2", env.path("items.json").display());
    assert_eq!(second["id"].as_str(), Some(derived.as_str()));
    assert_eq!(date_of(second), Some(utc("2017-05-13T00:00:00Z")));
    assert_eq!(strings(&second["authors"]), ["Ola Berg", "Kim Roe"]);

    let summary = env.index(&["items.json"]);
    assert_eq!(summary["articles_indexed"], 2);
    let skipped = summary["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1, "{summary}");
    assert!(
        skipped[0]["reason"].as_str().unwrap().contains("article 3"),
        "the skip names the array position: {summary}"
    );
    // Both paragraphs of an array body are searchable, and the number title is too.
    for word in ["lighthouses", "keepers", "42"] {
        let results = env.search(&[word]);
        assert_eq!(titles(&results), ["42"], "searching {word:?}");
        assert_eq!(hits(&results)[0]["id"], "7");
    }
}

#[test]
fn json_nested_article_list() {
    let env = TestEnv::new();
    env.write(
        "dump.json",
        r#"{"status": "ok", "total": 2, "articles": [
            {"title": "Beekeepers report losses", "article": "Hives failed over winter.",
             "publish_date": "2017/05/13"},
            {"title": "Vineyards expand", "body": "More hillsides are planted with vines.",
             "datetime": "26-FEB-1987 15:01:01.79"}
        ]}"#,
    );
    let articles = env.extract(&["dump.json"]);
    let got: Vec<&str> = articles
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(got, ["Beekeepers report losses", "Vineyards expand"]);
    assert_eq!(date_of(&articles[0]), Some(utc("2017-05-13T00:00:00Z")));
    assert_eq!(date_of(&articles[1]), Some(utc("1987-02-26T15:01:01.790Z")));
    env.index(&["dump.json"]);
    assert_eq!(
        titles(&env.search(&["hives"])),
        ["Beekeepers report losses"]
    );
}

#[test]
fn broken_json_file_is_skipped_and_the_rest_indexed() {
    let env = TestEnv::new();
    env.write("in/broken.json", r#"{"title": "Half a"#);
    env.write("in/scalar.json", "42");
    env.write(
        "in/good.json",
        r#"{"title": "Kite festival", "body": "Kites filled the sky."}"#,
    );
    let summary = env.index(&["in"]);
    assert_eq!(summary["articles_indexed"], 1);
    let skipped = summary["skipped"].as_array().unwrap();
    let reason_for = |name: &str| {
        skipped
            .iter()
            .find(|s| s["path"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} is not reported as skipped: {summary}"))["reason"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(reason_for("broken.json").contains("invalid JSON"));
    assert!(!reason_for("scalar.json").is_empty());
    assert_eq!(titles(&env.search(&["kites"])), ["Kite festival"]);
}

#[test]
fn json_lines_skip_a_broken_line_by_number() {
    let env = TestEnv::new();
    env.write(
        "feed.jsonl",
        "{\"title\": \"Salmon run early\", \"body\": \"The salmon run started early.\", \"date\": \"2017-05-01\"}\n\
         {\"title\": \"Broken\", \"body\": \n\
         \n\
         {\"title\": \"Otters return\", \"body\": \"Otters returned to the river.\", \"id\": \"otter-4\"}\n",
    );
    env.write(
        "more.ndjson",
        "{\"title\": \"Newts counted\", \"body\": \"Volunteers counted newts.\"}\n",
    );

    let articles = env.extract(&["feed.jsonl", "more.ndjson"]);
    assert_eq!(articles.len(), 3);
    let feed = env.path("feed.jsonl");
    assert_eq!(
        articles[0]["id"].as_str(),
        Some(format!("{}:1", feed.display()).as_str())
    );
    assert_eq!(articles[0]["line"], 1);
    assert_eq!(articles[1]["id"], "otter-4");
    assert_eq!(articles[1]["line"], 4);

    let summary = env.index(&["feed.jsonl", "more.ndjson"]);
    assert_eq!(summary["articles_indexed"], 3);
    let skipped = summary["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1, "{summary}");
    assert_eq!(skipped[0]["line"], 2);
    assert_eq!(skipped[0]["path"].as_str(), feed.to_str());
    assert_eq!(titles(&env.search(&["otters"])), ["Otters return"]);
    assert_eq!(titles(&env.search(&["newts"])), ["Newts counted"]);
    assert_eq!(env.search(&["broken"])["total_hits"], 0);
}

#[test]
fn html_with_open_graph_title_and_page_furniture() {
    let env = TestEnv::new();
    env.write(
        "web/seawall.html",
        r#"<!DOCTYPE html>
<html><head><title>Coastal Herald | Page title that is not the headline</title>
<meta property="og:title" content="Seawall funding approved by council">
<meta property="og:site_name" content="Coastal Herald">
<meta property="article:published_time" content="2017-06-02T09:15:00Z">
<meta name="author" content="Priya Nair">
<link rel="canonical" href="https://coastal.example/seawall">
<style>.promo { color: marmalade }</style>
<script>var trackingPixel = "zebracode";</script>
</head><body>
<nav><a href="/">Home</a> <a href="/puzzles">Crossword section</a></nav>
<article>
<h1>A different headline set in the page</h1>
<p>The council approved funding for a new seawall along the promenade.</p>
<p>Engineers expect construction to begin in the autumn.</p>
<script>track("quagga")</script>
</article>
<footer>Copyright Coastal Herald, all rights reserved, quokka</footer>
</body></html>"#,
    );
    let a = env.extract_one("web/seawall.html");
    assert_eq!(a["title"], "Seawall funding approved by council");
    assert_eq!(date_of(&a), Some(utc("2017-06-02T09:15:00Z")));
    assert_eq!(strings(&a["authors"]), ["Priya Nair"]);
    assert_eq!(a["url"], "https://coastal.example/seawall");
    assert_eq!(a["source"], "Coastal Herald");

    env.index(&["web"]);
    let results = env.search(&["promenade"]);
    assert_eq!(titles(&results), ["Seawall funding approved by council"]);
    assert!(hits(&results)[0]["snippet"]
        .as_str()
        .unwrap()
        .contains("Engineers expect construction"));
    for junk in [
        "zebracode",
        "marmalade",
        "crossword",
        "quokka",
        "quagga",
        "trackingpixel",
    ] {
        assert_eq!(
            env.search(&[junk])["total_hits"],
            0,
            "{junk:?} is page furniture but was indexed"
        );
    }
}

#[test]
fn html_with_h1_title_and_json_ld_date() {
    let env = TestEnv::new();
    env.write(
        "ferry.html",
        r#"<html><head><title>Site - A much longer page title than the real headline</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "datePublished": "2017-08-29T06:00:00+09:00",
 "author": [{"@type": "Person", "name": "Kenji Mori"}]}</script>
</head><body><h1>Ferry timetable changes</h1>
<p>The ferry operator changed its winter timetable.</p></body></html>"#,
    );
    let a = env.extract_one("ferry.html");
    assert_eq!(a["title"], "Ferry timetable changes");
    assert_eq!(date_of(&a), Some(utc("2017-08-28T21:00:00Z")));
    assert_eq!(strings(&a["authors"]), ["Kenji Mori"]);
}

#[test]
fn html_time_element_and_title_tag_fallbacks() {
    let env = TestEnv::new();
    env.write(
        "library.htm",
        r#"<html><head><title>Town Crier | Library reopens after two years of repairs</title></head>
<body><p>Published <time datetime="2017-03-21T08:00:00Z">March 21</time></p>
<p>The library reopened its doors on Tuesday.</p></body></html>"#,
    );
    let a = env.extract_one("library.htm");
    assert_eq!(
        a["title"], "Library reopens after two years of repairs",
        "the site name is cut from the <title>"
    );
    assert_eq!(date_of(&a), Some(utc("2017-03-21T08:00:00Z")));
}

#[test]
fn date_forms_at_the_top_of_text_articles() {
    let env = TestEnv::new();
    let cases: &[(&str, &str, Option<&str>)] = &[
        (
            "posted-am",
            "Posted: May 13, 2017 at 6:02 am",
            Some("2017-05-13T06:02:00Z"),
        ),
        (
            "posted-pm",
            "Posted: May 13, 2017 at 6:02 pm",
            Some("2017-05-13T18:02:00Z"),
        ),
        (
            "published",
            "Published 13 May 2017",
            Some("2017-05-13T00:00:00Z"),
        ),
        ("month-first", "May 13, 2017", Some("2017-05-13T00:00:00Z")),
        ("day-first", "13 May 2017", Some("2017-05-13T00:00:00Z")),
        (
            "weekday",
            "Saturday, May 13, 2017",
            Some("2017-05-13T00:00:00Z"),
        ),
        ("iso", "2017-05-13", Some("2017-05-13T00:00:00Z")),
        ("slashed", "2017/05/13", Some("2017-05-13T00:00:00Z")),
        (
            "rfc3339",
            "2017-05-13T06:02:00+03:00",
            Some("2017-05-13T03:02:00Z"),
        ),
        (
            "rfc2822",
            "Sat, 13 May 2017 06:02:00 +0000",
            Some("2017-05-13T06:02:00Z"),
        ),
        (
            "sgml",
            "26-FEB-1987 15:01:01.79",
            Some("1987-02-26T15:01:01.79Z"),
        ),
        ("labelled", "Date: 2017-04-12", Some("2017-04-12T00:00:00Z")),
        // A dateline has no year: it comes from the copyright line.
        (
            "dateline",
            "WASHINGTON, May 13 (Newswire) - Officials met on Saturday.\n\n(c) 2017 Newswire",
            Some("2017-05-13T00:00:00Z"),
        ),
        // Day and month order cannot be told apart, so no date is guessed.
        ("ambiguous", "05/06/2017", None),
        ("impossible", "February 30, 2017", None),
        ("none", "Nothing here says when.", None),
    ];
    for (name, line, _) in cases {
        env.write(
            &format!("dates/{name}.txt"),
            format!("Headline {name}\n\n{line}\n\nThe body of the story.\n"),
        );
    }
    let articles = env.extract(&["dates"]);
    assert_eq!(articles.len(), cases.len());
    for (name, line, want) in cases {
        let path = env.path(&format!("dates/{name}.txt"));
        let article = articles
            .iter()
            .find(|a| a["path"].as_str() == path.to_str())
            .unwrap_or_else(|| panic!("no article for {name}"));
        assert_eq!(
            date_of(article),
            want.map(utc),
            "date read from {line:?} ({name})"
        );
    }
}

#[test]
fn date_forms_in_json_metadata() {
    let env = TestEnv::new();
    env.write(
        "dates.json",
        r#"[
          {"id": "unix", "title": "t", "body": "b", "date": 1494655320},
          {"id": "unix-ms", "title": "t", "body": "b", "date": "1494655320000"},
          {"id": "mongo", "title": "t", "body": "b", "published": {"$date": "2017-05-13T06:02:00Z"}},
          {"id": "gmt", "title": "t", "body": "b", "pubDate": "Sat, 13 May 2017 06:02:00 GMT"},
          {"id": "textual", "title": "t", "body": "b", "publish_date": "13 May, 2017"},
          {"id": "naive", "title": "t", "body": "b", "datetime": "2017-05-13 06:02:00"},
          {"id": "garbage", "title": "t", "body": "b", "date": "soon"}
        ]"#,
    );
    let want = [
        ("unix", Some("2017-05-13T06:02:00Z")),
        ("unix-ms", Some("2017-05-13T06:02:00Z")),
        ("mongo", Some("2017-05-13T06:02:00Z")),
        ("gmt", Some("2017-05-13T06:02:00Z")),
        ("textual", Some("2017-05-13T00:00:00Z")),
        ("naive", Some("2017-05-13T06:02:00Z")),
        ("garbage", None),
    ];
    let articles = env.extract(&["dates.json"]);
    assert_eq!(articles.len(), want.len());
    for (id, date) in want {
        let article = articles
            .iter()
            .find(|a| a["id"] == id)
            .unwrap_or_else(|| panic!("no article {id}"));
        assert_eq!(date_of(article), date.map(utc), "date of {id}");
    }
}

#[test]
fn legacy_encodings_are_decoded() {
    let env = TestEnv::new();
    // Windows-1252: é and ü as single bytes.
    env.write(
        "enc/cp1252.txt",
        b"Caf\xe9 owners protest\n\nThe caf\xe9 owners in Z\xfcrich protested rent rises.\n",
    );
    // UTF-16 little-endian with a byte-order mark.
    let utf16: Vec<u8> = "\u{feff}Snowplough shortage\n\nThe town lacks a snowplough.\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    env.write("enc/utf16.txt", utf16);

    let articles = env.extract(&["enc"]);
    let got: Vec<&str> = articles
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(got, ["Café owners protest", "Snowplough shortage"]);

    env.index(&["enc"]);
    // Accents are folded: an ASCII query finds the accented word and highlights it.
    let results = env.search(&["zurich"]);
    assert_eq!(util::highlighted(&hits(&results)[0]), ["Zürich"]);
    assert_eq!(
        titles(&env.search(&["snowplough"])),
        ["Snowplough shortage"]
    );
}

#[test]
fn files_that_are_not_articles_are_reported_and_hidden_files_ignored() {
    let env = TestEnv::new();
    env.write(
        "in/story.txt",
        "Kayak race\n\nPaddlers raced kayaks downstream.\n",
    );
    env.write("in/table.csv", "a,b\n1,2\n");
    env.write("in/blob.txt", b"binary\x00\x01\x02 data");
    env.write("in/scan.txt", b"%PDF-1.4 not really text");
    env.write("in/blank.md", "  \n\n");
    env.write(
        "in/.draft.txt",
        "Secret draft\n\nUnpublished walrus material.\n",
    );
    env.write(
        "in/.cache/old.txt",
        "Cached copy\n\nStale walrus material.\n",
    );

    let summary = env.index(&["in"]);
    assert_eq!(summary["articles_indexed"], 1);
    let skipped = summary["skipped"].as_array().unwrap();
    let skipped_names: Vec<&str> = skipped
        .iter()
        .map(|s| s["path"].as_str().unwrap().rsplit('/').next().unwrap())
        .collect();
    for name in ["table.csv", "blob.txt", "scan.txt", "blank.md"] {
        assert!(
            skipped_names.contains(&name),
            "{name} is not reported as skipped: {summary}"
        );
    }
    assert!(
        !skipped_names
            .iter()
            .any(|n| n.contains("draft") || *n == "old.txt"),
        "hidden files are passed over silently: {summary}"
    );
    assert_eq!(
        env.search(&["walrus"])["total_hits"],
        0,
        "hidden files must not be indexed"
    );
    assert_eq!(titles(&env.search(&["kayaks"])), ["Kayak race"]);
}

#[test]
fn extract_text_output_and_missing_path() {
    let env = TestEnv::new();
    env.write(
        "a.txt",
        "Tram line opens\n\nJune 2, 2017\n\nBy Lea Roth\n\nThe tram runs.\n",
    );
    let output = env.run(&["extract", "a.txt"]);
    assert_exit(&output, 0);
    let out = text(&output.stdout);
    assert!(out.contains("Tram line opens"), "{out}");
    assert!(out.contains("2017-06-02"), "{out}");
    assert!(out.contains("Lea Roth"), "{out}");

    let output = env.run(&["extract", "--json", "no-such-file.txt"]);
    assert_exit(&output, 2);
    assert!(text(&output.stderr).contains("no-such-file.txt"));
}

#[test]
fn xhtml_pages_and_open_graph_urls() {
    let env = TestEnv::new();
    env.write(
        "page.xhtml",
        r#"<html><head><meta property="og:url" content="https://harbour.example/pier">
<meta property="og:title" content="Pier lights restored"></head>
<body><main><p>The pier lights shine again after a long winter.</p></main></body></html>"#,
    );
    let a = env.extract_one("page.xhtml");
    assert_eq!(a["title"], "Pier lights restored");
    assert_eq!(a["url"], "https://harbour.example/pier");
    assert_eq!(date_of(&a), None);
}
