//! HTML pages: the story without the site around it.
//!
//! Metadata comes from where publishers put it for search engines and social sites (Open Graph,
//! `article:` meta tags, JSON-LD, `<time datetime>`); the body is the text of the article
//! element (or the page body), without navigation, scripts, styles, footers and banners.

use std::path::Path;
use std::sync::LazyLock;

use scraper::{ElementRef, Html, Node, Selector};
use serde_json::Value;

use super::{derived_id, squash_whitespace, title_from_body, Article, Parsed, Skip};
use crate::date;

/// Elements whose text is never part of the story.
const SKIPPED_TAGS: &[&str] = &[
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button", "svg",
    "iframe", "template", "select", "figure", "head", "title", "meta", "link",
];

/// Class or id fragments that mark page furniture.
const FURNITURE: &[&str] = &[
    "cookie",
    "banner",
    "share",
    "social",
    "related",
    "newsletter",
    "subscribe",
    "advert",
    "promo",
    "comment",
    "breadcrumb",
    "sidebar",
    "menu",
    "popup",
    "modal",
];

/// Elements that end a paragraph of text.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "table",
    "tr",
    "br",
    "hr",
    "dd",
    "dt",
];

fn selector(css: &str) -> Selector {
    // The selectors are constants of this file; a failure is a bug caught by the tests.
    Selector::parse(css).unwrap_or_else(|e| panic!("bad built-in selector {css:?}: {e}"))
}

