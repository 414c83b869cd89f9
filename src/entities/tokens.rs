//! Tokenisation for entity extraction: words with the facts the extractor needs about their
//! surroundings (sentence start, whether anything breaks a name between two words).

use super::lists::{self, cls};

/// One word of a text.
#[derive(Debug, Clone, Copy)]
pub(super) struct Word<'a> {
    pub(super) text: &'a str,
    /// First word of a sentence (or of a line after a blank line, or of the text).
    pub(super) sent_start: bool,
    /// Nothing but spaces (at most one line break) between the previous word and this one.
    pub(super) joined: bool,
    /// An "&" stands between the previous word and this one ("Johnson & Johnson").
    pub(super) amp: bool,
    /// The word's classes ([`lists::cls`]) if it is capitalised (else 0); see [`Word::classes`].
    pub(super) class: u32,
    /// A possessive "'s" followed the word in the text (and is not part of `text`).
    pub(super) poss: bool,
}

impl Word<'_> {
    pub(super) fn is_cap(&self) -> bool {
        starts_upper(self.text)
    }

    /// The word's classes: looked up in the tokeniser for capitalised words (name candidates),
    /// on demand for the rest (most words, rarely needed).
    pub(super) fn classes(&self) -> u32 {
        if self.is_cap() {
            self.class
        } else {
            lists::class(self.text)
        }
    }
}

/// Whether a word starts with an upper-case letter (ASCII first, cheaply).
#[inline]
fn starts_upper(word: &str) -> bool {
    match word.as_bytes().first() {
        Some(&b) if b < 128 => b.is_ascii_uppercase(),
        _ => word.chars().next().is_some_and(char::is_uppercase),
    }
}

/// Whether the full stop after `word` marks an abbreviation ("Mr.", "Corp.", "vs.").
fn is_abbreviation(word: &str) -> bool {
    if starts_upper(word) {
        lists::class(word) & cls::ABBREVIATION != 0
    } else {
        // Few abbreviations are lower case ("vs"): the small list answers without the big table.
        lists::ABBREVIATIONS.contains(word)
    }
}

/// Classes of a word at tokenisation: only capitalised words are looked up.
#[inline]
fn cap_class(word: &str) -> u32 {
    if starts_upper(word) {
        lists::class(word)
    } else {
        0
    }
}

/// A word of a name candidate with its classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Tok<'a> {
    pub(super) s: &'a str,
    pub(super) c: u32,
}

/// [`Tok::c`] of a word whose classes are looked up only when asked for.
pub(super) const LAZY: u32 = u32::MAX;

