//! Reading articles: the [`Article`] type, format detection, and one reader per input format.
//!
//! Readers never fail as a whole. Every file yields a stream of [`Parsed`] items: articles, and
//! [`Skip`]s that say which file (and line) could not be read and why. The indexer reports the
//! skips and indexes everything else.

mod decode;
mod html;
mod json;
mod text;

use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::crawl::Stamp;
use crate::entities::Entity;

/// One news article, as read from disk and before it is indexed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Article {
    /// The article's own id where its source gives one, otherwise derived from its path
    /// (and line number for JSON Lines), so that it is stable across runs.
    pub id: String,
    /// The file the article came from.
    #[serde(serialize_with = "lossy_path")]
    pub path: PathBuf,
    /// The 1-based line within a JSON Lines file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// Headline.
    pub title: String,
    /// Publication time, when the article states one.
    pub date: Option<DateTime<Utc>>,
    /// Article text without page furniture.
    #[serde(skip)]
    pub body: String,
    /// Canonical address of the article, where known.
    pub url: Option<String>,
    /// By-lines, where known.
    pub authors: Vec<String>,
    /// Publisher or collection name, where known.
    pub source: Option<String>,
    /// Named entities mentioned in the article (filled in by [`crate::entities`]).
    pub entities: Vec<Entity>,
    /// Why a date the source gave was not used, for the indexing summary.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_note: Option<String>,
}

/// A file or line that was not indexed, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skip {
    /// The file.
    #[serde(serialize_with = "lossy_path")]
    pub path: PathBuf,
    /// The 1-based line, for line-oriented formats.
    pub line: Option<u64>,
    /// What was wrong, in words a user can act on.
    pub reason: String,
}

impl Skip {
    /// A skip of a whole file.
    pub fn file(path: &Path, reason: impl Into<String>) -> Skip {
        Skip {
            path: path.to_path_buf(),
            line: None,
            reason: reason.into(),
        }
    }

    /// A skip of one line of a file.
    pub fn line(path: &Path, line: u64, reason: impl Into<String>) -> Skip {
        Skip {
            path: path.to_path_buf(),
            line: Some(line),
            reason: reason.into(),
        }
    }
}

/// Writes a path as text, bytes that are not UTF-8 becoming `U+FFFD` as in the index, where
/// serde's own `Path` support would fail the whole output.
fn lossy_path<S: serde::Serializer>(path: &Path, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&path.to_string_lossy())
}

/// What a reader yields: an article, or the reason a part of the file was skipped.
pub type Parsed = Result<Article, Skip>;

/// Where readers send what they read. It may be called from several threads at once, so that a
/// single large JSON Lines file is parsed (and indexed) on every core.
pub type Sink<'a> = dyn Fn(Parsed) + Sync + 'a;

/// The input formats newsearch reads, chosen by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.txt`, `.md`: a title line, then the body.
    Text,
    /// `.json`: one article object, or an array of them.
    Json,
    /// `.jsonl`, `.ndjson`: one article object per line.
    JsonLines,
    /// `.html`, `.htm`: a web page.
    Html,
}

impl Format {
    /// The format for a path, or `None` when newsearch does not read files of its kind.
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" | "md" | "markdown" => Some(Format::Text),
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            _ => None,
        }
    }
}

/// Text files larger than this are read in parts rather than whole.
pub const MAX_WHOLE_TEXT_BYTES: u64 = 16 << 20;
/// Other files larger than this are skipped: they would have to be held in memory whole.
pub const MAX_WHOLE_FILE_BYTES: u64 = 512 << 20;

/// Reads every article in the file at `path`, handing each (or each skip) to `sink`.
///
/// JSON Lines files are streamed, and very large text files are read in parts that are each
/// indexed as an article, so files of any size are read in bounded memory. Other formats hold
/// one file in memory at a time.
pub fn read_file(path: &Path, format: Format, sink: &Sink<'_>) {
    match open(path) {
        Ok(opened) => read_opened(path, format, opened, sink),
        Err(skip) => sink(Err(skip)),
    }
}

/// A file opened for reading, checked to be a regular file.
pub struct OpenedFile {
    file: std::fs::File,
    /// Its stamp when it was opened: the version that is read.
    pub stamp: Stamp,
}

/// Opens the file at `path` if it is still a regular file.
///
/// The crawl saw a regular file, but it may have been replaced since: opening a named pipe
/// put in its place would block until something writes to it. So the file is opened without
/// blocking (which changes nothing for a regular file) and what was opened is checked.
pub fn open(path: &Path) -> Result<OpenedFile, Skip> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options
        .open(path)
        .map_err(|e| Skip::file(path, format!("cannot open: {e}")))?;
    let meta = file
        .metadata()
        .map_err(|e| Skip::file(path, format!("cannot open: {e}")))?;
    if !meta.is_file() {
        return Err(Skip::file(
            path,
            "no longer a regular file (it was replaced during the run)",
        ));
    }
    Ok(OpenedFile {
        file,
        stamp: Stamp::of(&meta),
    })
}

