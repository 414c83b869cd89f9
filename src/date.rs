//! Dates in news articles: the forms newsearch reads from article metadata and from the
//! top of plain-text articles, and the date bounds users type on the command line.
//!
//! Every function here is total: any `&str` (empty, huge, non-ASCII, garbage) gives
//! `None` / `Err` instead of a panic, and only dates in the years 1000..=9999 are returned.
//! Numeric day/month orders that are ambiguous (`05/06/2017`) are never guessed.
//!
//! The parsing core is a small hand-written cursor parser (cheap, no allocation) that reads
//! a date, then an optional time of day and zone. [`parse_date`] requires it to consume the
//! whole value; [`find_date_in_text`] uses regexes (compiled once) only to find where in a
//! line a date may start, and lets the cursor parser read from there.

use std::ops::Range;
use std::sync::LazyLock;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use regex::{Captures, Regex};

/// Earliest year a date may have; anything earlier is a parse error, not a date.
const MIN_YEAR: i32 = 1000;
/// Latest year a date may have (four-digit years only).
const MAX_YEAR: i32 = 9999;
/// Longest (trimmed) value `parse_date` and `parse_bound` look at: real date strings are far
/// shorter, so anything longer is refused outright.
const MAX_DATE_LEN: usize = 256;
/// How many bytes after a label ("Posted", "Updated") its date may start.
const LABEL_WINDOW: usize = 80;
/// Longest place name a dateline may start with (`SAN FRANCISCO/NEW YORK`, `ST. PAUL, Minn.`).
const MAX_PLACE_LEN: usize = 60;

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/// Parses a date value found in article metadata (a JSON field, an HTML meta tag, a
/// `<time datetime>` attribute), so that an article can be filed and filtered by date.
///
/// Accepted forms (month and weekday names are case-insensitive, full or abbreviated,
/// `Sept.` included; surrounding whitespace is ignored):
/// - ISO 8601 / RFC 3339 with or without time, fraction and zone: `2017-05-13`,
///   `2017-05-13T06:02:00Z`, `2017-05-13T06:02:00+03:00`, `2017-05-13 06:02:00`,
///   `2017-05-13T06:02:00.123`; also `2017/05/13`.
/// - RFC 2822: `Sat, 13 May 2017 06:02:00 +0000`, with zone names such as `GMT`/`EST`, with
///   or without the weekday.
/// - Textual dates: `May 13, 2017`, `May 13 2017`, `13 May 2017`, `13 May, 2017`,
///   `Saturday, May 13, 2017`, and the Reuters SGML form `26-FEB-1987 15:01:01.79`.
/// - Any of these may carry a time of day: `May 13, 2017 at 6:02 am`, `May 13, 2017 6:02 PM`,
///   `13 May 2017 18:02`, `May 13, 2017, 06:02 GMT`.
/// - Unix timestamps: 9 or 10 digits are seconds, 11 to 13 digits are milliseconds.
///
/// Times without a zone are taken as UTC. Month-only values (`2017-05`), compact `20170513`,
/// and `dd/mm/yyyy` / `mm/dd/yyyy` are refused, as is anything outside years 1000..=9999
/// or not a real calendar day (31 February).
pub fn parse_date(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if s.is_empty() || s.len() > MAX_DATE_LEN {
        return None;
    }
    if let Some(dt) = parse_unix_timestamp(s) {
        return Some(dt);
    }
    let parsed = parse_prefix(s)?;
    if parsed.end != s.len() {
        return None;
    }
    parsed.to_utc()
}

/// A date found in running text by [`find_date_in_text`].
#[derive(Debug, Clone, PartialEq)]
pub struct FoundDate {
    /// When the article was published (UTC).
    pub date: DateTime<Utc>,
    /// Byte range (within the `head` passed in) of the whole line the date was found on,
    /// without its line terminator (`\n` or `\r\n`).
    pub line: Range<usize>,
    /// True when the line holds nothing but the date and its label (e.g.
    /// `Posted: May 13, 2017 at 6:02 am` or `*June 2, 2017*`; punctuation, a weekday name
    /// and the words "on"/"at" may stand around them), so the caller may drop it from the
    /// body. Always false for datelines and URL dates, whose lines carry other text.
    pub line_is_only_date: bool,
}

/// Lines up to this long may carry an unlabelled publication date (`June 2, 2017 | Politics`);
/// longer ones are prose.
const SHORT_LINE_CHARS: usize = 60;

/// Finds the publication date in the first lines of a plain-text article, as scraped pages
/// and wire copy show it, for articles that came without date metadata.
///
/// `head` is the top of the article (the caller passes at most the first ~30 lines / 2 KB).
/// Classes, best first; within a class the first one in `head` wins:
/// 1. a date after a `Posted`, `Published`, `First/Originally published`, `Publication date`,
///    `Date` or `Dated` label (`Posted: May 13, 2017 at 6:02 am`, `Date: 2017-04-12`);
///    the label must be capitalised or followed by a colon, and the date must start within
///    80 bytes of it (so `Posted by Jane Doe on May 13, 2017` works);
/// 2. a date after an `Updated` / `Last updated` / `Modified` label;
/// 3. a bare full date on a short line (`June 2, 2017`, `*April 12, 2017*`,
///    `2017-07-04`, but not one that is part of a longer number or a URL);
/// 4. a dateline (`WASHINGTON, May 13 (Reuters) -`, `MOSCOW, Aug 8 -`), which has no year:
///    the year comes from a URL date, a `© 2017` / `Copyright 2017` or a `May 2017` in
///    `head`, else from `fallback_year`, else from a lone year-like number (1900..=2099)
///    in `head`; without any of these the dateline is ignored;
/// 5. as a last resort, a date in a URL path (`/2017/07/04/`).
///
/// Returns the date (with the time of day when the text gives one, UTC unless a zone is
/// given) and the line it was found on.
pub fn find_date_in_text(head: &str, fallback_year: Option<i32>) -> Option<FoundDate> {
    let mut updated: Option<FoundDate> = None;
    let mut bare: Option<FoundDate> = None;
    let mut url: Option<FoundDate> = None;
    let mut dateline: Option<(MonthDay, Range<usize>)> = None;

    for (start, line) in lines_with_offsets(head) {
        // Every date form holds a digit: this skips most lines without touching a regex.
        if !line.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        let range = start..start + line.len();
        let (primary, upd) = labelled_dates(line);
        if let Some((date, only)) = primary {
            return Some(found(date, range, only));
        }
        if updated.is_none() {
            updated = upd.map(|(date, only)| found(date, range.clone(), only));
        }
        if updated.is_some() {
            // Only a primary label can still win.
            continue;
        }
        if bare.is_none() {
            let scan = scan_unlabelled_dates(line);
            if url.is_none() {
                url = scan.url.map(|date| found(date, range.clone(), false));
            }
            // A date inside a sentence is usually an event the story mentions, not the
            // day it was published: only a date on a line of its own (or nearly) counts.
            bare = scan
                .bare
                .filter(|(_, only)| *only || line.trim().chars().count() <= SHORT_LINE_CHARS)
                .map(|(date, only)| found(date, range.clone(), only));
        }
        if bare.is_some() {
            continue;
        }
        if dateline.is_none() {
            dateline = match_dateline(line).map(|parts| (parts, range.clone()));
        }
    }

    if updated.is_some() {
        return updated;
    }
    if bare.is_some() {
        return bare;
    }
    if let Some((parts, range)) = dateline {
        let url_year = url.as_ref().map(|u| u.date.year());
        let dated = head_year(head, url_year, fallback_year)
            .and_then(|year| make_date(year, parts.month, parts.day))
            .and_then(midnight_utc);
        if let Some(date) = dated {
            return Some(found(date, range, false));
        }
    }
    url
}

/// Which end of a user's date range a bound is, so that a coarse bound covers its whole
/// period inclusively: `--since 2017-05` means from the first instant of May 2017,
/// `--until 2017-05` means up to the last second of May 2017.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoundSide {
    /// Lower bound: the first instant of the period.
    Since,
    /// Upper bound: the last second (`23:59:59`) of the period.
    Until,
}

/// Parses a date bound a user typed (`--since` / `--until`) into an instant.
///
/// Accepts `2017`, `2017-05`, `2017-5`, `2017-05-13`, RFC 3339 (`2017-05-13T06:02:00Z`,
/// `2017-05-13T06:02:00+02:00`) and zone-less timestamps (`2017-05-13T06:02`,
/// `2017-05-13 06:02:00`, taken as UTC). A year, month or day gives its first instant for
/// [`BoundSide::Since`] and its last second (`23:59:59` of the last day) for
/// [`BoundSide::Until`]; a full timestamp is returned as it is, whatever the side.
pub fn parse_bound(s: &str, side: BoundSide) -> Result<DateTime<Utc>, DateBoundError> {
    parse_bound_inner(s.trim(), side).ok_or_else(|| DateBoundError {
        input: s.to_string(),
    })
}

/// Why a user's date bound was refused; the message lists the accepted forms so the user
/// can fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot read {input:?} as a date: use YYYY, YYYY-MM, YYYY-MM-DD or an RFC 3339 timestamp such as 2017-05-13T06:02:00Z")]
pub struct DateBoundError {
    /// The text the user gave, as given.
    pub input: String,
}

