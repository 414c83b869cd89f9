//! Inputs the fuzz targets under `fuzz/` found to crash the library, minimised
//! (`cargo fuzz tmin`), kept here so that a fix stays fixed. Each test calls the same public
//! API as its fuzz target.

use std::path::Path;

use newsearch::index::{IndexRequest, NewsIndex, Progress};
use newsearch::search::{Engine, SearchRequest, SortOrder};

struct NoProgress;

impl Progress for NoProgress {
    fn start(&self) {}
    fn advance(&self) {}
    fn committing(&self) {}
}

/// Indexes `articles` (file name, content) in a fresh temporary directory and opens an
/// engine on the result. The directory lives as long as the returned guard.
fn engine_for(articles: &[(&str, &str)]) -> (tempfile::TempDir, Engine) {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let docs = tmp.path().join("docs");
    let index_dir = tmp.path().join("index");
    std::fs::create_dir_all(&docs).expect("create the document dir");
    for (name, text) in articles {
        std::fs::write(docs.join(name), text).expect("write an article");
    }
    let request = IndexRequest {
        index_dir: index_dir.clone(),
        paths: vec![docs],
        rebuild: true,
        memory_budget: 50 << 20,
        threads: 1,
        extract_entities: true,
    };
    newsearch::index::run(&request, &NoProgress).expect("index the articles");
    let engine = Engine::new(NewsIndex::open(Path::new(&index_dir)).expect("open the index"))
        .expect("create the engine");
    (tmp, engine)
}

const ARTICLES: &[(&str, &str)] = &[
    (
        "missiles.txt",
        "North Korea fires four ballistic missiles\n\
         Posted: March 6, 2017 at 4:10 am\n\n\
         SEOUL, March 6 (Reuters) - North Korea launched four ballistic missiles on Monday, \
         three of which came down in waters off Japan. Prime Minister Shinzo Abe called it a \
         new level of threat. The United Nations Security Council will meet in New York.\n\n\
         \"We will respond firmly,\" said Moon Jae-in. Missile tests continue; the missile \
         programme is growing.\n",
    ),
    (
        "undated.md",
        "# Café owners in Zürich face rent rises\n\n\
         Ünïcödé text: naïve façade, crème brûlée — “quoted” words… and emoji 🎉🎉 here. \
         Landlords in Zürich raised rents again; café owners said rent rises of 20% were \
         unaffordable. 東京 and Москва are mentioned too. Rent, rents, renting, rented.\n",
    ),
    (
        "steel.json",
        r#"{"id": "steel-1", "title": "Commerce Department weighs steel import curbs",
            "date": "2017-04-21", "authors": ["Jane Doe", "John Roe"], "url": "https://example.com/2017/04/21/steel",
            "body": "The Commerce Department has begun an investigation into whether imports of foreign steel threaten US national security. President Donald Trump signed a memorandum directing Wilbur Ross to give the inquiry priority. Steel tariffs could follow; European Union officials warned of retaliation."}"#,
    ),
    (
        "wire.jsonl",
        concat!(
            r#"{"id": "w1", "headline": "Federer wins eighth Wimbledon title", "published": "2017-07-16T17:00:00Z", "text": "Roger Federer won his eighth Wimbledon title on Sunday, beating Marin Cilic in straight sets in London."}"#,
            "\n",
            r#"{"id": "w2", "headline": "Dow tops 21,000", "published": "Wed, 01 Mar 2017 21:05:00 +0000", "text": "The Dow Jones Industrial Average closed above 21,000 for the first time on Wednesday as bank shares rallied in New York."}"#,
            "\n",
            r#"{"id": "w3", "headline": "Iceberg breaks off Larsen C", "text": "A trillion-tonne iceberg broke away from the Larsen C ice shelf in Antarctica, scientists said."}"#,
            "\n"
        ),
    ),
    (
        "page.html",
        r#"<!doctype html><html><head><title>Macron and Le Pen advance in French election</title>
<meta property="article:published_time" content="2017-04-23T20:00:00+02:00">
<meta name="author" content="Marie Curie"></head><body><nav>Home | World</nav>
<article><h1>Macron and Le Pen advance in French election</h1>
<p>Emmanuel Macron and Marine Le Pen will meet in the second round of the French presidential election on May 7, results showed. Paris voters turned out in large numbers.</p>
<p>François Fillon conceded defeat.</p></article><footer>© 2017</footer></body></html>"#,
    ),
    ("long.txt", "A long article about markets and missiles\n\n"),
];

/// Fuzz target `query`, minimised input `b"-2~2"` (found by the `query` target, which builds
/// its index from `ARTICLES` above, with `long.txt` extended as below).
///
/// The query parser reads `2~2` as the phrase "2 2" (the tokenizer splits it in two), so the
/// query is "every article except those holding the phrase". The word `2` occurs but the
/// phrase never does, so tantivy's `PhraseScorer` is already exhausted (doc = TERMINATED) when
/// the `Exclude` scorer asks whether doc 0 is excluded, and in any build where tantivy has
/// debug assertions on, `PhraseScorer::seek_danger`
/// (tantivy-0.27.0/src/query/phrase_query/phrase_scorer.rs:578) panics with
/// "target (0) should be greater than or equal to doc (2147483647)".
/// Cargo.toml turns tantivy's debug assertions off in dev builds; this test pins the release
/// behaviour (no article holds the phrase, so all 8 match) and fails again if they come back
/// on without a fix.
#[test]
fn query_excluding_a_phrase_that_matches_nothing() {
    let mut long = String::from("A long article about markets and missiles\n\n");
    for i in 0..200 {
        long.push_str(&format!(
            "Paragraph {i} says that markets rose and ÉCU bonds fell. "
        ));
        if i % 50 == 49 {
            long.push_str("Missiles were launched again by North Korea.\n\n");
        }
    }
    let mut articles: Vec<(&str, &str)> = ARTICLES.to_vec();
    articles.retain(|(name, _)| *name != "long.txt");
    articles.push(("long.txt", &long));
    let (_tmp, engine) = engine_for(&articles);
    for sort in [SortOrder::Relevance, SortOrder::Newest] {
        let request = SearchRequest {
            query: "-2~2".to_string(),
            sort,
            ..SearchRequest::default()
        };
        let results = engine.search(&request).expect("the search runs");
        assert_eq!(
            results.total_hits, 8,
            "{sort:?}: no article holds the phrase \"2 2\""
        );
    }
}

/// Fuzz target `query`, minimised input `b"n \0:*"`; readable forms: `n s:*`, `n title:*`.
///
/// `field:*` is tantivy's "field exists" query. Alone it makes the grammar fail and the words
/// are searched instead, but after a real word (`n`) the lenient parse keeps it, and running
/// it fails: `Engine::search` returns `Err` ("index error: The field does not exist: 's'",
/// and for a real field that is not a fast field, "Schema error: 'Field title is not a fast
/// field.'"). `search::query::build` promises never to fail on the query text.
#[test]

fn query_with_a_field_exists_clause() {
    let (_tmp, engine) = engine_for(&[(
        "report.txt",
        "Budget report\n\nParagraph 2 says that markets rose.\n",
    )]);
    for query in ["n \0:*", "n s:*", "n title:*", "markets body:*"] {
        for sort in [SortOrder::Relevance, SortOrder::Newest] {
            let request = SearchRequest {
                query: query.to_string(),
                sort,
                ..SearchRequest::default()
            };
            if let Err(e) = engine.search(&request) {
                panic!("search for {query:?} ({sort:?}) failed: {e}");
            }
        }
    }
}
