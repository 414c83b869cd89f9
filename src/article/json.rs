//! JSON and JSON Lines articles, in the shapes real news dumps and scrapers write.
//!
//! Dumps disagree on key names (`title` or `headline`, `body` or `text` or `maintext`…), on
//! types (a body as a list of paragraphs, an author as a string or a list of objects) and on
//! nesting (`{"articles": [...]}`). The reader accepts all of these rather than asking users to
//! reshape their data.

use std::io::{BufRead, BufReader};
use std::path::Path;

use rayon::prelude::*;
use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::{Map, Value};

use super::{decode, derived_id, squash_whitespace, title_from_body, Article, Parsed, Sink, Skip};
use crate::date;

const TITLE_KEYS: &[&str] = &["title", "headline", "name", "heading"];
const DATE_KEYS: &[&str] = &[
    "date",
    "published",
    "publish_date",
    "published_at",
    "publishedAt",
    "pubDate",
    "pub_date",
    "datetime",
    "date_publish",
    "datePublished",
    "date_published",
    "published_date",
    "publication_date",
    "timestamp",
    "created_at",
    "time",
];
const BODY_KEYS: &[&str] = &[
    "body",
    "text",
    "content",
    "article",
    "maintext",
    "full_text",
    "fulltext",
    "article_text",
    "story",
    "description",
    "summary",
];
const URL_KEYS: &[&str] = &["url", "link", "href", "canonical_url", "permalink"];
const AUTHOR_KEYS: &[&str] = &["authors", "author", "byline", "creator", "writer"];
const ID_KEYS: &[&str] = &["id", "_id", "guid", "uuid", "article_id", "doc_id", "docid"];
const SOURCE_KEYS: &[&str] = &["source", "source_domain", "publisher", "site", "site_name"];
/// Keys under which dumps nest their list of articles.
const LIST_KEYS: &[&str] = &[
    "articles",
    "items",
    "data",
    "results",
    "docs",
    "documents",
    "posts",
    "entries",
];

/// How many lines of a JSON Lines file are parsed in parallel at a time: enough to keep every
/// core busy, few enough to keep memory bounded on files of any size.
const LINES_PER_BATCH: usize = 4096;

/// Reads a `.json` file: one article object, an array of them, or an object that nests them.
pub(super) fn read_document(path: &Path, text: &str, sink: &Sink<'_>) {
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(e) => return sink(Err(Skip::file(path, format!("invalid JSON: {e}")))),
    };
    match value {
        Value::Array(items) => {
            let many = items.len() > 1;
            for (i, item) in items.iter().enumerate() {
                let position = many.then_some(i as u64 + 1);
                sink(article_from_value(path, item, position, None));
            }
        }
        Value::Object(ref map) => match nested_list(map) {
            Some(items) => {
                for (i, item) in items.iter().enumerate() {
                    sink(article_from_value(path, item, Some(i as u64 + 1), None));
                }
            }
            None => sink(article_from_value(path, &value, None, None)),
        },
        _ => sink(Err(Skip::file(
            path,
            "JSON is neither an article object nor a list of them",
        ))),
    }
}

/// Streams a JSON Lines file from disk in batches of lines, each batch parsed on all cores.
pub(super) fn read_lines(path: &Path, file: std::fs::File, sink: &Sink<'_>) {
    stream_lines(path, BufReader::with_capacity(1 << 20, file), sink);
}

/// Reads JSON Lines held in memory.
pub(super) fn read_lines_from(path: &Path, bytes: &[u8], sink: &Sink<'_>) {
    stream_lines(path, bytes, sink);
}

fn stream_lines(path: &Path, mut reader: impl BufRead, sink: &Sink<'_>) {
    let mut batch: Vec<(u64, Vec<u8>)> = Vec::with_capacity(LINES_PER_BATCH);
    let mut line_no = 0u64;
    let mut seen_any = false;
    loop {
        let mut line = Vec::new();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(_) => {
                line_no += 1;
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                seen_any = true;
                batch.push((line_no, line));
                if batch.len() == LINES_PER_BATCH {
                    parse_batch(path, &batch, sink);
                    batch.clear();
                }
            }
            Err(e) => {
                parse_batch(path, &batch, sink);
                return sink(Err(Skip::line(
                    path,
                    line_no + 1,
                    format!("cannot read the rest of the file: {e}"),
                )));
            }
        }
    }
    parse_batch(path, &batch, sink);
    if !seen_any {
        sink(Err(Skip::file(path, "empty file")));
    }
}