// ---------------------------------------------------------------------------------------------
// Cursor parser
// ---------------------------------------------------------------------------------------------

/// A read position in a string. It only ever advances over ASCII bytes or whole chars, so
/// every position it holds is a char boundary.
#[derive(Clone, Copy)]
struct Cursor<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(s: &'a str) -> Self {
        Cursor { s, pos: 0 }
    }

    fn rest(&self) -> &'a str {
        self.s.get(self.pos..).unwrap_or("")
    }

    fn at_end(&self) -> bool {
        self.pos >= self.s.len()
    }

    fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.pos).copied()
    }

    fn peek_char(&self) -> Option<char> {
        self.rest().chars().next()
    }

    /// Consumes `b` (an ASCII byte) if it is next.
    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Consumes whichever ASCII byte of `set` is next.
    fn eat_any(&mut self, set: &[u8]) -> Option<u8> {
        let b = self.peek().filter(|b| set.contains(b))?;
        self.pos += 1;
        Some(b)
    }

    /// Consumes `lit` if the rest starts with it.
    fn eat_str(&mut self, lit: &str) -> bool {
        if self.rest().starts_with(lit) {
            self.pos += lit.len();
            true
        } else {
            false
        }
    }

    /// Skips Unicode whitespace (scraped text is full of no-break spaces); returns how many
    /// bytes were skipped.
    fn skip_ws(&mut self) -> usize {
        let start = self.pos;
        while let Some(c) = self.peek_char() {
            if !c.is_whitespace() {
                break;
            }
            self.pos += c.len_utf8();
        }
        self.pos - start
    }

    /// Reads a whole run of ASCII digits whose length is within `min..=max`; a longer run
    /// (`20175` read as a year) is refused rather than cut, so numbers never run into dates.
    fn digits(&mut self, min: usize, max: usize) -> Option<u32> {
        let run = self.rest().bytes().take_while(u8::is_ascii_digit).count();
        if run < min || run > max || run > 9 {
            return None;
        }
        let mut value: u32 = 0;
        for b in self.rest().bytes().take(run) {
            value = value * 10 + u32::from(b - b'0');
        }
        self.pos += run;
        Some(value)
    }

    /// Reads a whole word of ASCII letters (at most 12), refusing one that runs on into
    /// further letters or digits.
    fn word(&mut self) -> Option<&'a str> {
        let rest = self.rest();
        let len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        if len == 0 || len > 12 {
            return None;
        }
        let word = rest.get(..len)?;
        let after = rest.get(len..).and_then(|r| r.chars().next());
        if after.is_some_and(char::is_alphanumeric) {
            return None;
        }
        self.pos += len;
        Some(word)
    }

    /// Consumes the word `w` (ASCII, any case) if it is next.
    fn eat_word(&mut self, w: &str) -> bool {
        let mut c = *self;
        if c.word().is_some_and(|got| got.eq_ignore_ascii_case(w)) {
            *self = c;
            true
        } else {
            false
        }
    }
}

/// Whether a date was written with digits only (`2017-05-13`), which allows a `T` before the
/// time, or with a month name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateKind {
    Numeric,
    Text,
}

/// A date (and maybe time) read from the start of a string.
#[derive(Debug, Clone, Copy)]
struct Parsed {
    date: NaiveDate,
    time: Option<NaiveTime>,
    offset: Option<FixedOffset>,
    kind: DateKind,
    /// Byte offset just after the last thing read.
    end: usize,
}

impl Parsed {
    fn to_utc(self) -> Option<DateTime<Utc>> {
        let naive = self.date.and_time(self.time.unwrap_or(NaiveTime::MIN));
        let utc = match self.offset {
            Some(offset) => naive.checked_sub_offset(offset)?,
            None => naive,
        };
        in_year_range(Utc.from_utc_datetime(&utc))
    }
}

/// Reads a date, then an optional time of day and zone, from the start of `s`.
fn parse_prefix(s: &str) -> Option<Parsed> {
    let mut c = Cursor::new(s);
    let (date, kind) = parse_date_part(&mut c)?;
    let tail = parse_time_tail(&mut c, kind);
    Some(Parsed {
        date,
        time: tail.map(|(t, _)| t),
        offset: tail.and_then(|(_, o)| o),
        kind,
        end: c.pos,
    })
}

fn parse_date_part(c: &mut Cursor) -> Option<(NaiveDate, DateKind)> {
    let mut n = *c;
    if let Some(date) = parse_numeric_date(&mut n) {
        *c = n;
        return Some((date, DateKind::Numeric));
    }
    let mut t = *c;
    let date = parse_text_date(&mut t)?;
    *c = t;
    Some((date, DateKind::Text))
}

/// `YYYY-MM-DD` or `YYYY/MM/DD` (one- or two-digit month and day).
fn parse_numeric_date(c: &mut Cursor) -> Option<NaiveDate> {
    let year = c.digits(4, 4)?;
    let sep = c.eat_any(b"-/")?;
    let month = c.digits(1, 2)?;
    if !c.eat(sep) {
        return None;
    }
    let day = c.digits(1, 2)?;
    make_date(i32::try_from(year).ok()?, month, day)
}

/// `[Weekday[,]] Month D[th][,] YYYY` or `[Weekday[,]] D[th] [of] Month[,] YYYY`, also with
/// dashes: `26-FEB-1987`.
fn parse_text_date(c: &mut Cursor) -> Option<NaiveDate> {
    // Optional weekday, never checked against the date: sources get it wrong too often.
    let mut w = *c;
    if w.word().is_some_and(is_weekday) {
        w.eat(b'.');
        let before = w.pos;
        w.skip_ws();
        if w.eat(b',') {
            w.skip_ws();
        }
        if w.pos > before {
            *c = w;
        }
    }

    let mut m = *c;
    if let Some(month) = m.word().and_then(month_from_name) {
        // Month first: "May 13, 2017", "Sept. 13 2017".
        let after_word = m.pos;
        m.eat(b'.');
        m.skip_ws();
        if m.pos == after_word {
            return None;
        }
        let day = m.digits(1, 2)?;
        eat_ordinal(&mut m);
        let before_sep = m.pos;
        m.skip_ws();
        if m.eat(b',') {
            m.skip_ws();
        }
        if m.pos == before_sep {
            return None;
        }
        let year = m.digits(4, 4)?;
        *c = m;
        return make_date(i32::try_from(year).ok()?, month, day);
    }

    // Day first: "13 May 2017", "13th of May, 2017", "26-FEB-1987".
    let mut d = *c;
    let day = d.digits(1, 2)?;
    eat_ordinal(&mut d);
    if !d.eat(b'-') {
        if d.skip_ws() == 0 {
            return None;
        }
        if d.eat_word("of") && d.skip_ws() == 0 {
            return None;
        }
    }
    let month = d.word().and_then(month_from_name)?;
    d.eat(b'.');
    let before_sep = d.pos;
    if !d.eat(b'-') {
        d.skip_ws();
        if d.eat(b',') {
            d.skip_ws();
        }
    }
    if d.pos == before_sep {
        return None;
    }
    let year = d.digits(4, 4)?;
    *c = d;
    make_date(i32::try_from(year).ok()?, month, day)
}

fn eat_ordinal(c: &mut Cursor) {
    for suffix in ["st", "nd", "rd", "th"] {
        if c.eat_word(suffix) {
            return;
        }
    }
}

/// Reads what may follow a date: a separator (`T`, space, comma, `at`, `@`, a dash), a time
/// of day (`06:02`, `6:02:00.79`, `6 pm`, `6:02 a.m.`) and an optional zone. Returns None,
/// consuming nothing, when no time follows.
fn parse_time_tail(c: &mut Cursor, kind: DateKind) -> Option<(NaiveTime, Option<FixedOffset>)> {
    let mut t = *c;
    let direct = kind == DateKind::Numeric && t.eat_any(b"Tt").is_some();
    if !direct {
        let before = t.pos;
        t.skip_ws();
        if t.eat(b',') {
            t.skip_ws();
        }
        if t.eat_word("at")
            || t.eat(b'@')
            || t.eat(b'-')
            || t.eat(b'|')
            || t.eat_str("\u{2013}")
            || t.eat_str("\u{2014}")
        {
            t.skip_ws();
        }
        if t.pos == before {
            return None;
        }
    }

    let hour = t.digits(1, 2)?;
    let mut minute = 0;
    let mut second = 0;
    let mut nano = 0;
    let mut has_minutes = false;
    if t.eat(b':') {
        minute = t.digits(2, 2)?;
        has_minutes = true;
        if t.eat(b':') {
            second = t.digits(2, 2)?;
            let before_frac = t;
            if t.eat_any(b".,").is_some() {
                match read_fraction(&mut t) {
                    Some(n) => nano = n,
                    None => t = before_frac,
                }
            }
        }
    }

    let before_ampm = t;
    t.skip_ws();
    let pm = read_am_pm(&mut t);
    if pm.is_none() {
        t = before_ampm;
        if !has_minutes {
            // A lone number after a date is not a time ("May 13, 2017 - 15 people ...").
            return None;
        }
    }
    let hour = match pm {
        None if hour <= 23 => hour,
        None => return None,
        Some(false) if hour == 12 => 0,
        Some(false) if hour <= 11 => hour,
        Some(true) if hour == 12 => 12,
        Some(true) if (1..=11).contains(&hour) => hour + 12,
        Some(_) => return None,
    };
    let time = make_time(hour, minute, second, nano)?;

    let before_zone = t;
    t.skip_ws();
    let offset = parse_zone(&mut t);
    if offset.is_some() {
        eat_zone_comment(&mut t);
    } else {
        t = before_zone;
    }
    *c = t;
    Some((time, offset))
}

