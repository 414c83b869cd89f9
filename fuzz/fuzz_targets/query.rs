//! Fuzzes searching: query parsing, ranking, sorting and snippets, against a small index built
//! once per process from the articles below.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use newsearch::index::{IndexRequest, NewsIndex, Progress};
use newsearch::search::{Engine, SearchRequest, SearchResults, SortOrder};

struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _files: u64) {}
    fn advance(&self) {}
    fn committing(&self) {}
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
    (
        "long.txt",
        "A long article about markets and missiles\n\n",
    ),
];

fn build() -> Engine {
    let root: PathBuf = std::env::temp_dir().join(format!("newsearch-fuzz-query-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let docs = root.join("docs");
    let index_dir = root.join("index");
    std::fs::create_dir_all(&docs).expect("create the document dir");
    for (name, text) in ARTICLES {
        let mut text = text.to_string();
        if *name == "long.txt" {
            // A body much longer than a snippet, with query words far apart.
            for i in 0..200 {
                text.push_str(&format!(
                    "Paragraph {i} says that markets rose and ÉCU bonds fell. "
                ));
                if i % 50 == 49 {
                    text.push_str("Missiles were launched again by North Korea.\n\n");
                }
            }
        }
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
    let summary = newsearch::index::run(&request, &NoProgress).expect("index the articles");
    assert!(summary.articles_indexed >= 6, "too few articles indexed: {summary:?}");
    Engine::new(NewsIndex::open(Path::new(&index_dir)).expect("open the index"))
        .expect("create the engine")
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(build)
}

fn check(query: &str, request: &SearchRequest, results: &SearchResults) {
    assert!(results.hits.len() <= request.limit);
    assert!(
        results.total_hits >= results.hits.len(),
        "{query:?}: total_hits {} < {} hits",
        results.total_hits,
        results.hits.len()
    );
    for hit in &results.hits {
        let chars = hit.snippet.chars().count();
        let mut prev_end = 0;
        for &[start, end] in &hit.highlights {
            assert!(
                start < end && end <= chars,
                "{query:?} ({:?}): highlight [{start}, {end}) in a snippet of {chars} chars: {:?}",
                request.sort,
                hit.snippet
            );
            assert!(
                start >= prev_end,
                "{query:?} ({:?}): highlights overlap or are out of order: {:?} in {:?}",
                request.sort,
                hit.highlights,
                hit.snippet
            );
            prev_end = end;
        }
    }
    if request.sort == SortOrder::Newest {
        // Latest first, undated last.
        let dates: Vec<Option<&String>> = results.hits.iter().map(|h| h.date.as_ref()).collect();
        for pair in dates.windows(2) {
            let ok = match (pair[0], pair[1]) {
                (Some(a), Some(b)) => a >= b,
                (None, Some(_)) => false,
                _ => true,
            };
            assert!(ok, "{query:?}: Newest order broken: {dates:?}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let query = String::from_utf8_lossy(data).into_owned();
    let engine = engine();
    for sort in [SortOrder::Relevance, SortOrder::Newest] {
        let request = SearchRequest {
            query: query.clone(),
            sort,
            ..SearchRequest::default()
        };
        // The query text never makes a search fail (search::query::build promises it).
        match engine.search(&request) {
            Ok(results) => check(&query, &request, &results),
            Err(e) => panic!("search for {query:?} ({sort:?}) failed: {e}"),
        }
    }
});