static META: LazyLock<Selector> = LazyLock::new(|| selector("meta"));
static H1: LazyLock<Selector> = LazyLock::new(|| selector("h1"));
static TITLE: LazyLock<Selector> = LazyLock::new(|| selector("title"));
static TIME: LazyLock<Selector> = LazyLock::new(|| selector("time[datetime]"));
static JSON_LD: LazyLock<Selector> =
    LazyLock::new(|| selector(r#"script[type="application/ld+json"]"#));
static CANONICAL: LazyLock<Selector> = LazyLock::new(|| selector(r#"link[rel="canonical"]"#));
static CONTAINERS: LazyLock<Vec<Selector>> = LazyLock::new(|| {
    [
        "article",
        "[itemprop=articleBody]",
        "main",
        "[role=main]",
        "body",
    ]
    .iter()
    .map(|css| selector(css))
    .collect()
});

/// Reads one HTML page as an article.
pub(super) fn read(path: &Path, text: &str) -> Parsed {
    let page = Html::parse_document(text);
    let meta = Meta::of(&page);
    let ld = json_ld(&page);

    let body = body_text(&page);
    let title = [
        meta.get(&["og:title", "twitter:title"]),
        ld.as_ref().and_then(|ld| ld_string(ld, "headline")),
        first_text(&page, &H1),
        first_text(&page, &TITLE).map(|t| strip_site_name(&t)),
    ]
    .into_iter()
    .flatten()
    .map(|t| squash_whitespace(&t))
    .find(|t| !t.is_empty())
    .unwrap_or_else(|| title_from_body(&body));
    if body.is_empty() && title.is_empty() {
        return Err(Skip::file(path, "HTML page has no title and no text"));
    }

    let date_values: Vec<String> = [
        meta.get(&[
            "article:published_time",
            "og:published_time",
            "datePublished",
            "pubdate",
            "publishdate",
            "date",
            "dc.date.issued",
            "dc.date",
            "parsely-pub-date",
            "sailthru.date",
        ]),
        ld.as_ref().and_then(|ld| ld_string(ld, "datePublished")),
        page.select(&TIME)
            .find_map(|t| t.value().attr("datetime"))
            .map(str::to_string),
        ld.as_ref().and_then(|ld| ld_string(ld, "dateCreated")),
    ]
    .into_iter()
    .flatten()
    .collect();
    let date = date_values.iter().find_map(|d| date::parse_date(d));
    let date_note = match (date, date_values.first()) {
        (None, Some(value)) => Some(format!(
            "date {value:?} is not a valid date; indexed undated"
        )),
        _ => None,
    };

    let url = page
        .select(&CANONICAL)
        .find_map(|l| l.value().attr("href"))
        .map(str::to_string)
        .or_else(|| meta.get(&["og:url"]));
    let mut authors: Vec<String> = ld.as_ref().map(ld_authors).unwrap_or_default();
    if authors.is_empty() {
        authors = meta
            .get(&["author", "article:author", "byl"])
            .filter(|a| !a.starts_with("http"))
            .map(|a| vec![squash_whitespace(a.trim_start_matches("By "))])
            .unwrap_or_default();
    }

    Ok(Article {
        id: derived_id(path, None),
        path: path.to_path_buf(),
        title,
        date,
        body,
        url,
        authors,
        source: meta.get(&["og:site_name", "application-name"]),
        date_note,
        ..Article::default()
    })
}

/// The page's `<meta>` tags, by `property`, `name` or `itemprop`.
struct Meta(Vec<(String, String)>);

impl Meta {
    fn of(page: &Html) -> Meta {
        let tags = page
            .select(&META)
            .filter_map(|m| {
                let el = m.value();
                let key = el
                    .attr("property")
                    .or_else(|| el.attr("name"))
                    .or_else(|| el.attr("itemprop"))?;
                let content = el.attr("content")?.trim();
                (!content.is_empty()).then(|| (key.to_ascii_lowercase(), content.to_string()))
            })
            .collect();
        Meta(tags)
    }

    /// The content of the first of `keys` the page has, in the order of `keys`.
    fn get(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|key| {
            let key = key.to_ascii_lowercase();
            self.0
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.clone())
        })
    }
}

fn first_text(page: &Html, sel: &Selector) -> Option<String> {
    page.select(sel)
        .map(|el| squash_whitespace(&el.text().collect::<String>()))
        .find(|t| !t.is_empty())
}

/// `Site | Headline` or `Headline - Site`: the longer part is the headline.
fn strip_site_name(title: &str) -> String {
    [" | ", " - ", " — ", " – ", " :: "]
        .iter()
        .find(|sep| title.contains(*sep))
        .and_then(|sep| title.split(*sep).max_by_key(|part| part.trim().len()))
        .unwrap_or(title)
        .trim()
        .to_string()
}

/// The first JSON-LD object describing an article (or the first object at all).
fn json_ld(page: &Html) -> Option<Value> {
    let mut objects = Vec::new();
    for script in page.select(&JSON_LD) {
        let Ok(value) = serde_json::from_str::<Value>(&script.text().collect::<String>()) else {
            continue;
        };
        collect_ld_objects(value, &mut objects);
    }
    let is_article = |v: &Value| {
        v.get("@type")
            .map(|t| t.to_string().contains("Article") || t.to_string().contains("Posting"))
            .unwrap_or(false)
    };
    let first_article = objects.iter().position(is_article);
    match first_article {
        Some(i) => Some(objects.swap_remove(i)),
        None => objects
            .into_iter()
            .find(|v| v.get("datePublished").is_some()),
    }
}

fn collect_ld_objects(value: Value, out: &mut Vec<Value>) {
    match value {
        Value::Array(items) => items.into_iter().for_each(|v| collect_ld_objects(v, out)),
        Value::Object(mut map) => {
            if let Some(graph) = map.remove("@graph") {
                collect_ld_objects(graph, out);
            }
            out.push(Value::Object(map));
        }
        _ => {}
    }
}

fn ld_string(ld: &Value, key: &str) -> Option<String> {
    ld.get(key)?.as_str().map(str::to_string)
}

fn ld_authors(ld: &Value) -> Vec<String> {
    let name = |v: &Value| -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            Value::Object(m) => m.get("name")?.as_str().map(str::to_string),
            _ => None,
        }
    };
    match ld.get("author") {
        Some(Value::Array(items)) => items.iter().filter_map(name).collect(),
        Some(other) => name(other).into_iter().collect(),
        None => Vec::new(),
    }
}