/// Digits of a decimal fraction of a second, as nanoseconds (digits past the ninth are read
/// and dropped).
fn read_fraction(c: &mut Cursor) -> Option<u32> {
    let rest = c.rest();
    let run = rest.bytes().take_while(u8::is_ascii_digit).count();
    if run == 0 {
        return None;
    }
    let mut nano: u32 = 0;
    for i in 0..9 {
        let digit = rest
            .as_bytes()
            .get(i)
            .filter(|_| i < run)
            .map_or(0, |b| b - b'0');
        nano = nano * 10 + u32::from(digit);
    }
    c.pos += run;
    Some(nano)
}

/// `am`, `pm`, `a.m.`, `P.M.`; Some(true) for pm.
fn read_am_pm(c: &mut Cursor) -> Option<bool> {
    let mut t = *c;
    let pm = matches!(t.eat_any(b"aApP")?, b'p' | b'P');
    t.eat(b'.');
    t.eat_any(b"mM")?;
    if !t.eat(b'.') && t.peek_char().is_some_and(char::is_alphanumeric) {
        return None;
    }
    *c = t;
    Some(pm)
}

fn make_time(hour: u32, minute: u32, second: u32, nano: u32) -> Option<NaiveTime> {
    if second == 60 {
        // A leap second, as chrono represents it.
        NaiveTime::from_hms_nano_opt(hour, minute, 59, 1_000_000_000 + nano)
    } else {
        NaiveTime::from_hms_nano_opt(hour, minute, second, nano)
    }
}

/// Zone names seen in news dates, with their offsets in minutes. North American zones
/// without a daylight marker (`ET`) are taken as standard time.
const ZONES: &[(&str, i32)] = &[
    ("z", 0),
    ("ut", 0),
    ("utc", 0),
    ("gmt", 0),
    ("wet", 0),
    ("est", -5 * 60),
    ("edt", -4 * 60),
    ("et", -5 * 60),
    ("cst", -6 * 60),
    ("cdt", -5 * 60),
    ("ct", -6 * 60),
    ("mst", -7 * 60),
    ("mdt", -6 * 60),
    ("mt", -7 * 60),
    ("pst", -8 * 60),
    ("pdt", -7 * 60),
    ("pt", -8 * 60),
    ("akst", -9 * 60),
    ("akdt", -8 * 60),
    ("hst", -10 * 60),
    ("bst", 60),
    ("west", 60),
    ("cet", 60),
    ("cest", 2 * 60),
    ("eet", 2 * 60),
    ("eest", 3 * 60),
    ("msk", 3 * 60),
    ("hkt", 8 * 60),
    ("sgt", 8 * 60),
    ("awst", 8 * 60),
    ("jst", 9 * 60),
    ("kst", 9 * 60),
    ("acst", 9 * 60 + 30),
    ("aest", 10 * 60),
    ("aedt", 11 * 60),
    ("nzst", 12 * 60),
    ("nzdt", 13 * 60),
];

/// `Z`, `+03:00`, `+0300`, `-05`, `GMT`, `EST`, `GMT+3`, `UTC-05:30`.
fn parse_zone(c: &mut Cursor) -> Option<FixedOffset> {
    let mut t = *c;
    if let Some(sign) = t.eat_any(b"+-") {
        let offset = numeric_offset(&mut t, sign, false)?;
        *c = t;
        return Some(offset);
    }
    let name = t.word()?;
    let minutes = ZONES
        .iter()
        .find(|(zone, _)| zone.eq_ignore_ascii_case(name))
        .map(|&(_, minutes)| minutes)?;
    let is_universal = ["gmt", "utc", "ut"]
        .iter()
        .any(|u| u.eq_ignore_ascii_case(name));
    if is_universal {
        let mut s = t;
        if let Some(sign) = s.eat_any(b"+-") {
            if let Some(offset) = numeric_offset(&mut s, sign, true) {
                *c = s;
                return Some(offset);
            }
        }
    }
    *c = t;
    FixedOffset::east_opt(minutes * 60)
}

/// The digits of an offset after its sign: `HH:MM`, `HHMM`, `HH`, and with `short_hours`
/// (after `GMT`) a one-digit hour too.
fn numeric_offset(c: &mut Cursor, sign: u8, short_hours: bool) -> Option<FixedOffset> {
    let run = c.rest().bytes().take_while(u8::is_ascii_digit).count();
    let (hours, minutes) = match run {
        4 => {
            let hhmm = c.digits(4, 4)?;
            (hhmm / 100, hhmm % 100)
        }
        1 | 2 if run == 2 || short_hours => {
            let hours = c.digits(1, 2)?;
            let mut t = *c;
            let minutes = if t.eat(b':') {
                match t.digits(2, 2) {
                    Some(m) => {
                        *c = t;
                        m
                    }
                    None => 0,
                }
            } else {
                0
            };
            (hours, minutes)
        }
        _ => return None,
    };
    if hours > 23 || minutes > 59 {
        return None;
    }
    let seconds = i32::try_from(hours * 3600 + minutes * 60).ok()?;
    FixedOffset::east_opt(if sign == b'-' { -seconds } else { seconds })
}

/// An RFC 2822 comment after a zone: `+0000 (UTC)`.
fn eat_zone_comment(c: &mut Cursor) {
    let mut t = *c;
    t.skip_ws();
    if !t.eat(b'(') {
        return;
    }
    let rest = t.rest();
    let Some(close) = rest.bytes().take(40).position(|b| b == b')') else {
        return;
    };
    let inside_ok = rest
        .bytes()
        .take(close)
        .all(|b| b.is_ascii_alphanumeric() || b" +-:/_".contains(&b));
    if inside_ok {
        c.pos = t.pos + close + 1;
    }
}

const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Month number for a full or three-letter month name (any case), or `sept`.
fn month_from_name(word: &str) -> Option<u32> {
    if word.eq_ignore_ascii_case("sept") {
        return Some(9);
    }
    (1u32..).zip(MONTH_NAMES).find_map(|(number, full)| {
        let abbrev = full.get(..3).unwrap_or(full);
        (word.eq_ignore_ascii_case(full) || word.eq_ignore_ascii_case(abbrev)).then_some(number)
    })
}

fn is_weekday(word: &str) -> bool {
    const DAYS: [&str; 17] = [
        "mon",
        "monday",
        "tue",
        "tues",
        "tuesday",
        "wed",
        "wednesday",
        "thu",
        "thur",
        "thurs",
        "thursday",
        "fri",
        "friday",
        "sat",
        "saturday",
        "sun",
        "sunday",
    ];
    DAYS.iter().any(|d| d.eq_ignore_ascii_case(word))
}

/// A calendar date, if the day exists and the year is in range.
fn make_date(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

fn in_year_range(dt: DateTime<Utc>) -> Option<DateTime<Utc>> {
    (MIN_YEAR..=MAX_YEAR).contains(&dt.year()).then_some(dt)
}

fn midnight_utc(date: NaiveDate) -> Option<DateTime<Utc>> {
    in_year_range(Utc.from_utc_datetime(&date.and_time(NaiveTime::MIN)))
}

/// 9-10 digits: seconds since the epoch; 11-13 digits: milliseconds.
fn parse_unix_timestamp(s: &str) -> Option<DateTime<Utc>> {
    if !(9..=13).contains(&s.len()) || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i64 = s.parse().ok()?;
    let dt = if s.len() <= 10 {
        DateTime::from_timestamp(n, 0)?
    } else {
        DateTime::from_timestamp_millis(n)?
    };
    in_year_range(dt)
}

// ---------------------------------------------------------------------------------------------
// Bounds
// ---------------------------------------------------------------------------------------------

fn parse_bound_inner(s: &str, side: BoundSide) -> Option<DateTime<Utc>> {
    if s.len() > MAX_DATE_LEN {
        return None;
    }
    let mut c = Cursor::new(s);
    let year = i32::try_from(c.digits(4, 4)?).ok()?;
    if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
        return None;
    }
    let last_second = || NaiveTime::from_hms_opt(23, 59, 59);
    let edge = |first: NaiveDate, last: NaiveDate| -> Option<DateTime<Utc>> {
        let naive = match side {
            BoundSide::Since => first.and_time(NaiveTime::MIN),
            BoundSide::Until => last.and_time(last_second()?),
        };
        Some(Utc.from_utc_datetime(&naive))
    };
    if c.at_end() {
        return edge(make_date(year, 1, 1)?, make_date(year, 12, 31)?);
    }
    if !c.eat(b'-') {
        return None;
    }
    let month = c.digits(1, 2)?;
    if c.at_end() {
        let first = make_date(year, month, 1)?;
        let last = (28..=31)
            .rev()
            .find_map(|day| make_date(year, month, day))?;
        return edge(first, last);
    }
    if !c.eat(b'-') {
        return None;
    }
    let day = c.digits(1, 2)?;
    let date = make_date(year, month, day)?;
    if c.at_end() {
        return edge(date, date);
    }
    let (time, offset) = parse_time_tail(&mut c, DateKind::Numeric)?;
    if !c.at_end() {
        return None;
    }
    Parsed {
        date,
        time: Some(time),
        offset,
        kind: DateKind::Numeric,
        end: c.pos,
    }
    .to_utc()
}