fn parse_batch(path: &Path, batch: &[(u64, Vec<u8>)], sink: &Sink<'_>) {
    batch
        .par_iter()
        .for_each(|(line_no, bytes)| sink(parse_line(path, *line_no, bytes)));
}

fn parse_line(path: &Path, line_no: u64, bytes: &[u8]) -> Parsed {
    let text = decode::to_text(bytes);
    match serde_json::from_str::<Members>(&text) {
        Ok(Members(map)) => article_from_map(path, &map, Some(line_no), Some(line_no)),
        Err(e) if e.is_data() => Err(Skip::line(path, line_no, "not a JSON object")),
        Err(e) => Err(Skip::line(path, line_no, format!("invalid JSON: {e}"))),
    }
}

/// The members of an article object that the reader looks at. The others, often most of a
/// scraper's record (HTML, tags, images), are checked for syntax but never built: building
/// every member as a `Value` was most of what reading a line cost.
struct Members(Map<String, Value>);

/// Whether the reader looks at member `key`.
fn is_read(key: &str) -> bool {
    [
        TITLE_KEYS,
        DATE_KEYS,
        BODY_KEYS,
        URL_KEYS,
        AUTHOR_KEYS,
        ID_KEYS,
        SOURCE_KEYS,
    ]
    .iter()
    .any(|keys| keys.contains(&key))
}

impl<'de> Deserialize<'de> for Members {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(MembersVisitor)
    }
}

struct MembersVisitor;

impl<'de> Visitor<'de> for MembersVisitor {
    type Value = Members;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Members, A::Error> {
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            if is_read(&key) {
                map.insert(key, access.next_value()?);
            } else {
                access.next_value::<IgnoredAny>()?;
            }
        }
        Ok(Members(map))
    }
}

fn nested_list(map: &Map<String, Value>) -> Option<&Vec<Value>> {
    if first_key(map, BODY_KEYS).is_some() {
        return None;
    }
    LIST_KEYS
        .iter()
        .find_map(|key| map.get(*key).and_then(Value::as_array))
}

/// Builds an article from one JSON value. `position` disambiguates the derived id of articles
/// that share a file; `line` is reported in skips.
fn article_from_value(
    path: &Path,
    value: &Value,
    position: Option<u64>,
    line: Option<u64>,
) -> Parsed {
    match value.as_object() {
        Some(map) => article_from_map(path, map, position, line),
        None => Err(skip(path, position, line, "not a JSON object")),
    }
}

fn skip(path: &Path, position: Option<u64>, line: Option<u64>, reason: &str) -> Skip {
    match (line, position) {
        (Some(n), _) => Skip::line(path, n, reason),
        (None, Some(n)) => Skip::file(path, format!("article {n}: {reason}")),
        (None, None) => Skip::file(path, reason),
    }
}

/// [`article_from_value`] for an object's members.
fn article_from_map(
    path: &Path,
    map: &Map<String, Value>,
    position: Option<u64>,
    line: Option<u64>,
) -> Parsed {
    let body = trimmed(first_key(map, BODY_KEYS).map(text_of).unwrap_or_default());
    let mut title = first_key(map, TITLE_KEYS)
        .map(|v| squash_whitespace(&text_of(v)))
        .unwrap_or_default();
    if body.is_empty() && title.is_empty() {
        return Err(skip(
            path,
            position,
            line,
            "no article text: expected a title or one of body, text, content, article",
        ));
    }
    if title.is_empty() {
        title = title_from_body(&body);
    }
    let id = first_key(map, ID_KEYS)
        .map(|v| squash_whitespace(&text_of(v)))
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| derived_id(path, position));
    let date_values: Vec<&Value> = DATE_KEYS
        .iter()
        .filter_map(|key| map.get(*key))
        .filter(|v| !v.is_null() && *v != &Value::String(String::new()))
        .collect();
    let date = date_values.iter().find_map(|v| date_of(v));
    let date_note = match (date, date_values.first()) {
        (None, Some(value)) => Some(format!("date {value} is not a valid date; indexed undated")),
        _ => None,
    };
    Ok(Article {
        id,
        path: path.to_path_buf(),
        line,
        title,
        date,
        body,
        url: first_key(map, URL_KEYS)
            .map(text_of)
            .filter(|s| !s.is_empty()),
        authors: first_key(map, AUTHOR_KEYS)
            .map(names_of)
            .unwrap_or_default(),
        source: first_key(map, SOURCE_KEYS)
            .map(|v| squash_whitespace(&text_of(v)))
            .filter(|s| !s.is_empty()),
        entities: Vec::new(),
        date_note,
    })
}

