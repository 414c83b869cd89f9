//! Snippets: the passage of an article that best shows why it matched, with the query's
//! words marked.
//!
//! A passage is chosen for how many *distinct* query words it holds close together (so a
//! phrase, whose words stand side by side, counts whole), then for how tightly they sit, not
//! for the score of single terms. It starts at a sentence boundary when one is near, never
//! cuts a word, and marks every form the stemmer maps to a query word (`tariffs` for
//! `tariff`), because the body is analysed with the index's own analyzer.

use tantivy::tokenizer::TextAnalyzer;

use crate::index::analyzer;

/// Bodies longer than this are searched for a passage only in their first part, which keeps
/// the cost of a snippet bounded on huge documents.
const MAX_SCANNED_BYTES: usize = 1 << 20;
/// Context shown before the first match when the passage cannot start a sentence.
const LEAD_IN: usize = 30;
/// Marks text cut at the start or end of a snippet.
const ELLIPSIS: char = '…';

/// A passage and the character ranges of the query words within it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snippet {
    /// The passage, whitespace squashed.
    pub text: String,
    /// `[start, end)` of each highlighted word, in characters (code points) of `text`.
    pub highlights: Vec<[usize; 2]>,
}

/// Builds snippets for one query; reusable across hits.
pub struct Highlighter {
    terms: Vec<String>,
    /// First characters of the terms. Stemming changes only the ends of words, so a word can
    /// stem to a term only if it starts like one; the others need no stemming, which is most
    /// of a snippet's cost.
    initials: Vec<char>,
    /// Splits the body into lower-cased, accent-folded words, as the index does before it
    /// drops function words and stems.
    words: TextAnalyzer,
    analyzer: TextAnalyzer,
}

/// A query word found in the body, in characters.
#[derive(Debug, Clone, Copy)]
struct Match {
    start: usize,
    end: usize,
    term: usize,
}

impl Highlighter {
    /// A highlighter for the analysed query words `terms`.
    pub fn new(terms: &[String]) -> Highlighter {
        let mut initials: Vec<char> = terms.iter().filter_map(|t| t.chars().next()).collect();
        initials.sort_unstable();
        initials.dedup();
        Highlighter {
            terms: terms.to_vec(),
            initials,
            words: analyzer::word_splitter(),
            analyzer: analyzer::analyzer(),
        }
    }

    /// The best passage of `body` of about `max_chars` characters.
    pub fn snippet(&mut self, body: &str, max_chars: usize) -> Snippet {
        let max_chars = max_chars.max(20);
        let scanned = &body[..floor_char_boundary(body, MAX_SCANNED_BYTES)];
        let chars: Vec<(usize, char)> = scanned.char_indices().collect();
        let matches = self.find_matches(scanned, &chars);
        let (start, end) = choose_window(&chars, &matches, max_chars);
        render(&chars, start, end, &matches)
    }

    fn find_matches(&mut self, text: &str, chars: &[(usize, char)]) -> Vec<Match> {
        let mut matches = Vec::new();
        if self.terms.is_empty() {
            return matches;
        }
        let mut stream = self.words.token_stream(text);
        let mut char_cursor = 0usize;
        let mut to_char = |byte: usize| {
            while char_cursor < chars.len() && chars[char_cursor].0 < byte {
                char_cursor += 1;
            }
            char_cursor
        };
        while let Some(token) = stream.next() {
            let initial = token.text.chars().next();
            if !initial.is_some_and(|c| self.initials.contains(&c)) {
                continue;
            }
            let mut analysed = self.analyzer.token_stream(&token.text);
            let Some(word) = analysed.next() else {
                continue;
            };
            if let Some(term) = self.terms.iter().position(|t| *t == word.text) {
                let start = to_char(token.offset_from);
                let end = to_char(token.offset_to);
                matches.push(Match { start, end, term });
            }
        }
        matches
    }
}