// ---------------------------------------------------------------------------------------------
// Dates in running text
// ---------------------------------------------------------------------------------------------

const MONTHS_RE: &str = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
const WEEKDAYS_RE: &str =
    "mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?";

// The regexes use ASCII word boundaries `(?-u:\b)`: a Unicode `\b` makes the fast DFA engine
// give up on any line holding a non-ASCII character, and dates are written in ASCII anyway.

/// Compiles a pattern built from constants in this file; a bad one is a bug caught by the
/// tests, and falls back to a regex that never matches rather than panicking.
fn compile(pattern: &str) -> Regex {
    Regex::new(pattern)
        .or_else(|_| Regex::new(r"[^\s\S]"))
        .unwrap_or_else(|_| unreachable!("the never-matching regex is valid"))
}

/// Where a date may start: an optional weekday, then a day and a month name, a month name,
/// or a numeric `YYYY-MM-DD`. The cursor parser decides whether a date really starts there.
static DATE_START: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"(?i)(?-u:\b)(?:(?:{WEEKDAYS_RE})\.?,?\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?(?:\s+|-)(?:{MONTHS_RE})(?-u:\b)|(?:{MONTHS_RE})(?-u:\b)|\d{{4}}[-/]\d{{1,2}}[-/]\d{{1,2}})"
    ))
});

/// Labels that announce a date. `updated`/`modified` rank below the others.
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)(?-u:\b)(?:(?:first|originally)\s+published|publication\s+date|published|posted|dated|date|(?:last\s+)?updated|(?:last\s+)?modified)(?-u:\b)",
    )
});

/// A wire dateline at the start of a line: `WASHINGTON, May 13 (Reuters) -`,
/// `ST. PAUL, Minn., Aug 8 -`. The place is unbounded here (bounded repetitions of Unicode
/// classes make this regex ~50x slower) and its length is checked in code.
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"^[\s*_>#]*(?P<place>\p{{Lu}}[\p{{L}}.'&/ -]*(?:,\s*\p{{Lu}}[\p{{L}}. ]*)?),\s+(?i:(?P<month>{MONTHS_RE}))\.?\s+(?P<day>\d{{1,2}})(?i:st|nd|rd|th)?\s*(?:\([^)\n]{{1,40}}\)\s*)?(?:-{{1,2}}|\u{{2014}}|\u{{2013}})"
    ))
});

/// A year stated with context that makes it the article's year: `© 2017`, `(c) 2017`,
/// `Copyright 2017`, `May 2017`.
static CONTEXT_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"(?i)(?:(?:©|\(c\)|(?-u:\b)copyright)\s*|(?-u:\b)(?:{MONTHS_RE})\.?,?\s+)(?P<year>\d{{4}})(?-u:\b)"
    ))
});

/// A lone year-like number, the weakest hint of an article's year.
static LONE_YEAR: LazyLock<Regex> = LazyLock::new(|| compile(r"(?-u:\b)(?:19|20)\d\d(?-u:\b)"));

/// Month and day of a dateline, waiting for a year.
#[derive(Debug, Clone, Copy)]
struct MonthDay {
    month: u32,
    day: u32,
}

fn found(date: DateTime<Utc>, line: Range<usize>, line_is_only_date: bool) -> FoundDate {
    FoundDate {
        date,
        line,
        line_is_only_date,
    }
}

/// Lines of `head` with their byte offsets, without `\n` / `\r\n`.
fn lines_with_offsets(head: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut next = 0usize;
    head.split('\n').map(move |piece| {
        let start = next;
        next = start + piece.len() + 1;
        (start, piece.strip_suffix('\r').unwrap_or(piece))
    })
}

/// A date read at `start` of `line`: its byte span in the line, the instant and its kind.
fn date_at(line: &str, start: usize) -> Option<(Range<usize>, DateTime<Utc>, DateKind)> {
    let parsed = parse_prefix(line.get(start..)?)?;
    let dt = parsed.to_utc()?;
    Some((start..start + parsed.end, dt, parsed.kind))
}

/// The first date starting in `from..limit` of `line`.
fn first_date_from(line: &str, from: usize, limit: usize) -> Option<(Range<usize>, DateTime<Utc>)> {
    // Candidates are looked for only a little past `limit` (enough for the longest date
    // start), so that a line full of labels costs linear time, not quadratic; the date
    // itself is then read from the whole line.
    let window = line.get(..floor_char_boundary(line, limit.saturating_add(64)))?;
    let mut pos = from;
    while pos <= window.len() {
        let m = DATE_START.find_at(window, pos)?;
        if m.start() >= limit {
            return None;
        }
        if let Some((span, dt, _)) = date_at(line, m.start()) {
            return Some((span, dt));
        }
        pos = m.end().max(pos + 1);
        while pos < line.len() && !line.is_char_boundary(pos) {
            pos += 1;
        }
    }
    None
}

/// The largest char boundary of `s` at or below `i`.
fn floor_char_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A cheap test, before the label regex, for the stems every label contains
/// ("date", "post", "publi", "modif"), in any ASCII case.
fn may_have_label(line: &str) -> bool {
    const STEMS: [&[u8]; 4] = [b"date", b"post", b"publi", b"modif"];
    let bytes = line.as_bytes();
    bytes.iter().enumerate().any(|(i, b)| {
        matches!(b, b'd' | b'D' | b'p' | b'P' | b'm' | b'M')
            && STEMS.iter().any(|stem| {
                bytes
                    .get(i..i + stem.len())
                    .is_some_and(|w| w.eq_ignore_ascii_case(stem))
            })
    })
}

/// A label counts when it is capitalised (`Posted`, `UPDATED`) or followed by a colon
/// (`date: ...`), so the word "date" in running text does not.
fn label_accepted(line: &str, m: &regex::Match) -> bool {
    let capitalised = m.as_str().starts_with(|c: char| c.is_ascii_uppercase());
    let colon = line
        .get(m.end()..)
        .is_some_and(|rest| rest.trim_start().starts_with(':'));
    capitalised || colon
}

/// A date found in a line, with its line-is-only-date flag.
type Flagged = (DateTime<Utc>, bool);

/// The first date after a primary label and the first after an `Updated` label in `line`,
/// each with its line-is-only-date flag.
fn labelled_dates(line: &str) -> (Option<Flagged>, Option<Flagged>) {
    if !may_have_label(line) {
        return (None, None);
    }
    let mut labels = LABEL.find_iter(line).peekable();
    if labels.peek().is_none() {
        return (None, None);
    }
    let labels: Vec<regex::Match> = labels.collect();
    let mut primary = None;
    let mut updated = None;
    for (i, m) in labels.iter().enumerate() {
        if !label_accepted(line, m) {
            continue;
        }
        let lower = m.as_str().to_ascii_lowercase();
        let is_update = lower.contains("updated") || lower.contains("modified");
        let slot = if is_update {
            &mut updated
        } else {
            &mut primary
        };
        if slot.is_some() {
            continue;
        }
        let next_label = labels.get(i + 1).map_or(line.len(), |n| n.start());
        let limit = next_label.min(m.end().saturating_add(LABEL_WINDOW));
        if let Some((span, dt)) = first_date_from(line, m.end(), limit) {
            let mut removed: Vec<Range<usize>> = labels.iter().map(|l| l.range()).collect();
            removed.push(span);
            *slot = Some((dt, only_date_left(line, &removed)));
            if !is_update {
                break;
            }
        }
    }
    (primary, updated)
}

/// Dates in a line that carry no label.
struct Unlabelled {
    /// The first full date outside URLs, with its line-is-only-date flag.
    bare: Option<Flagged>,
    /// The first date inside a URL (or URL-like path), seen before `bare`.
    url: Option<DateTime<Utc>>,
}

fn scan_unlabelled_dates(line: &str) -> Unlabelled {
    let mut out = Unlabelled {
        bare: None,
        url: None,
    };
    let mut pos = 0;
    while pos <= line.len() {
        let Some(m) = DATE_START.find_at(line, pos) else {
            break;
        };
        pos = m.end().max(pos + 1);
        while pos < line.len() && !line.is_char_boundary(pos) {
            pos += 1;
        }
        let Some((span, dt, kind)) = date_at(line, m.start()) else {
            continue;
        };
        if in_url(line, m.start()) {
            if out.url.is_none() {
                out.url = Some(dt);
            }
            continue;
        }
        if kind == DateKind::Numeric && numeric_date_is_embedded(line, &span) {
            continue;
        }
        out.bare = Some((dt, only_date_left(line, &[span])));
        break;
    }
    out
}

/// Whether the token holding byte `start` of `line` is a URL or a path (`http://…/2017/…`,
/// `www.x.com/2017-07-04`, `/news/2017/07/04/`).
fn in_url(line: &str, start: usize) -> bool {
    let before = line.get(..start).unwrap_or("");
    let token = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '<' || c == '"')
        .next()
        .unwrap_or("");
    token.contains('/') || token.to_ascii_lowercase().starts_with("www.")
}

