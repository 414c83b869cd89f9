//! Plain-text and Markdown articles, including pages saved by scrapers.
//!
//! Scraped pages carry furniture around the story: the headline repeated, a "Posted:" line,
//! by-lines, gallery counters, and "More here:" / "Related Posts" trailers. The reader keeps the
//! facts (date, authors) and drops the furniture, so that it neither matches queries nor shows
//! up in snippets.

use std::io::{BufRead, BufReader};
use std::path::Path;

use super::{decode, derived_id, squash_whitespace, Article, Parsed, Sink, Skip};
use crate::date;

/// How many lines after the title are searched for the date and by-line...
const HEAD_LINES: usize = 30;
/// ...and how many bytes at most: a date further down is part of the story, not its own.
const HEAD_BYTES: usize = 2048;

/// Lines that start the trailing boilerplate of a scraped page: everything from here on is
/// dropped.
const TRAILER_MARKERS: &[&str] = &[
    "more here:",
    "more here",
    "read more:",
    "read more at",
    "related posts",
    "related posts:",
    "related articles",
    "related articles:",
    "related stories",
    "related stories:",
    "share this:",
    "share this article",
    "you may also like",
];

/// Reads one plain-text article: title = first non-empty line, then the body.
pub(super) fn read(path: &Path, text: &str) -> Parsed {
    let mut lines = text.lines().enumerate().map(|(i, l)| (i, l.trim()));
    let Some((title_line, raw_title)) = lines.find(|(_, l)| !l.is_empty()) else {
        return Err(Skip::file(path, "empty file"));
    };
    let title = clean_title(raw_title);
    let rest: Vec<&str> = text.lines().skip(title_line + 1).collect();

    let mut head_bytes = 0;
    let head_end = rest
        .iter()
        .take(HEAD_LINES)
        .take_while(|line| {
            head_bytes += line.len() + 1;
            head_bytes <= HEAD_BYTES || head_bytes == line.len() + 1
        })
        .count();
    let head = rest[..head_end].join("\n");
    let found = date::find_date_in_text(&head, None);
    let date_line = found
        .as_ref()
        .filter(|f| f.line_is_only_date)
        .map(|f| head[..f.line.start].matches('\n').count());

    let mut authors = Vec::new();
    let mut body_lines: Vec<&str> = Vec::with_capacity(rest.len());
    for (i, line) in rest.iter().enumerate() {
        let trimmed = line.trim();
        if is_trailer_marker(trimmed) {
            break;
        }
        if Some(i) == date_line || is_gallery_counter(trimmed) {
            continue;
        }
        if i < head_end {
            if trimmed.eq_ignore_ascii_case(&title) || is_title(trimmed, &title) {
                continue;
            }
            if let Some(names) = byline(trimmed) {
                if authors.is_empty() {
                    authors = names;
                    continue;
                }
            }
        }
        body_lines.push(trimmed);
    }

    let body = join_paragraphs(&body_lines);
    if title.is_empty() && body.is_empty() {
        return Err(Skip::file(path, "no text"));
    }
    Ok(Article {
        id: derived_id(path, None),
        path: path.to_path_buf(),
        title,
        date: found.map(|f| f.date),
        body,
        authors,
        ..Article::default()
    })
}

/// Size of each part of a text file too large to read whole. Parts are small (about a long
/// article) because the index writer queues up to 10,000 documents before it blocks the
/// reader: small parts keep that queue, and so memory, bounded whatever the file's size.
const PART_BYTES: usize = 16 << 10;

/// Reads a very large text file in parts of about [`PART_BYTES`], cut at line breaks, each
/// indexed as an article: part 1 as the file would be read whole, later parts with the same
/// date and a `(part N)` title. Memory stays bounded whatever the file's size.
pub(super) fn read_parts(path: &Path, file: std::fs::File, sink: &Sink<'_>) {
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let mut first: Option<Article> = None;
    let mut part = 0u64;
    loop {
        let mut bytes = Vec::with_capacity(PART_BYTES + 4096);
        while bytes.len() < PART_BYTES {
            match reader.read_until(b'\n', &mut bytes) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) => {
                    return sink(Err(Skip::file(
                        path,
                        format!("cannot read past part {part}: {e}"),
                    )))
                }
            }
        }
        if bytes.is_empty() {
            return;
        }
        part += 1;
        if part == 1 {
            if let Some(reason) = decode::binary_reason(&bytes) {
                return sink(Err(Skip::file(path, reason)));
            }
        }
        let text = decode::to_text(&bytes);
        let article = match &first {
            None => read(path, &text).map(|mut a| {
                a.id = derived_id(path, Some(part));
                a
            }),
            Some(head) => Ok(Article {
                id: derived_id(path, Some(part)),
                path: path.to_path_buf(),
                title: format!("{} (part {part})", head.title),
                date: head.date,
                authors: head.authors.clone(),
                body: text.trim().to_string(),
                ..Article::default()
            }),
        };
        if let (None, Ok(a)) = (&first, &article) {
            first = Some(Article {
                body: String::new(),
                ..a.clone()
            });
        }
        sink(article);
    }
}