/// Chooses the snippet's character range `[start, end)`.
///
/// Candidate starts are the start of the sentence around each match (when the match would
/// still fit), a little lead-in before each match, and the start that ends the window on
/// each match. The window from each candidate is
/// scored by the distinct query words it holds whole, then by starting a sentence, then by
/// the number of matches, then by coming first.
fn choose_window(chars: &[(usize, char)], matches: &[Match], max_chars: usize) -> (usize, usize) {
    let mut starts: Vec<(usize, bool)> = Vec::with_capacity(matches.len() * 2);
    for m in matches {
        let limit = m.start.saturating_sub(max_chars * 3 / 4);
        if let Some(s) = sentence_start(chars, m.start, limit) {
            starts.push((s, true));
        }
        starts.push((lead_in_start(chars, m.start), false));
        // A window that ends with this match, to catch words that precede it closely.
        starts.push((
            next_word_start(chars, m.end.saturating_sub(max_chars)),
            false,
        ));
    }
    let mut best: Option<(WindowKey, usize)> = None;
    let mut distinct: Vec<usize> = Vec::new();
    for (start, at_sentence) in starts {
        let limit = start + max_chars;
        let first = matches.partition_point(|m| m.start < start);
        distinct.clear();
        let mut count = 0;
        for m in matches[first..].iter().take_while(|m| m.end <= limit) {
            count += 1;
            if !distinct.contains(&m.term) {
                distinct.push(m.term);
            }
        }
        let key = (distinct.len(), at_sentence, count, std::cmp::Reverse(start));
        if best.as_ref().is_none_or(|(k, _)| key > *k) {
            best = Some((key, start));
        }
    }
    let start = best.map_or_else(|| skip_space(chars, 0), |(_, start)| start);
    let last_match_end = matches
        .iter()
        .filter(|m| m.start >= start && m.end <= start + max_chars)
        .map(|m| m.end)
        .max()
        .unwrap_or(start);
    let end = (start + max_chars).min(chars.len());
    let end = if end < chars.len() {
        word_end_before(chars, end, last_match_end)
    } else {
        end
    };
    (start, end)
}

/// Ranks candidate windows: distinct words, sentence start, matches, earliness.
type WindowKey = (usize, bool, usize, std::cmp::Reverse<usize>);

fn is_sentence_end(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '。')
}

/// The start of the sentence holding `pos`, if it begins at or after `limit`.
fn sentence_start(chars: &[(usize, char)], pos: usize, limit: usize) -> Option<usize> {
    let mut i = pos.min(chars.len());
    loop {
        if (i == 0 || chars[i - 1].1.is_whitespace()) && starts_sentence(chars, i) {
            return Some(skip_space(chars, i));
        }
        if i <= limit {
            return None;
        }
        i -= 1;
    }
}

/// True when `pos` begins a sentence: it opens the text or a paragraph (a blank line before
/// it), or the text before it, past white space, ends with sentence punctuation. A single line
/// break is not enough, because wire copy breaks lines mid-sentence.
fn starts_sentence(chars: &[(usize, char)], pos: usize) -> bool {
    let mut i = pos.min(chars.len());
    let mut newlines = 0;
    while i > 0 && chars[i - 1].1.is_whitespace() {
        newlines += usize::from(chars[i - 1].1 == '\n');
        i -= 1;
    }
    if i == 0 || newlines >= 2 {
        return true;
    }
    if i == pos {
        return false;
    }
    let before = chars[i - 1].1;
    let before_quote = if i >= 2 { chars[i - 2].1 } else { ' ' };
    is_sentence_end(before)
        || (matches!(before, '"' | '\'' | '”' | '’' | ')') && is_sentence_end(before_quote))
}

fn skip_space(chars: &[(usize, char)], mut i: usize) -> usize {
    while i < chars.len() && chars[i].1.is_whitespace() {
        i += 1;
    }
    i
}

/// Moves `pos` back to the start of the word it is in.
fn word_start(chars: &[(usize, char)], mut pos: usize) -> usize {
    while pos > 0 && !chars[pos - 1].1.is_whitespace() {
        pos -= 1;
    }
    pos
}

/// Where to start a passage that leads in to a match at `pos`: at the start of a word about
/// [`LEAD_IN`] characters before it. A long unbroken token there (a URL) is not walked back
/// over: the passage then starts after it.
fn lead_in_start(chars: &[(usize, char)], pos: usize) -> usize {
    let from = pos.saturating_sub(LEAD_IN);
    let back = word_start(chars, from);
    if from - back <= LEAD_IN {
        return back;
    }
    let mut next = from;
    while next < pos && !chars[next].1.is_whitespace() {
        next += 1;
    }
    skip_space(chars, next).min(pos)
}

/// The first word start at or after `pos`.
fn next_word_start(chars: &[(usize, char)], mut pos: usize) -> usize {
    if pos > 0 {
        while pos < chars.len() && !chars[pos - 1].1.is_whitespace() {
            pos += 1;
        }
    }
    skip_space(chars, pos)
}

/// Moves `pos` (a cut inside the text) back to the end of the previous whole word, but not
/// before `floor`, the end of the last match the passage must keep. When the cut falls in the
/// word that holds that match, the passage ends after that word instead.
fn word_end_before(chars: &[(usize, char)], pos: usize, floor: usize) -> usize {
    let mut end = pos;
    while end > floor && !chars[end].1.is_whitespace() {
        end -= 1;
    }
    if !chars[end].1.is_whitespace() {
        end = floor;
        while end < chars.len() && !chars[end].1.is_whitespace() {
            end += 1;
        }
    }
    while end > floor && chars[end - 1].1.is_whitespace() {
        end -= 1;
    }
    end
}