/// `text` without surrounding white space, copied only when there is some.
fn trimmed(text: String) -> String {
    let trimmed = text.trim();
    if trimmed.len() == text.len() {
        text
    } else {
        trimmed.to_string()
    }
}

/// The value of the first of `keys` present with a non-null value.
fn first_key<'a>(map: &'a Map<String, Value>, keys: &[&str]) -> Option<&'a Value> {
    keys.iter()
        .filter_map(|key| map.get(*key))
        .find(|v| !v.is_null() && *v != &Value::String(String::new()))
}

/// Text of a value of any type: strings as they are, numbers and booleans spelled out, lists
/// joined as paragraphs, objects by their `name`/`text`/`value` member.
fn text_of(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => items
            .iter()
            .map(text_of)
            .filter(|s| !s.trim().is_empty())
            .collect::<Vec<_>>()
            .join("\n\n"),
        Value::Object(map) => ["name", "text", "value", "title", "#text"]
            .iter()
            .find_map(|key| map.get(*key))
            .map(text_of)
            .unwrap_or_default(),
    }
}

fn date_of(value: &Value) -> Option<chrono::DateTime<chrono::Utc>> {
    match value {
        Value::String(s) => date::parse_date(s),
        Value::Number(n) => date::parse_date(&n.to_string()),
        Value::Object(map) => ["$date", "date", "value"]
            .iter()
            .find_map(|key| map.get(*key))
            .and_then(date_of),
        _ => None,
    }
}