/// Strips Markdown heading marks and a `Title:` label from a title line.
fn clean_title(line: &str) -> String {
    squash_whitespace(title_text(line))
}

fn title_text(line: &str) -> &str {
    let line = line.trim_start_matches('#').trim();
    let line = line
        .strip_prefix("Title:")
        .or_else(|| line.strip_prefix("TITLE:"))
        .unwrap_or(line);
    line.trim_matches(|c: char| c == '*' || c.is_whitespace())
}

/// Whether `line` cleans up to `title` (as [`clean_title`] does), without building the
/// cleaned line: every line of an article's head is asked.
fn is_title(line: &str, title: &str) -> bool {
    title_text(line)
        .split_whitespace()
        .eq(title.split_whitespace())
}

fn is_trailer_marker(line: &str) -> bool {
    // Compared in place, ignoring ASCII case: every line of a body is asked.
    TRAILER_MARKERS.iter().any(|m| {
        line.get(..m.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(m))
            && (line.len() == m.len() || m.ends_with(':'))
    })
}

/// Gallery counters such as `1 of 13` or `Image 2 of 5`.
fn is_gallery_counter(line: &str) -> bool {
    // Every line of a body is asked; counters are short.
    if line.len() > 40 {
        return false;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    let numeric = |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit());
    match words.as_slice() {
        [a, "of", b] => numeric(a) && numeric(b),
        [label, a, "of", b] => {
            matches!(
                label.to_lowercase().as_str(),
                "image" | "photo" | "picture" | "slide"
            ) && numeric(a)
                && numeric(b)
        }
        _ => false,
    }
}

/// The names in a by-line such as `By Jane Doe and John Roe` or `By Jane Doe, Reporter`.
fn byline(line: &str) -> Option<Vec<String>> {
    let rest = line
        .strip_prefix("By ")
        .or_else(|| line.strip_prefix("BY "))
        .or_else(|| line.strip_prefix("by "))?;
    let rest = rest.split(['|', '(']).next().unwrap_or(rest);
    if rest.split_whitespace().count() > 10 || rest.ends_with('.') && rest.len() > 60 {
        return None;
    }
    let names: Vec<String> = rest
        .split([',', ';', '&'])
        .flat_map(|part| part.split(" and "))
        .map(str::trim)
        .filter(|name| !is_job_title(name))
        .filter(|name| {
            let words: Vec<&str> = name.split_whitespace().collect();
            (1..=4).contains(&words.len())
                && words
                    .iter()
                    .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        })
        .map(str::to_string)
        .collect();
    (!names.is_empty()).then_some(names)
}

/// Words that describe a reporter's job rather than name them (`By Jane Doe, Reporter`).
fn is_job_title(part: &str) -> bool {
    const JOBS: &[&str] = &[
        "reporter",
        "correspondent",
        "editor",
        "writer",
        "staff",
        "contributor",
        "columnist",
        "journalist",
        "analyst",
        "producer",
        "photographer",
        "desk",
        "bureau",
        "chief",
    ];
    part.split_whitespace()
        .any(|word| JOBS.contains(&word.to_lowercase().trim_end_matches('s')))
}