/// The article text: the first container that holds a fair amount of text, read without its
/// furniture.
fn body_text(page: &Html) -> String {
    let mut fallback = String::new();
    for sel in CONTAINERS.iter() {
        for container in page.select(sel) {
            let mut out = String::new();
            collect_text(container, &mut out);
            let text = tidy_paragraphs(&out);
            if text.len() >= 200 {
                return text;
            }
            if text.len() > fallback.len() {
                fallback = text;
            }
        }
    }
    fallback
}

fn collect_text(el: ElementRef, out: &mut String) {
    for child in el.children() {
        match child.value() {
            Node::Text(text) => out.push_str(text),
            Node::Element(element) => {
                let name = element.name();
                if SKIPPED_TAGS.contains(&name) || is_furniture(element) {
                    continue;
                }
                let block = BLOCK_TAGS.contains(&name);
                if block {
                    out.push('\n');
                }
                if let Some(child_el) = ElementRef::wrap(child) {
                    collect_text(child_el, out);
                }
                if block {
                    out.push('\n');
                }
            }
            _ => {}
        }
    }
}

fn is_furniture(element: &scraper::node::Element) -> bool {
    if element.attr("hidden").is_some() || element.attr("aria-hidden") == Some("true") {
        return true;
    }
    let marks = [
        element.attr("class"),
        element.attr("id"),
        element.attr("role"),
    ];
    marks.iter().flatten().any(|mark| {
        let mark = mark.to_ascii_lowercase();
        mark == "navigation" || FURNITURE.iter().any(|f| mark.contains(f))
    })
}

/// One paragraph per line group: whitespace inside a paragraph squashed, blank lines between.
fn tidy_paragraphs(raw: &str) -> String {
    raw.split('\n')
        .map(squash_whitespace)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_metadata_and_drops_furniture() {
        let page = r#"<html><head><title>Daily Wire | Talks in Moscow</title>
<meta property="og:title" content="Lavrov and Tillerson meet">
<meta property="article:published_time" content="2017-04-12T10:00:00Z">
<meta name="author" content="Jane Doe">
<style>.x{color:red}</style><script>var a = 1;</script></head>
<body><nav><a href="/">Home</a> World</nav><div class="cookie-banner">We use cookies</div>
<article><h1>Lavrov and Tillerson meet</h1><p>The ministers met in Moscow.</p>
<p>They   discussed Syria.</p><script>track()</script></article>
<footer>Copyright</footer></body></html>"#;
        let a = read(Path::new("p.html"), page).unwrap();
        assert_eq!(a.title, "Lavrov and Tillerson meet");
        assert_eq!(a.date.unwrap().to_rfc3339(), "2017-04-12T10:00:00+00:00");
        assert_eq!(a.authors, vec!["Jane Doe"]);
        assert!(a
            .body
            .contains("The ministers met in Moscow.\n\nThey discussed Syria."));
        for junk in ["cookies", "Home", "Copyright", "track", "color"] {
            assert!(!a.body.contains(junk), "{junk} leaked into {:?}", a.body);
        }
    }

    #[test]
    fn falls_back_to_h1_title_and_json_ld_date() {
        let page = r#"<html><head><title>Site - A much longer headline here</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
"datePublished":"2017-08-29T06:00:00+09:00","author":[{"@type":"Person","name":"Kim Lee"}]}</script>
</head><body><h1>Missile over Japan</h1><p>Text.</p></body></html>"#;
        let a = read(Path::new("p.html"), page).unwrap();
        assert_eq!(a.title, "Missile over Japan");
        assert_eq!(a.date.unwrap().to_rfc3339(), "2017-08-28T21:00:00+00:00");
        assert_eq!(a.authors, vec!["Kim Lee"]);
        assert_eq!(
            strip_site_name("Site - A much longer headline"),
            "A much longer headline"
        );
    }

    #[test]
    fn page_without_content_is_skipped() {
        let page = "<html><head><script>var x;</script></head><body></body></html>";
        assert!(read(Path::new("e.html"), page).is_err());
    }
}