impl<'a> Tok<'a> {
    /// A token for `w`: the classes of a lower-case word (a context word, "of", a particle) are
    /// left to be looked up if a rule asks for them.
    pub(super) fn of(w: &Word<'a>) -> Tok<'a> {
        Tok {
            s: w.text,
            c: if w.is_cap() { w.class } else { LAZY },
        }
    }

    /// Whether the word is capitalised and in one of the classes `bits`: no lookup for the
    /// lower-case words inside a name ("of", "and").
    #[inline]
    pub(super) fn cap_is(&self, bits: u32) -> bool {
        self.c != LAZY && self.c & bits != 0
    }

    pub(super) fn is(&self, bits: u32) -> bool {
        let c = if self.c == LAZY {
            lists::class(self.s)
        } else {
            self.c
        };
        c & bits != 0
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Splits `text` into words. Stock tickers in angle brackets are skipped; a hyphenated word is
/// split when one of its parts is a place or nationality or a common lower-case word
/// ("US-Japan", "London-based"), and kept whole otherwise ("Coca-Cola").
pub(super) fn words(text: &str) -> Vec<Word<'_>> {
    let mut out: Vec<Word> = Vec::with_capacity(text.len() / 5);
    let bytes = text.as_bytes();
    let mut brk = true;
    let mut sent = true;
    let mut amp = false;
    let mut newlines = 0;
    let mut i = 0;
    while i < text.len() {
        let b = bytes[i];
        let c = if b < 128 {
            b as char
        } else {
            text[i..].chars().next().unwrap_or(' ')
        };
        let clen = c.len_utf8();
        if b.is_ascii_lowercase() || b.is_ascii_uppercase() || b.is_ascii_digit() {
            // The common case, a word: handled below.
        } else if c.is_whitespace() {
            if c == '\n' {
                newlines += 1;
                if newlines >= 2 {
                    brk = true;
                    sent = true;
                }
            }
            i += clen;
            continue;
        }
        newlines = 0;
        if (b >= 128 && !is_word_char(c)) || (b < 128 && !b.is_ascii_alphanumeric()) {
            match c {
                '.' | '!' | '?' | ':' => {
                    brk = true;
                    sent = true;
                }
                '&' => amp = true,
                '<' => {
                    // A stock ticker such as <GE> or <BRBK.O>: skip it.
                    let window = &bytes[i..text.len().min(i + 24)];
                    if let Some(end) = window.iter().position(|&x| x == b'>') {
                        i += end + 1;
                        brk = true;
                        continue;
                    }
                    brk = true;
                }
                _ => brk = true,
            }
            i += clen;
            continue;
        }
        // A word: alphanumerics joined by ' - & or, in dotted abbreviations (U.S.), by dots.
        let start = i;
        let mut j = i + clen;
        let mut seg_len = 1;
        let mut dotted = false;
        let mut hyphen = false;
        while j < text.len() {
            let b = bytes[j];
            if b.is_ascii_alphanumeric() {
                seg_len += 1;
                j += 1;
                continue;
            }
            let d = if b < 128 {
                // Most words end at a space or a punctuation mark that joins nothing.
                if !matches!(b, b'\'' | b'-' | b'&' | b'.') {
                    break;
                }
                b as char
            } else {
                text[j..].chars().next().unwrap_or(' ')
            };
            if b >= 128 && is_word_char(d) {
                seg_len += 1;
                j += d.len_utf8();
                continue;
            }
            let next = text[j + d.len_utf8()..].chars().next();
            let next_alnum = next.is_some_and(is_word_char);
            if matches!(d, '\'' | '’' | '-' | '&') && next_alnum {
                hyphen |= d == '-';
                seg_len = 0;
                j += d.len_utf8() + next.map_or(0, char::len_utf8);
                seg_len += 1;
                continue;
            }
            if d == '.' && seg_len == 1 && next_alnum && next.is_some_and(char::is_uppercase) {
                dotted = true;
                j += 1;
                seg_len = 0;
                continue;
            }
            break;
        }
        let mut word = &text[start..j];
        let mut initial = false;
        // A closing dot of an abbreviation belongs to it and does not end the sentence.
        if bytes.get(j) == Some(&b'.') {
            let single_cap = word.len() == 1 && word.chars().all(|c| c.is_ascii_uppercase());
            // An initial ("Dennis A. Levine") is no word: "A." must not stop a name as "A" does.
            initial = single_cap;
            if dotted || single_cap {
                j += 1;
                word = &text[start..j];
            } else if is_abbreviation(word) {
                // "Mr." and the like: the dot does not end the sentence, the name goes on.
                j += 1;
            }
        }
        let mut possessive = false;
        if word.ends_with('s') {
            for suffix in ["'s", "’s"] {
                if let Some(w) = word.strip_suffix(suffix) {
                    word = w;
                    possessive = true;
                }
            }
        }
        i = j;
        if hyphen && split_hyphenated(word) {
            let mut first = true;
            for part in word.split('-') {
                if part.is_empty() {
                    continue;
                }
                out.push(Word {
                    text: part,
                    sent_start: sent && first,
                    joined: !brk && first,
                    amp: amp && first,
                    class: cap_class(part),
                    poss: false,
                });
                first = false;
            }
            brk = true;
        } else {
            out.push(Word {
                text: word,
                sent_start: sent,
                joined: !brk,
                amp,
                class: if initial { 0 } else { cap_class(word) },
                poss: possessive,
            });
            brk = possessive;
        }
        sent = false;
        amp = false;
    }
    out
}

fn split_hyphenated(word: &str) -> bool {
    word.split('-').any(|part| {
        let lower = part.chars().next().is_some_and(char::is_lowercase);
        let class = lists::class(part);
        if lower {
            return class & cls::COMMON != 0;
        }
        class & (cls::DEMONYM | cls::PLACE1) != 0
    })
}