/// Joins lines into paragraphs separated by one blank line; lines of a paragraph keep their
/// breaks so that wire copy with hard line breaks reads as it did.
fn join_paragraphs(lines: &[&str]) -> String {
    let mut out = String::with_capacity(lines.iter().map(|l| l.len() + 2).sum());
    let mut blank_run = true;
    for line in lines {
        if line.is_empty() {
            blank_run = true;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run { "\n\n" } else { "\n" });
        }
        out.push_str(line);
        blank_run = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCRAPED: &str = "Trump to host Lavrov\n\nPosted: May 13, 2017 at 6:02 am\n\n\
Trump to host Lavrov\nBy Jane Doe\n\nThe president will meet the minister.\n1 of 13\n\
Talks will cover North Korea.\n\nMore here:\nhttp://example.com/story\nRelated Posts\nOther story\n";

    #[test]
    fn scraped_page_furniture_is_dropped() {
        let article = read(Path::new("a.txt"), SCRAPED).unwrap();
        assert_eq!(article.title, "Trump to host Lavrov");
        assert_eq!(
            article.body,
            "The president will meet the minister.\nTalks will cover North Korea."
        );
        assert_eq!(article.authors, vec!["Jane Doe".to_string()]);
        let date = article.date.unwrap();
        assert_eq!(date.to_rfc3339(), "2017-05-13T06:02:00+00:00");
    }

    #[test]
    fn markdown_title_and_undated_text() {
        let article = read(Path::new("n.md"), "# A headline\n\nJust a body.\n").unwrap();
        assert_eq!(article.title, "A headline");
        assert_eq!(article.body, "Just a body.");
        assert_eq!(article.date, None);
    }

    #[test]
    fn a_date_in_the_story_is_not_the_publication_date() {
        let text = "Airline profits fall\n\nReporting its results for the three months to 31 December 2004, \
            the airline made a pre-tax profit of 75m pounds, compared with 125m a year earlier.\n";
        assert_eq!(read(Path::new("b.txt"), text).unwrap().date, None);
    }

    #[test]
    fn huge_text_files_are_read_in_parts() {
        let dir = std::env::temp_dir().join(format!("newsearch-parts-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("big.txt");
        let line = "A line of a very long report about shipping and ports.\n";
        let text = format!(
            "Big report\n\nPosted: May 13, 2017\n\n{}",
            line.repeat(200_000)
        );
        std::fs::write(&path, &text).unwrap();
        let parts = std::sync::Mutex::new(Vec::new());
        read_parts(&path, std::fs::File::open(&path).unwrap(), &|p| {
            parts.lock().unwrap().push(p.unwrap())
        });
        std::fs::remove_dir_all(&dir).unwrap();
        let mut parts = parts.into_inner().unwrap();
        let part_of = |a: &Article| a.id.rsplit(':').next().and_then(|n| n.parse::<u64>().ok());
        parts.sort_by_key(part_of);
        // Parts end at the first line break past PART_BYTES, so there are a few less than
        // the plain division gives.
        let most = text.len().div_ceil(PART_BYTES);
        assert!(
            parts.len() <= most && parts.len() * 101 >= most * 100,
            "{}",
            parts.len()
        );
        assert_eq!(parts[0].title, "Big report");
        assert_eq!(parts[1].title, "Big report (part 2)");
        assert!(parts
            .iter()
            .all(|p| p.date == parts[0].date && p.date.is_some()));
        let total: usize = parts
            .iter()
            .map(|p| p.body.matches("shipping").count())
            .sum();
        assert_eq!(total, 200_000);
    }

    #[test]
    fn bylines_and_counters() {
        assert_eq!(
            byline("By Jane Doe and John Roe"),
            Some(vec!["Jane Doe".to_string(), "John Roe".to_string()])
        );
        assert_eq!(byline("By the end of the year prices rose."), None);
        assert_eq!(
            byline("By Jane Doe, Reporter"),
            Some(vec!["Jane Doe".to_string()])
        );
        assert_eq!(
            byline("By Jane Doe, Senior Correspondent"),
            Some(vec!["Jane Doe".to_string()])
        );
        assert!(is_title(
            "## Title:  Trump *to*   host Lavrov **",
            "Trump *to* host Lavrov"
        ));
        assert!(!is_title(
            "Trump to host Lavrov today",
            "Trump to host Lavrov"
        ));
        assert!(is_trailer_marker("RELATED POSTS"));
        assert!(is_trailer_marker("Read more: the story"));
        assert!(!is_trailer_marker("Related posts of the week"));
        assert!(!is_trailer_marker("Related"));
        assert!(is_gallery_counter("1 of 13"));
        assert!(is_gallery_counter("Image 2 of 5"));
        assert!(!is_gallery_counter("one of the best"));
    }
}