/// Author names from a string ("A, B and C"), a list of strings, or a list of objects.
fn names_of(value: &Value) -> Vec<String> {
    let split = |s: &str| -> Vec<String> {
        s.split([',', ';', '&'])
            .flat_map(|part| part.split(" and "))
            .map(|name| squash_whitespace(name.trim().trim_start_matches("By ")))
            .filter(|name| !name.is_empty())
            .collect()
    };
    match value {
        Value::Array(items) => items
            .iter()
            .map(|item| squash_whitespace(&text_of(item)))
            .filter(|name| !name.is_empty())
            .collect(),
        other => split(&text_of(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    fn read_json(text: &str) -> Vec<Parsed> {
        let out = Mutex::new(Vec::new());
        read_document(Path::new("d.json"), text, &|p| out.lock().unwrap().push(p));
        out.into_inner().unwrap()
    }

    #[test]
    fn usual_keys_are_read() {
        let parsed = read_json(
            r#"{"headline": "Talks", "published": "2017-05-13T06:02:00Z", "text": "Body.",
                "author": "Jane Doe and John Roe", "link": "http://x/1", "source": {"name": "Wire"}}"#,
        );
        let a = parsed[0].as_ref().unwrap();
        assert_eq!(a.title, "Talks");
        assert_eq!(a.body, "Body.");
        assert_eq!(a.date.unwrap().to_rfc3339(), "2017-05-13T06:02:00+00:00");
        assert_eq!(a.authors, vec!["Jane Doe", "John Roe"]);
        assert_eq!(a.url.as_deref(), Some("http://x/1"));
        assert_eq!(a.source.as_deref(), Some("Wire"));
        assert_eq!(a.id, "d.json");
    }

    #[test]
    fn arrays_nested_lists_and_odd_types() {
        let parsed = read_json(
            r#"[{"id": 7, "title": 42, "body": ["One.", "Two."]}, {"title": "B", "body": "b"}]"#,
        );
        let a = parsed[0].as_ref().unwrap();
        assert_eq!(
            (a.id.as_str(), a.title.as_str(), a.body.as_str()),
            ("7", "42", "One.\n\nTwo.")
        );
        assert_eq!(parsed[1].as_ref().unwrap().id, "d.json:2");

        let nested = read_json(r#"{"status": "ok", "articles": [{"title": "N", "content": "c"}]}"#);
        assert_eq!(nested[0].as_ref().unwrap().title, "N");
    }

    #[test]
    fn absurd_dates_leave_the_article_undated_with_a_note() {
        for bad in [
            r#""0000-01-01""#,
            r#""99999-01-01""#,
            r#""2017-02-31""#,
            "[1, 2]",
        ] {
            let parsed = read_json(&format!(r#"{{"title": "t", "body": "b", "date": {bad}}}"#));
            let a = parsed[0].as_ref().unwrap();
            assert_eq!(a.date, None, "{bad}");
            assert!(
                a.date_note.as_deref().unwrap().contains("not a valid date"),
                "{bad}"
            );
        }
    }

    #[test]
    fn broken_json_and_empty_objects_are_skipped() {
        let parsed = read_json("{\"title\": ");
        assert!(parsed[0]
            .as_ref()
            .unwrap_err()
            .reason
            .starts_with("invalid JSON"));
        let parsed = read_json(r#"[{"title": "ok", "body": "b"}, {"foo": 1}]"#);
        assert!(parsed[0].is_ok());
        assert!(parsed[1]
            .as_ref()
            .unwrap_err()
            .reason
            .starts_with("article 2: no article text"));
    }

    #[test]
    fn json_lines_skip_members_they_do_not_read_but_not_their_syntax() {
        let out = Mutex::new(Vec::new());
        let data = concat!(
            r#"{"html": "<p>x</p>", "tags": [{"a": [1, {"b": null}]}], "headline": "A", "text": "  x "}"#,
            "\n[1, 2]\n7\n",
            r#"{"title": "b", "body": "y", "meta": {"broken": [1, }}"#,
            "\n",
            r#"{"title": "c", "title": "d", "body": "z"}"#,
        );
        read_lines_from(Path::new("f.jsonl"), data.as_bytes(), &|p| {
            out.lock().unwrap().push(p)
        });
        let mut parsed = out.into_inner().unwrap();
        parsed.sort_by_key(|p| match p {
            Ok(a) => a.line,
            Err(s) => s.line,
        });
        let a = parsed[0].as_ref().unwrap();
        assert_eq!((a.title.as_str(), a.body.as_str()), ("A", "x"));
        for (i, line) in [(1, 2), (2, 3)] {
            let skip = parsed[i].as_ref().unwrap_err();
            assert_eq!(
                (skip.line, skip.reason.as_str()),
                (Some(line), "not a JSON object")
            );
        }
        let broken = parsed[3].as_ref().unwrap_err();
        assert!(
            broken.reason.starts_with("invalid JSON"),
            "{}",
            broken.reason
        );
        // As with any JSON value, the last of two equal keys wins.
        assert_eq!(parsed[4].as_ref().unwrap().title, "d");
    }

    #[test]
    fn json_lines_report_bad_lines_by_number() {
        let out = Mutex::new(Vec::new());
        let data =
            b"{\"title\": \"a\", \"body\": \"x\"}\n\nnot json\n{\"title\": \"b\", \"body\": \"y\"}";
        read_lines_from(Path::new("f.jsonl"), data, &|p| out.lock().unwrap().push(p));
        let mut parsed = out.into_inner().unwrap();
        parsed.sort_by_key(|p| match p {
            Ok(a) => a.line,
            Err(s) => s.line,
        });
        assert_eq!(parsed.len(), 3);
        assert_eq!(parsed[0].as_ref().unwrap().id, "f.jsonl:1");
        assert_eq!(parsed[1].as_ref().unwrap_err().line, Some(3));
        assert_eq!(parsed[2].as_ref().unwrap().line, Some(4));
    }
}