/// Whether a numeric date is really part of a longer number or code (`v1.2017-07-04`,
/// `ID-2017-07-04`, `2017-07-04-3`).
fn numeric_date_is_embedded(line: &str, span: &Range<usize>) -> bool {
    let bytes = line.as_bytes();
    let before = span
        .start
        .checked_sub(1)
        .and_then(|i| bytes.get(i))
        .copied();
    if matches!(before, Some(b'-' | b'.' | b'+')) {
        return true;
    }
    let after = bytes.get(span.end).copied();
    let after2 = bytes.get(span.end + 1).copied();
    matches!(after, Some(b'-' | b'/' | b'.')) && after2.is_some_and(|b| b.is_ascii_digit())
}

/// Whether `line` holds nothing but the `removed` spans (labels, the date), punctuation,
/// the filler words "on"/"at" and weekday names (`_Saturday, May 13, 2017_`, where the
/// weekday was not part of the date's span).
fn only_date_left(line: &str, removed: &[Range<usize>]) -> bool {
    let mut rest = String::with_capacity(line.len());
    let mut keep_from = 0;
    let mut spans: Vec<&Range<usize>> = removed.iter().collect();
    spans.sort_by_key(|r| r.start);
    for span in spans {
        if span.start > keep_from {
            rest.push_str(line.get(keep_from..span.start).unwrap_or(""));
            rest.push(' ');
        }
        keep_from = keep_from.max(span.end);
    }
    rest.push_str(line.get(keep_from..).unwrap_or(""));
    rest.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .all(|w| w.eq_ignore_ascii_case("on") || w.eq_ignore_ascii_case("at") || is_weekday(w))
}

fn match_dateline(line: &str) -> Option<MonthDay> {
    let caps: Captures = DATELINE.captures(line)?;
    if caps.name("place")?.as_str().len() > MAX_PLACE_LEN {
        return None;
    }
    let month = month_from_name(caps.name("month")?.as_str())?;
    let day: u32 = caps.name("day")?.as_str().parse().ok()?;
    (1..=31).contains(&day).then_some(MonthDay { month, day })
}

/// The year a dateline belongs to: a URL date's year or a year stated with context in
/// `head`, else `fallback_year`, else a lone year-like number in `head`.
fn head_year(head: &str, url_year: Option<i32>, fallback_year: Option<i32>) -> Option<i32> {
    let valid = |y: i32| (MIN_YEAR..=MAX_YEAR).contains(&y);
    if let Some(year) = url_year.filter(|&y| valid(y)) {
        return Some(year);
    }
    let with_digits = || {
        lines_with_offsets(head)
            .map(|(_, line)| line)
            .filter(|line| line.bytes().any(|b| b.is_ascii_digit()))
    };
    let context_year = with_digits().find_map(|line| {
        CONTEXT_YEAR
            .captures_iter(line)
            .filter_map(|caps| caps.name("year")?.as_str().parse::<i32>().ok())
            .find(|&y| valid(y))
    });
    if context_year.is_some() {
        return context_year;
    }
    if let Some(year) = fallback_year.filter(|&y| valid(y)) {
        return Some(year);
    }
    with_digits().find_map(|line| {
        LONE_YEAR
            .find_iter(line)
            .filter(|m| lone_year_context_ok(line, m.range()))
            .find_map(|m| m.as_str().parse::<i32>().ok())
    })
}