/// Writes the characters `[start, end)` with whitespace squashed, ellipses where text was
/// cut, and highlight ranges mapped into the output.
fn render(chars: &[(usize, char)], start: usize, end: usize, matches: &[Match]) -> Snippet {
    let mut text = String::new();
    let mut out_len = 0usize;
    let mut highlights = Vec::new();
    if !starts_sentence(chars, start) {
        text.push(ELLIPSIS);
        out_len += 1;
    }
    let mut in_space = false;
    let mut next_match = matches
        .iter()
        .filter(|m| m.start >= start && m.end <= end)
        .peekable();
    let mut open: Option<(usize, usize)> = None;
    for (i, &(_, c)) in chars.iter().enumerate().take(end).skip(start) {
        if let Some(m) = next_match.peek() {
            if m.start == i {
                open = Some((out_len, m.end));
                next_match.next();
            }
        }
        if c.is_whitespace() {
            if !in_space {
                text.push(' ');
                out_len += 1;
            }
            in_space = true;
        } else {
            text.push(c);
            out_len += 1;
            in_space = false;
        }
        if let Some((from, until)) = open {
            if i + 1 == until {
                highlights.push([from, out_len]);
                open = None;
            }
        }
    }
    if end < chars.len() {
        text.push(ELLIPSIS);
    }
    Snippet { text, highlights }
}

fn floor_char_boundary(s: &str, max: usize) -> usize {
    if max >= s.len() {
        return s.len();
    }
    let mut i = max;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &Snippet) -> Vec<String> {
        let chars: Vec<char> = s.text.chars().collect();
        s.highlights
            .iter()
            .map(|[a, b]| chars[*a..*b].iter().collect())
            .collect()
    }

    fn terms(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn prefers_passage_with_most_distinct_words() {
        let body = "Lavrov spoke about Syria at length. Lavrov repeated it. Lavrov again. \
            Filler sentence about the weather and markets that goes on and on for a while longer. \
            More filler text here to push the next part well away from the start of the article body. \
            Then Lavrov raised North Korea with the president.";
        let mut h = Highlighter::new(&terms(&["lavrov", "north", "korea"]));
        let s = h.snippet(body, 100);
        assert!(
            s.text.starts_with("Then Lavrov raised North Korea"),
            "{}",
            s.text
        );
        assert_eq!(words(&s), vec!["Lavrov", "North", "Korea"]);
    }

    #[test]
    fn highlights_stemmed_forms_and_never_cuts_words() {
        let body =
            "The department said tariffs on imported steel could rise. Officials weigh curbs.";
        let mut h = Highlighter::new(&terms(&["tariff"]));
        let s = h.snippet(body, 30);
        assert_eq!(words(&s), vec!["tariffs"]);
        let plain = s.text.trim_matches(ELLIPSIS);
        assert!(body.contains(plain), "{plain:?} is not a whole-word slice");
        assert!(s.text.chars().count() <= 32);
    }

    #[test]
    fn offsets_count_characters_not_bytes() {
        let body = "Über café culture in Zürich, officials said tariffs matter.";
        let mut h = Highlighter::new(&terms(&["zurich", "tariff"]));
        let s = h.snippet(body, 200);
        assert_eq!(words(&s), vec!["Zürich", "tariffs"]);
    }

    #[test]
    fn a_single_line_break_does_not_start_a_sentence() {
        let body = "Showers continued throughout the week in\nthe Bahia cocoa zone, said traders.";
        let mut h = Highlighter::new(&terms(&["cocoa"]));
        let s = h.snippet(body, 200);
        assert!(s.text.starts_with("Showers continued"), "{}", s.text);
        assert_eq!(words(&s), vec!["cocoa"]);
    }

    #[test]
    fn a_long_token_before_the_match_is_not_walked_back_over() {
        let url = format!("http://example.com/{}", "a".repeat(300));
        let body = format!("Source: {url} The harbour master said the walrus had returned.");
        let mut h = Highlighter::new(&terms(&["walrus"]));
        let s = h.snippet(&body, 200);
        assert_eq!(words(&s), vec!["walrus"], "{}", s.text);
        assert!(s.text.chars().count() <= 202, "{}", s.text);
    }

    #[test]
    fn a_cut_right_after_the_last_match_keeps_to_the_length() {
        let body =
            "The harbour master announced that the old swing bridge would close for repairs.";
        let mut h = Highlighter::new(&terms(&["swing", "bridg"]));
        let s = h.snippet(body, 40);
        assert_eq!(words(&s), vec!["swing", "bridge"], "{}", s.text);
        assert!(s.text.chars().count() <= 42, "{:?}", s.text);
    }

    #[test]
    fn no_match_gives_the_opening() {
        let mut h = Highlighter::new(&terms(&["absent"]));
        let s = h.snippet("First sentence here. Second one.", 200);
        assert_eq!(s.text, "First sentence here. Second one.");
        assert!(s.highlights.is_empty());
    }
}