/// [`read_file`] for a file already opened with [`open`].
pub fn read_opened(path: &Path, format: Format, opened: OpenedFile, sink: &Sink<'_>) {
    let OpenedFile { file, stamp } = opened;
    let size = stamp.size;
    match format {
        Format::JsonLines => return json::read_lines(path, file, sink),
        Format::Text if size > MAX_WHOLE_TEXT_BYTES => return text::read_parts(path, file, sink),
        _ if size > MAX_WHOLE_FILE_BYTES => {
            return sink(Err(Skip::file(
                path,
                format!(
                    "file of {} MB is too large to read whole (the limit is {} MB); split it, or use JSON Lines",
                    size >> 20,
                    MAX_WHOLE_FILE_BYTES >> 20
                ),
            )))
        }
        _ => {}
    }
    let bytes = match read_bytes(path, file, size) {
        Ok(bytes) => bytes,
        Err(skip) => return sink(Err(skip)),
    };
    read_bytes_as(path, format, &bytes, sink);
}

/// Parses `bytes` as the content of a file at `path` in the given format.
///
/// Exposed so that callers (and tests) can read articles that are not on disk.
pub fn read_bytes_as(path: &Path, format: Format, bytes: &[u8], sink: &Sink<'_>) {
    if let Some(reason) = decode::binary_reason(bytes) {
        return sink(Err(Skip::file(path, reason)));
    }
    match format {
        Format::JsonLines => json::read_lines_from(path, bytes, sink),
        Format::Json => json::read_document(path, &decode::to_text(bytes), sink),
        Format::Text => sink(text::read(path, &decode::to_text(bytes))),
        Format::Html => sink(html::read(path, &decode::to_text(bytes))),
    }
}

/// Reads the whole of a file whose size [`open`] found.
///
/// `read_to_end` would ask the system for the size and the position again (two calls per
/// file, a fifth of the system time of indexing a directory of small files); the buffer is
/// sized from what is known, with a byte to spare to see the end, and grows if the file did.
fn read_bytes(path: &Path, mut file: std::fs::File, size: u64) -> Result<Vec<u8>, Skip> {
    let mut bytes = vec![0; usize::try_from(size).unwrap_or(0).saturating_add(1)];
    let mut len = 0;
    loop {
        if len == bytes.len() {
            bytes.resize(len.saturating_mul(2), 0);
        }
        match file.read(&mut bytes[len..]) {
            Ok(0) => break,
            Ok(n) => len += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Skip::file(path, format!("cannot read: {e}"))),
        }
    }
    bytes.truncate(len);
    Ok(bytes)
}

/// How far past the present a date may lie before it is taken for a typo or a placeholder.
const FUTURE_SLACK_DAYS: i64 = 2;

/// Drops a date that lies in the future, noting why in `date_note`; the article is kept,
/// undated.
pub fn drop_future_date(article: &mut Article) {
    let latest = Utc::now() + chrono::Duration::days(FUTURE_SLACK_DAYS);
    if let Some(date) = article.date.filter(|d| *d > latest) {
        article.date = None;
        article.date_note = Some(format!(
            "date {} is in the future; indexed undated",
            date.to_rfc3339()
        ));
    }
}

/// An id derived from where the article lives, for sources that give none.
///
/// It is the path as given to the indexer, plus the line for line-oriented formats, so the same
/// file indexed twice gets the same ids.
pub fn derived_id(path: &Path, line: Option<u64>) -> String {
    let key = crate::crawl::path_key(path);
    match line {
        Some(line) => format!("{key}:{line}"),
        None => key,
    }
}

/// Collapses runs of whitespace into single spaces and trims the ends.
pub(crate) fn squash_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The title to use when a source has none: the first sentence of the body, cut to a few words.
pub(crate) fn title_from_body(body: &str) -> String {
    let first_line = body.lines().map(str::trim).find(|l| !l.is_empty());
    let Some(line) = first_line else {
        return String::new();
    };
    let sentence_end = line
        .char_indices()
        .find(|&(i, c)| matches!(c, '.' | '!' | '?') && line[i + c.len_utf8()..].starts_with(' '))
        .map_or(line.len(), |(i, c)| i + c.len_utf8());
    let words: Vec<&str> = line[..sentence_end].split_whitespace().collect();
    if words.len() > 15 {
        format!("{} ...", words[..15].join(" "))
    } else {
        words.join(" ")
    }
}