/// A lone year must not be money, a decimal or part of a grouped number (`$2000`,
/// `1.2017`, `2017,500`).
fn lone_year_context_ok(line: &str, span: Range<usize>) -> bool {
    let bytes = line.as_bytes();
    let before = span
        .start
        .checked_sub(1)
        .and_then(|i| bytes.get(i))
        .copied();
    if matches!(before, Some(b'$' | b'.' | b',' | b'-' | b'/')) {
        return false;
    }
    if line
        .get(..span.start)
        .is_some_and(|b| b.ends_with('£') || b.ends_with('€'))
    {
        return false;
    }
    let after = bytes.get(span.end).copied();
    let after2 = bytes.get(span.end + 1).copied();
    !(matches!(after, Some(b'.' | b',' | b'-' | b'/'))
        && after2.is_some_and(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Timelike;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s)
            .single()
            .unwrap_or_else(|| panic!("bad test date {y}-{mo}-{d}"))
    }

    fn day(y: i32, mo: u32, d: u32) -> DateTime<Utc> {
        utc(y, mo, d, 0, 0, 0)
    }

    #[track_caller]
    fn parses(s: &str, want: DateTime<Utc>) {
        assert_eq!(parse_date(s), Some(want), "parse_date({s:?})");
    }

    #[track_caller]
    fn refuses(s: &str) {
        assert_eq!(parse_date(s), None, "parse_date({s:?}) should be None");
    }

    // ----- parse_date: ISO / RFC 3339 -----

    #[test]
    fn iso_date_only() {
        parses("2017-05-13", day(2017, 5, 13));
        parses("  2017-05-13\n", day(2017, 5, 13));
        parses("2017-5-3", day(2017, 5, 3));
    }

    #[test]
    fn iso_with_time_and_zone() {
        parses("2017-05-13T06:02:00Z", utc(2017, 5, 13, 6, 2, 0));
        parses("2017-05-13t06:02:00z", utc(2017, 5, 13, 6, 2, 0));
        parses("2017-05-13T06:02:00+03:00", utc(2017, 5, 13, 3, 2, 0));
        parses("2017-05-13T06:02:00-05:00", utc(2017, 5, 13, 11, 2, 0));
        parses("2017-05-13T06:02:00+0300", utc(2017, 5, 13, 3, 2, 0));
        parses("2017-05-13T06:02:00+03", utc(2017, 5, 13, 3, 2, 0));
        parses("2017-05-13T06:02Z", utc(2017, 5, 13, 6, 2, 0));
        parses("2017-05-13 06:02:00", utc(2017, 5, 13, 6, 2, 0));
        parses("2017-05-13 06:02:00 UTC", utc(2017, 5, 13, 6, 2, 0));
        parses("2017-05-13 06:02:00 +0000", utc(2017, 5, 13, 6, 2, 0));
        parses("2017-05-13T06:02", utc(2017, 5, 13, 6, 2, 0));
    }

    #[test]
    fn iso_offset_crosses_midnight() {
        parses("2017-05-13T01:00:00+03:00", utc(2017, 5, 12, 22, 0, 0));
        parses("2017-12-31T23:00:00-02:00", utc(2018, 1, 1, 1, 0, 0));
    }

    #[test]
    fn iso_fractions() {
        let dt = parse_date("2017-05-13T06:02:00.123").unwrap_or_else(|| panic!("no parse"));
        assert_eq!(
            dt,
            utc(2017, 5, 13, 6, 2, 0) + chrono::Duration::milliseconds(123)
        );
        let dt = parse_date("2017-05-13T06:02:00.123456789Z").unwrap_or_else(|| panic!("no parse"));
        assert_eq!(dt.nanosecond(), 123_456_789);
        let dt = parse_date("2017-05-13T06:02:00,5+01:00").unwrap_or_else(|| panic!("no parse"));
        assert_eq!(
            dt,
            utc(2017, 5, 13, 5, 2, 0) + chrono::Duration::milliseconds(500)
        );
        // Digits past nanoseconds are read and dropped.
        let dt =
            parse_date("2017-05-13T06:02:00.1234567891234Z").unwrap_or_else(|| panic!("no parse"));
        assert_eq!(dt.nanosecond(), 123_456_789);
    }

    #[test]
    fn iso_leap_second() {
        let dt = parse_date("2016-12-31T23:59:60Z").unwrap_or_else(|| panic!("no parse"));
        assert_eq!(dt.second(), 59);
        assert!(dt > utc(2016, 12, 31, 23, 59, 59));
    }

    #[test]
    fn slashed_year_first() {
        parses("2017/05/13", day(2017, 5, 13));
        parses("2017/05/13 06:02", utc(2017, 5, 13, 6, 2, 0));
        refuses("2017/05-13");
    }

    // ----- parse_date: RFC 2822 -----

    #[test]
    fn javascript_date_string() {
        parses(
            "Sat May 13 2017 06:02:00 GMT+0000 (Coordinated Universal Time)",
            utc(2017, 5, 13, 6, 2, 0),
        );
        parses(
            "Sat May 13 2017 09:02:00 GMT+0300 (Moscow Standard Time)",
            utc(2017, 5, 13, 6, 2, 0),
        );
    }

    #[test]
    fn rfc2822() {
        parses("Sat, 13 May 2017 06:02:00 +0000", utc(2017, 5, 13, 6, 2, 0));
        parses("Sat, 13 May 2017 06:02:00 GMT", utc(2017, 5, 13, 6, 2, 0));
        parses("Sat, 13 May 2017 06:02:00 EST", utc(2017, 5, 13, 11, 2, 0));
        parses("Sat, 13 May 2017 06:02:00 EDT", utc(2017, 5, 13, 10, 2, 0));
        parses("Sat, 13 May 2017 06:02:00 PST", utc(2017, 5, 13, 14, 2, 0));
        parses("13 May 2017 06:02:00 +0200", utc(2017, 5, 13, 4, 2, 0));
        parses("Sat, 13 May 2017 06:02 -0500", utc(2017, 5, 13, 11, 2, 0));
        parses(
            "Sat, 13 May 2017 06:02:00 -0500 (EST)",
            utc(2017, 5, 13, 11, 2, 0),
        );
        parses(
            "Sat, 13 May 2017 06:02:00 +0000 (UTC)",
            utc(2017, 5, 13, 6, 2, 0),
        );
        parses("Sat,13 May 2017 06:02:00 +0000", utc(2017, 5, 13, 6, 2, 0));
        parses("13 May 2017 06:02:00 GMT+3", utc(2017, 5, 13, 3, 2, 0));
        parses(
            "13 May 2017 06:02:00 UTC-05:30",
            utc(2017, 5, 13, 11, 32, 0),
        );
    }

    #[test]
    fn unknown_zone_is_refused() {
        refuses("Sat, 13 May 2017 06:02:00 XYZ");
        refuses("2017-05-13T06:02:00+25:00");
        refuses("2017-05-13T06:02:00+03:75");
    }

    // ----- parse_date: textual forms -----

    #[test]
    fn textual_dates() {
        parses("May 13, 2017", day(2017, 5, 13));
        parses("May 13 2017", day(2017, 5, 13));
        parses("13 May 2017", day(2017, 5, 13));
        parses("13 May, 2017", day(2017, 5, 13));
        parses("Saturday, May 13, 2017", day(2017, 5, 13));
        parses("Saturday May 13, 2017", day(2017, 5, 13));
        parses("Sat. May 13, 2017", day(2017, 5, 13));
        parses("Sept. 13, 2017", day(2017, 9, 13));
        parses("Sept 13, 2017", day(2017, 9, 13));
        parses("13 Sept. 2017", day(2017, 9, 13));
        parses("Sep. 13, 2017", day(2017, 9, 13));
        parses("Jan. 2, 2018", day(2018, 1, 2));
        parses("December 31, 1999", day(1999, 12, 31));
        parses("MAY 13, 2017", day(2017, 5, 13));
        parses("may 13, 2017", day(2017, 5, 13));
        parses("May 13th, 2017", day(2017, 5, 13));
        parses("1st June 2017", day(2017, 6, 1));
        parses("13th of May, 2017", day(2017, 5, 13));
        parses("13-May-2017", day(2017, 5, 13));
        parses("June\u{a0}2,\u{a0}2017", day(2017, 6, 2));
        parses("Thursday, 1 June 2017", day(2017, 6, 1));
    }

    #[test]
    fn weekday_is_not_checked_against_date() {
        // 13 May 2017 was a Saturday; a wrong weekday is the source's mistake, not ours.
        parses("Mon, 13 May 2017", day(2017, 5, 13));
    }

    #[test]
    fn textual_with_time() {
        parses("May 13, 2017 at 6:02 am", utc(2017, 5, 13, 6, 2, 0));
        parses("May 13, 2017 at 6:02 pm", utc(2017, 5, 13, 18, 2, 0));
        parses("May 13, 2017 6:02 PM", utc(2017, 5, 13, 18, 2, 0));
        parses("May 13, 2017 6:02PM", utc(2017, 5, 13, 18, 2, 0));
        parses("May 13, 2017 6:02 p.m.", utc(2017, 5, 13, 18, 2, 0));
        parses("May 13, 2017 6:02 a.m.", utc(2017, 5, 13, 6, 2, 0));
        parses("May 13, 2017 at 6 pm", utc(2017, 5, 13, 18, 0, 0));
        parses("13 May 2017 18:02", utc(2017, 5, 13, 18, 2, 0));
        parses("May 13, 2017, 06:02 GMT", utc(2017, 5, 13, 6, 2, 0));
        parses("May 13, 2017, 6:02 pm EDT", utc(2017, 5, 13, 22, 2, 0));
        parses("May 13, 2017 6:02 PM ET", utc(2017, 5, 13, 23, 2, 0));
        parses("May 13, 2017 - 6:02 pm", utc(2017, 5, 13, 18, 2, 0));
        parses("May 13, 2017 @ 6:02 pm", utc(2017, 5, 13, 18, 2, 0));
        parses("May 13, 2017 6:02\u{202f}PM", utc(2017, 5, 13, 18, 2, 0));
        parses(
            "Saturday, May 13, 2017 18:02:09 +02:00",
            utc(2017, 5, 13, 16, 2, 9),
        );
    }

    #[test]
    fn twelve_am_and_pm() {
        parses("May 13, 2017 12:00 am", utc(2017, 5, 13, 0, 0, 0));
        parses("May 13, 2017 12:30 AM", utc(2017, 5, 13, 0, 30, 0));
        parses("May 13, 2017 12:00 pm", utc(2017, 5, 13, 12, 0, 0));
        parses("May 13, 2017 12:45 PM", utc(2017, 5, 13, 12, 45, 0));
        parses("May 13, 2017 11:59 pm", utc(2017, 5, 13, 23, 59, 0));
        refuses("May 13, 2017 13:00 pm");
        refuses("May 13, 2017 0:30 pm");
    }

    #[test]
    fn reuters_sgml_form() {
        let dt = parse_date("26-FEB-1987 15:01:01.79").unwrap_or_else(|| panic!("no parse"));
        assert_eq!(
            dt,
            utc(1987, 2, 26, 15, 1, 1) + chrono::Duration::milliseconds(790)
        );
        parses(
            " 26-FEB-1987 15:01:01.79",
            utc(1987, 2, 26, 15, 1, 1) + chrono::Duration::milliseconds(790),
        );
        parses(
            "3-MAR-1987 09:18:21.26",
            utc(1987, 3, 3, 9, 18, 21) + chrono::Duration::milliseconds(260),
        );
        parses("26-FEB-1987", day(1987, 2, 26));
    }

    #[test]
    fn unix_timestamps() {
        parses("1494655320", utc(2017, 5, 13, 6, 2, 0));
        parses("1494655320000", utc(2017, 5, 13, 6, 2, 0));
        parses(
            "1494655320123",
            utc(2017, 5, 13, 6, 2, 0) + chrono::Duration::milliseconds(123),
        );
        parses("999999999", utc(2001, 9, 9, 1, 46, 39));
        refuses("12345678"); // 8 digits: not a timestamp, not a date
        refuses("20170513"); // compact dates are not accepted
        refuses("12345678901234"); // 14 digits
        refuses("-1494655320");
    }

    // ----- parse_date: refusals -----

    #[test]
    fn invalid_calendar_dates() {
        refuses("31 February 2017");
        refuses("February 29, 2017");
        parses("February 29, 2016", day(2016, 2, 29));
        refuses("2017-02-31");
        refuses("2017-13-01");
        refuses("2017-00-10");
        refuses("2017-05-00");
        refuses("2017-04-31");
        refuses("May 32, 2017");
        refuses("2017-05-13T24:00:00Z");
        refuses("2017-05-13T23:60:00Z");
        refuses("2017-05-13T23:59:61Z");
    }

    #[test]
    fn years_out_of_range() {
        refuses("0000-01-01");
        refuses("0999-12-31");
        parses("1000-01-01", day(1000, 1, 1));
        parses("9999-12-31", day(9999, 12, 31));
        refuses("99999-01-01");
        refuses("May 13, 99999");
        refuses("May 13, 0017");
        // In range locally but past 9999 in UTC.
        refuses("9999-12-31T23:00:00-05:00");
    }

    #[test]
    fn ambiguous_and_partial_forms_are_refused() {
        refuses("13/05/2017");
        refuses("05/13/2017");
        refuses("13.05.2017");
        refuses("2017-05");
        refuses("May 2017");
        refuses("2017");
        refuses("May 13");
        refuses("13 May");
        refuses("May 13, 17");
    }

    #[test]
    fn garbage_is_refused() {
        refuses("");
        refuses("   ");
        refuses("garbage");
        refuses("not a date at all");
        refuses("May 13, 2017 and more");
        refuses("2017-05-13 garbage");
        refuses("2017-05-13T");
        refuses("2017-05-13T06");
        refuses("May 13, 2017 at");
        refuses("Mayday 13, 2017");
        refuses("Sat 13 Mayo 2017");
        refuses("2017-05-135");
        refuses("ñ");
        refuses("2017-05-13\u{0301}");
        refuses("日本 2017年5月13日");
        refuses("May\u{0}13, 2017");
    }

    #[test]
    fn very_long_strings_are_refused_quickly() {
        let long = "9".repeat(1_000_000);
        refuses(&long);
        let padded = format!("May 13, 2017{}", " x".repeat(200_000));
        refuses(&padded);
        let many_dates = "May 13, 2017 ".repeat(10_000);
        refuses(&many_dates);
        let unicode = "é".repeat(100_000);
        refuses(&unicode);
    }

    #[test]
    fn never_panics_on_any_prefix_of_tricky_inputs() {
        let inputs = [
            "Sat, 13 May 2017 06:02:00 +0000 (UTC)",
            "26-FEB-1987 15:01:01.79",
            "May 13, 2017 at 6:02 a.m. EDT",
            "2017-05-13T06:02:00.123+03:00",
            "Ünïcödé 13 Mäy 2017 — 6:02 pm",
            "13\u{a0}May\u{202f}2017 18:02 GMT+3",
        ];
        for input in inputs {
            for (i, _) in input.char_indices() {
                let _ = parse_date(&input[..i]);
                let _ = parse_date(&input[i..]);
                let _ = find_date_in_text(&input[i..], Some(2017));
                let _ = parse_bound(&input[i..], BoundSide::Until);
            }
        }
    }

    // ----- find_date_in_text -----

    #[track_caller]
    fn find(head: &str) -> FoundDate {
        find_date_in_text(head, None).unwrap_or_else(|| panic!("no date found in {head:?}"))
    }

    #[test]
    fn posted_line_with_time() {
        let head = "Some Headline\nPosted: May 13, 2017 at 6:02 am\nBody text here.";
        let f = find(head);
        assert_eq!(f.date, utc(2017, 5, 13, 6, 2, 0));
        assert_eq!(&head[f.line.clone()], "Posted: May 13, 2017 at 6:02 am");
        assert_eq!(f.line, 14..45);
        assert!(f.line_is_only_date);
    }

    #[test]
    fn labelled_forms() {
        let f = find("Posted on May 13, 2017");
        assert_eq!(f.date, day(2017, 5, 13));
        assert!(f.line_is_only_date);

        let f = find("Published 13 May 2017");
        assert_eq!(f.date, day(2017, 5, 13));
        assert!(f.line_is_only_date);

        let f = find("Published: 2017-05-13");
        assert_eq!(f.date, day(2017, 5, 13));
        assert!(f.line_is_only_date);

        let f = find("Date: 2017-04-12");
        assert_eq!(f.date, day(2017, 4, 12));
        assert!(f.line_is_only_date);

        let f = find("Dated: 12 April 2017");
        assert_eq!(f.date, day(2017, 4, 12));

        let f = find("Date: Wed, 12 Apr 2017 10:30:00 +0200");
        assert_eq!(f.date, utc(2017, 4, 12, 8, 30, 0));
        assert!(f.line_is_only_date);

        let f = find("PUBLISHED: APRIL 12, 2017 6:02 PM");
        assert_eq!(f.date, utc(2017, 4, 12, 18, 2, 0));
        assert!(f.line_is_only_date);

        let f = find("date: april 12, 2017");
        assert_eq!(f.date, day(2017, 4, 12));
    }

    #[test]
    fn label_with_byline_is_not_only_date() {
        let head = "Posted by Jane Doe on May 13, 2017";
        let f = find(head);
        assert_eq!(f.date, day(2017, 5, 13));
        assert_eq!(f.line, 0..head.len());
        assert!(!f.line_is_only_date);
    }

    #[test]
    fn labelled_date_later_beats_bare_date_earlier() {
        let head = "Headline\nJune 2, 2017\nBy Someone\nPublished: 2017-05-13\nText.";
        let f = find(head);
        assert_eq!(f.date, day(2017, 5, 13));
        assert_eq!(&head[f.line.clone()], "Published: 2017-05-13");
        assert_eq!(f.line, 33..54);
    }

    #[test]
    fn primary_label_beats_updated_label() {
        let head = "Updated: May 14, 2017 9:00 am\nPosted: May 13, 2017";
        let f = find(head);
        assert_eq!(f.date, day(2017, 5, 13));
        assert_eq!(f.line, 30..50);

        let head = "Published May 13, 2017 | Updated May 14, 2017";
        let f = find(head);
        assert_eq!(f.date, day(2017, 5, 13));
        assert!(!f.line_is_only_date);

        let head = "Updated May 14, 2017 | Published May 13, 2017";
        let f = find(head);
        assert_eq!(f.date, day(2017, 5, 13));
    }

    #[test]
    fn updated_beats_bare_and_is_used_alone() {
        let head = "In a speech on May 1, 2017, the minister said\nLast updated: May 14, 2017";
        let f = find(head);
        assert_eq!(f.date, day(2017, 5, 14));
        assert!(f.line_is_only_date);

        let f = find("Updated 3:45 PM ET, Fri May 12, 2017");
        assert_eq!(f.date, day(2017, 5, 12));
        assert!(!f.line_is_only_date);
    }

    #[test]
    fn label_takes_the_date_before_the_next_label() {
        // "Posted by X" has no date of its own before "Updated": the date belongs to Updated.
        let head = "Posted by Jane | Updated: May 14, 2017\nJune 2, 2017";
        let f = find(head);
        assert_eq!(f.date, day(2017, 5, 14));
    }

    #[test]
    fn lowercase_date_word_in_prose_is_not_a_label() {
        // "date" without capital or colon is just prose: the bare date wins by position.
        let head = "The release date moved to June 5, 2017.\nJune 2, 2017";
        let f = find(head);
        assert_eq!(f.date, day(2017, 6, 5));
        assert!(!f.line_is_only_date);
    }

    #[test]
    fn label_too_far_from_date_is_not_used() {
        let filler = "x".repeat(100);
        let head = format!("Posted by {filler} May 13, 2017\nDate: June 2, 2017");
        let f = find(&head);
        assert_eq!(f.date, day(2017, 6, 2));
    }

    #[test]
    fn bare_date_lines() {
        let head = "Headline\n\nJune 2, 2017\nBody";
        let f = find(head);
        assert_eq!(f.date, day(2017, 6, 2));
        assert_eq!(f.line, 10..22);
        assert!(f.line_is_only_date);

        let f = find("*April 12, 2017*");
        assert_eq!(f.date, day(2017, 4, 12));
        assert!(f.line_is_only_date);

        let f = find("_Saturday, May 13, 2017_");
        assert_eq!(f.date, day(2017, 5, 13));
        assert!(f.line_is_only_date);

        let f = find("2017-07-04");
        assert_eq!(f.date, day(2017, 7, 4));
        assert!(f.line_is_only_date);

        let f = find("— 13 May 2017 18:02 —");
        assert_eq!(f.date, utc(2017, 5, 13, 18, 2, 0));
        assert!(f.line_is_only_date);
    }

    #[test]
    fn bare_date_in_text_first_wins() {
        let head = "By Jane Doe, June 2, 2017 at 10:15 am\nOn July 4, 2017 something";
        let f = find(head);
        assert_eq!(f.date, utc(2017, 6, 2, 10, 15, 0));
        assert_eq!(f.line, 0..37);
        assert!(!f.line_is_only_date);
    }

    #[test]
    fn iso_date_in_text_not_part_of_longer_number() {
        let f = find("ref 12017-07-04 and id-2017-07-05 and 2017-07-046 and v1.2017-07-07\nreleased 2017-07-08.");
        assert_eq!(f.date, day(2017, 7, 8));
        assert_eq!(f.line.start, 68);
        let f = find("Filed 2017-07-04T10:30:00Z by the desk");
        assert_eq!(f.date, utc(2017, 7, 4, 10, 30, 0));
    }

    #[test]
    fn url_date_is_last_resort() {
        let head = "Source: https://example.com/news/2017/07/04/story-title\nSome text";
        let f = find(head);
        assert_eq!(f.date, day(2017, 7, 4));
        assert_eq!(f.line, 0..55);
        assert!(!f.line_is_only_date);

        // A bare date later in the head beats the URL date.
        let head = "https://example.com/2017/07/04/story\nJuly 5, 2017";
        let f = find(head);
        assert_eq!(f.date, day(2017, 7, 5));

        let f = find("see www.example.com/2017-07-04-story");
        assert_eq!(f.date, day(2017, 7, 4));
        assert!(!f.line_is_only_date);
    }

    #[test]
    fn dateline_with_year_elsewhere() {
        let head = "WASHINGTON, May 13 (Reuters) - The Senate voted on Friday.\n\n© 2017 Reuters";
        let f = find(head);
        assert_eq!(f.date, day(2017, 5, 13));
        assert_eq!(f.line, 0..58);
        assert!(!f.line_is_only_date);

        let head = "MOSCOW, Aug 8 - Russia said its 2016 budget was fine.";
        let f = find(head);
        assert_eq!(f.date, day(2016, 8, 8));

        let head = "NEW YORK, Sept. 3 (AP) — Markets rose.\nhttp://example.com/2015/09/03/markets";
        let f = find(head);
        assert_eq!(f.date, day(2015, 9, 3));
        assert_eq!(f.line, 0..40);

        let head = "ST. PAUL, Minn., Aug 8 -- Lawmakers met.\nIn August 2014 the ...";
        let f = find(head);
        assert_eq!(f.date, day(2014, 8, 8));
    }

    #[test]
    fn dateline_needs_a_year() {
        assert_eq!(
            find_date_in_text("WASHINGTON, May 13 (Reuters) - The Senate voted.", None),
            None
        );
        let f = find_date_in_text(
            "WASHINGTON, May 13 (Reuters) - The Senate voted.",
            Some(2019),
        )
        .unwrap_or_else(|| panic!("fallback year not used"));
        assert_eq!(f.date, day(2019, 5, 13));
        assert!(!f.line_is_only_date);
        // A year with context in the head beats the fallback; the fallback beats a lone number.
        let head = "MOSCOW, Aug 8 - text\nCopyright 2015";
        assert_eq!(
            find_date_in_text(head, Some(2019)).map(|f| f.date),
            Some(day(2015, 8, 8))
        );
        let head = "MOSCOW, Aug 8 - Sales in 2014 rose.";
        assert_eq!(
            find_date_in_text(head, Some(2019)).map(|f| f.date),
            Some(day(2019, 8, 8))
        );
        // Money is not a year.
        assert_eq!(
            find_date_in_text("MOSCOW, Aug 8 - It cost $2000.", None),
            None
        );
        // An impossible day for the year is dropped.
        assert_eq!(find_date_in_text("MOSCOW, Feb 29 - text", Some(2017)), None);
        assert_eq!(
            find_date_in_text("MOSCOW, Feb 29 - text", Some(2016)).map(|f| f.date),
            Some(day(2016, 2, 29))
        );
        // A fallback year out of range is ignored.
        assert_eq!(find_date_in_text("MOSCOW, Aug 8 - text", Some(99999)), None);
    }

    #[test]
    fn dateline_place_must_be_short() {
        let head = format!("{}, May 13 - text", "A".repeat(61));
        assert_eq!(find_date_in_text(&head, Some(2017)), None);
        let head = format!("{}, May 13 - text", "A".repeat(60));
        assert_eq!(
            find_date_in_text(&head, Some(2017)).map(|f| f.date),
            Some(day(2017, 5, 13))
        );
        let head = "SÃO PAULO, May 13 (Reuters) - text";
        assert_eq!(
            find_date_in_text(head, Some(2017)).map(|f| f.date),
            Some(day(2017, 5, 13))
        );
        // Running text that happens to start with a capital is not a dateline.
        let head = "The vote, May 13 was - odd";
        assert_eq!(find_date_in_text(head, Some(2017)), None);
    }

    #[test]
    fn bare_date_beats_dateline() {
        let head = "WASHINGTON, May 13 (Reuters) - The Senate voted.\nJune 2, 2017";
        let f = find(head);
        assert_eq!(f.date, day(2017, 6, 2));
        assert_eq!(f.line, 49..61);
    }

    #[test]
    fn crlf_lines() {
        let head = "Title\r\nPosted: May 13, 2017\r\nBody\r\n";
        let f = find(head);
        assert_eq!(f.date, day(2017, 5, 13));
        assert_eq!(&head[f.line.clone()], "Posted: May 13, 2017");
        assert_eq!(f.line, 7..27);
    }

    #[test]
    fn nothing_found() {
        assert_eq!(find_date_in_text("", None), None);
        assert_eq!(
            find_date_in_text("Just a headline\nand some text", Some(2017)),
            None
        );
        assert_eq!(
            find_date_in_text("We may 13 times try in May 2017", None),
            None
        );
        assert_eq!(
            find_date_in_text("Posted: yesterday\nUpdated: May 13", None),
            None
        );
        assert_eq!(find_date_in_text("Meeting on 05/13/2017", None), None);
        assert_eq!(find_date_in_text("31 February 2017", None), None);
    }

    #[test]
    fn many_labels_on_one_huge_line_stay_fast() {
        let line = format!("{}1", "Date ".repeat(100_000));
        let start = std::time::Instant::now();
        assert_eq!(find_date_in_text(&line, Some(2017)), None);
        let mut line = "Posted é ".repeat(50_000);
        line.push_str("Posted: May 13, 2017");
        assert_eq!(find(&line).date, day(2017, 5, 13));
        assert!(start.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn floor_char_boundary_never_splits_a_char() {
        let s = "aé日";
        assert_eq!(floor_char_boundary(s, 0), 0);
        assert_eq!(floor_char_boundary(s, 2), 1);
        assert_eq!(floor_char_boundary(s, 3), 3);
        assert_eq!(floor_char_boundary(s, 5), 3);
        assert_eq!(floor_char_boundary(s, 6), 6);
        assert_eq!(floor_char_boundary(s, 100), 6);
    }

    #[test]
    fn huge_and_non_ascii_heads() {
        let huge = "x1 ".repeat(200_000);
        assert_eq!(find_date_in_text(&huge, Some(2017)), None);
        let mut head = "日本語のテキスト 2017年\n".repeat(50);
        head.push_str("Publié: 13 mai 2017\nPosted: 13 May 2017");
        let f = find(&head);
        assert_eq!(f.date, day(2017, 5, 13));
        assert_eq!(&head[f.line.clone()], "Posted: 13 May 2017");
        let f = find("Zürich—May 13, 2017—€5");
        assert_eq!(f.date, day(2017, 5, 13));
    }

    // ----- parse_bound -----

    #[track_caller]
    fn bound(s: &str, side: BoundSide) -> DateTime<Utc> {
        parse_bound(s, side).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn bound_year() {
        assert_eq!(bound("2017", BoundSide::Since), utc(2017, 1, 1, 0, 0, 0));
        assert_eq!(
            bound("2017", BoundSide::Until),
            utc(2017, 12, 31, 23, 59, 59)
        );
        assert_eq!(
            bound(" 2017 ", BoundSide::Until),
            utc(2017, 12, 31, 23, 59, 59)
        );
    }

    #[test]
    fn bound_month() {
        assert_eq!(bound("2017-05", BoundSide::Since), utc(2017, 5, 1, 0, 0, 0));
        assert_eq!(
            bound("2017-05", BoundSide::Until),
            utc(2017, 5, 31, 23, 59, 59)
        );
        assert_eq!(bound("2017-5", BoundSide::Since), utc(2017, 5, 1, 0, 0, 0));
        assert_eq!(
            bound("2017-02", BoundSide::Until),
            utc(2017, 2, 28, 23, 59, 59)
        );
        assert_eq!(
            bound("2016-02", BoundSide::Until),
            utc(2016, 2, 29, 23, 59, 59)
        );
        assert_eq!(
            bound("2017-04", BoundSide::Until),
            utc(2017, 4, 30, 23, 59, 59)
        );
        assert_eq!(
            bound("2017-12", BoundSide::Until),
            utc(2017, 12, 31, 23, 59, 59)
        );
        assert_eq!(
            bound("9999-12", BoundSide::Until),
            utc(9999, 12, 31, 23, 59, 59)
        );
    }

    #[test]
    fn bound_day() {
        assert_eq!(
            bound("2017-05-13", BoundSide::Since),
            utc(2017, 5, 13, 0, 0, 0)
        );
        assert_eq!(
            bound("2017-05-13", BoundSide::Until),
            utc(2017, 5, 13, 23, 59, 59)
        );
        assert_eq!(
            bound("2017-5-3", BoundSide::Until),
            utc(2017, 5, 3, 23, 59, 59)
        );
    }

    #[test]
    fn bound_timestamps_are_themselves() {
        for side in [BoundSide::Since, BoundSide::Until] {
            assert_eq!(
                bound("2017-05-13T06:02:00Z", side),
                utc(2017, 5, 13, 6, 2, 0)
            );
            assert_eq!(
                bound("2017-05-13T06:02:00+02:00", side),
                utc(2017, 5, 13, 4, 2, 0)
            );
            assert_eq!(bound("2017-05-13T06:02", side), utc(2017, 5, 13, 6, 2, 0));
            assert_eq!(
                bound("2017-05-13 06:02:00", side),
                utc(2017, 5, 13, 6, 2, 0)
            );
        }
    }

    #[test]
    fn bound_errors() {
        for bad in [
            "",
            "garbage",
            "17",
            "0000",
            "0999",
            "99999",
            "2017-13",
            "2017-00",
            "2017-02-30",
            "2017-05-13T25:00",
            "2017-05-13T06:02:00Zjunk",
            "2017/05/13",
            "May 2017",
            "13/05/2017",
            "2017-05-",
            "2017-",
        ] {
            for side in [BoundSide::Since, BoundSide::Until] {
                assert_eq!(
                    parse_bound(bad, side),
                    Err(DateBoundError {
                        input: bad.to_string()
                    }),
                    "{bad:?}"
                );
            }
        }
    }

    #[test]
    fn bound_error_message_lists_forms() {
        let err = parse_bound("soon", BoundSide::Since)
            .err()
            .unwrap_or_else(|| panic!("accepted"));
        assert_eq!(
            err.to_string(),
            "cannot read \"soon\" as a date: use YYYY, YYYY-MM, YYYY-MM-DD or an RFC 3339 timestamp such as 2017-05-13T06:02:00Z"
        );
    }

    #[test]
    fn label_precheck_agrees_with_label_regex() {
        for line in [
            "Posted: x",
            "PUBLISHED",
            "publication date",
            "Dated",
            "Last Updated",
            "modified",
            "First published",
            "Originally Published",
        ] {
            assert!(may_have_label(line), "{line:?}");
            assert!(LABEL.is_match(line), "{line:?}");
        }
        assert!(!may_have_label("nothing to see 2017"));
        assert!(!may_have_label(""));
        assert!(!may_have_label("pub"));
    }

    #[test]
    fn regexes_compile() {
        // `compile` never panics but falls back to a never-matching regex: make sure none did.
        assert!(DATE_START.is_match("May 13, 2017"));
        assert!(LABEL.is_match("Posted"));
        assert!(DATELINE.is_match("WASHINGTON, May 13 (Reuters) - x"));
        assert!(CONTEXT_YEAR.is_match("© 2017"));
        assert!(LONE_YEAR.is_match("in 2017"));
        let never = compile("(");
        assert!(!never.is_match(""));
        assert!(!never.is_match("anything at all"));
    }
}
