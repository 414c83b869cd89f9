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
    /// [`CAP`] and the word's classes ([`lists::cls`]) if it is capitalised, else 0; see
    /// [`Word::classes`].
    pub(super) class: u32,
    /// A possessive "'s" followed the word in the text (and is not part of `text`).
    pub(super) poss: bool,
}

/// The bit of [`Word::class`] that marks a capitalised word: set once by the tokeniser, where
/// every rule would otherwise read the first letter again. No list's class uses it.
pub(super) const CAP: u32 = 1 << 31;

impl Word<'_> {
    #[inline]
    pub(super) fn is_cap(&self) -> bool {
        self.class & CAP != 0
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

/// Classes of a word at tokenisation, with [`CAP`]: only capitalised words are looked up.
#[inline]
fn cap_class(word: &str) -> u32 {
    if starts_upper(word) {
        lists::class(word) | CAP
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

/// What the tokeniser does with an ASCII byte, read from [`ASCII_KIND`].
const ALNUM: u8 = 0;
const SPACE: u8 = 1;
const NEWLINE: u8 = 2;
const PUNCT: u8 = 3;

/// [`ALNUM`], [`SPACE`], [`NEWLINE`] or [`PUNCT`] for every ASCII byte (and [`PUNCT`] for the
/// rest, which are decoded as characters): one load instead of a chain of comparisons per byte.
static ASCII_KIND: [u8; 256] = {
    let mut t = [PUNCT; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphanumeric() {
            ALNUM
        } else if c == b'\n' {
            NEWLINE
        } else if matches!(c, 9..=13 | b' ') {
            // The ASCII characters `char::is_whitespace` accepts (vertical tab included).
            SPACE
        } else {
            PUNCT
        };
        b += 1;
    }
    t
};

#[inline]
fn is_ascii_alnum(b: u8) -> bool {
    ASCII_KIND[usize::from(b)] == ALNUM
}

/// The end of the run of ASCII letters and digits at `j`, read eight bytes at a time.
#[inline]
fn alnum_end(bytes: &[u8], mut j: usize) -> usize {
    while let Some(chunk) = bytes.get(j..j + 8) {
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        let x = u64::from_le_bytes(w);
        let low = x & !lists::HIGH;
        let alnum = (lists::bytes_in_range(low | (lists::HIGH >> 2), b'a', b'z')
            | lists::bytes_in_range(low, b'0', b'9'))
            & !x;
        let other = !alnum & lists::HIGH;
        if other != 0 {
            return j + (other.trailing_zeros() / 8) as usize;
        }
        j += 8;
    }
    while j < bytes.len() && is_ascii_alnum(bytes[j]) {
        j += 1;
    }
    j
}

/// The words of a text, with what the tokeniser learns about them on the way.
pub(super) struct Tokens<'a> {
    pub(super) words: Vec<Word<'a>>,
    /// Where the blank lines are (the byte offset of the line break that makes each one): the
    /// paragraph breaks.
    pub(super) blank_lines: Vec<usize>,
    /// The classes of all the words together ([`Word::class`]): a rule about a class that no
    /// word has need not read the words.
    pub(super) classes: u32,
}

/// [`tokenise_into`] a new vector.
#[cfg(test)]
pub(super) fn tokenise(text: &str) -> Tokens<'_> {
    tokenise_into(text, Vec::new())
}

/// Splits `text` into words, in the allocation of `words` (emptied). Stock tickers in angle
/// brackets are skipped; a hyphenated word is split when one of its parts is a place or
/// nationality or a common lower-case word ("US-Japan", "London-based"), and kept whole
/// otherwise ("Coca-Cola").
pub(super) fn tokenise_into<'a>(text: &'a str, mut words: Vec<Word<'a>>) -> Tokens<'a> {
    words.clear();
    words.reserve(text.len() / 5);
    let mut t = Tokeniser {
        text,
        out: words,
        brk: true,
        sent: true,
        amp: false,
        newlines: 0,
        blank_lines: Vec::new(),
        classes: 0,
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        i = match ASCII_KIND[usize::from(b)] {
            ALNUM => {
                let mut end = t.word(i, 1);
                // Most words are followed by a space and another word: read on without going
                // round the loop for the space (which changes nothing).
                while bytes.get(end) == Some(&b' ')
                    && bytes.get(end + 1).is_some_and(|&b| is_ascii_alnum(b))
                {
                    end = t.word(end + 1, 1);
                }
                end
            }
            SPACE => i + 1,
            NEWLINE => {
                t.newline(i);
                // Wire copy indents the first line of a paragraph: a new sentence ("    Sales
                // 15.3 mln" in a table is no name).
                if bytes.get(i + 1..i + 4) == Some(b"   ") {
                    t.brk = true;
                    t.sent = true;
                }
                i + 1
            }
            _ if b < 128 => t.punctuation(i),
            _ => t.non_ascii(i),
        };
    }
    Tokens {
        words: t.out,
        blank_lines: t.blank_lines,
        classes: t.classes,
    }
}

/// The state of [`tokenise_into`] between two words.
struct Tokeniser<'a> {
    text: &'a str,
    out: Vec<Word<'a>>,
    /// Something that breaks a name stands since the last word.
    brk: bool,
    /// The next word starts a sentence.
    sent: bool,
    /// An "&" stands since the last word.
    amp: bool,
    /// Line breaks since the last word or punctuation mark.
    newlines: u32,
    /// Where each blank line was found ([`Tokens::blank_lines`]).
    blank_lines: Vec<usize>,
    /// The classes of the words so far ([`Tokens::classes`]).
    classes: u32,
}

impl<'a> Tokeniser<'a> {
    /// Reads the line break at `i`.
    fn newline(&mut self, i: usize) {
        self.newlines += 1;
        if self.newlines >= 2 {
            self.brk = true;
            self.sent = true;
            if self.newlines == 2 {
                self.blank_lines.push(i);
            }
        }
    }

    /// Reads the ASCII punctuation mark at `i`; returns where to go on.
    fn punctuation(&mut self, i: usize) -> usize {
        let bytes = self.text.as_bytes();
        self.newlines = 0;
        match bytes[i] {
            b'.' | b'!' | b'?' | b':' => {
                self.brk = true;
                self.sent = true;
            }
            b'&' => self.amp = true,
            b'<' => {
                // A stock ticker such as <GE> or <BRBK.O>: skip it. Wire copy also brackets
                // company names ("<Sharp Corp>", "<Matra>"): those are read.
                self.brk = true;
                let window = &bytes[i..bytes.len().min(i + 24)];
                if let Some(end) = window.iter().position(|&x| x == b'>') {
                    let ticker = window[1..end]
                        .iter()
                        .all(|&x| !(x.is_ascii_whitespace() || x.is_ascii_lowercase()));
                    if ticker {
                        return i + end + 1;
                    }
                }
            }
            _ => self.brk = true,
        }
        i + 1
    }

    /// Reads the non-ASCII character at `i` (a space, a mark or the start of a word).
    #[cold]
    fn non_ascii(&mut self, i: usize) -> usize {
        let c = self.text[i..].chars().next().unwrap_or(' ');
        let clen = c.len_utf8();
        if c.is_whitespace() {
            return i + clen;
        }
        if !is_word_char(c) {
            self.newlines = 0;
            self.brk = true;
            return i + clen;
        }
        self.word(i, clen)
    }

    /// Reads the word starting at `start` (whose first character is `clen` bytes long); returns
    /// where it ends.
    #[inline(always)]
    fn word(&mut self, start: usize, clen: usize) -> usize {
        let bytes = self.text.as_bytes();
        let end = alnum_end(bytes, start + clen);
        // Most words are letters and digits up to a space or a mark that joins nothing and is
        // no full stop: no joiners, dots, possessive or abbreviation to look at.
        let plain = bytes
            .get(end)
            .is_none_or(|&b| b < 128 && !matches!(b, b'\'' | b'-' | b'&' | b'.'));
        if !plain {
            return self.joined_word(start, clen);
        }
        let word = &self.text[start..end];
        self.push(word, cap_class(word), false);
        end
    }

    /// Appends a word; `poss` marks a possessive after it, which does not break a name.
    #[inline]
    fn push(&mut self, text: &'a str, class: u32, poss: bool) {
        self.classes |= class;
        self.out.push(Word {
            text,
            sent_start: self.sent,
            joined: !self.brk,
            amp: self.amp,
            class,
            poss,
        });
        self.newlines = 0;
        self.brk = poss;
        self.sent = false;
        self.amp = false;
    }

    /// Reads a word with joiners (' - & or, in dotted abbreviations such as U.S., dots), non-ASCII
    /// letters or a full stop after it; returns where it ends.
    #[cold]
    fn joined_word(&mut self, start: usize, clen: usize) -> usize {
        let text = self.text;
        let bytes = text.as_bytes();
        let n = bytes.len();
        let mut j = start + clen;
        // Characters in the current segment of the word (between joiners); only "one" matters.
        let mut seg_len = 1;
        let mut dotted = false;
        let mut hyphen = false;
        while j < n {
            let run = j;
            j = alnum_end(bytes, j);
            seg_len += j - run;
            let Some(&b) = bytes.get(j) else { break };
            let d = if b < 128 {
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
                j += d.len_utf8() + next.map_or(0, char::len_utf8);
                seg_len = 1;
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
        if hyphen && split_hyphenated(word) {
            let mut parts = word.split('-').filter(|p| !p.is_empty());
            if let Some(first) = parts.next() {
                self.push(first, cap_class(first), false);
            }
            // The parts after the first are joined to nothing and start no sentence.
            for part in parts {
                self.brk = true;
                self.push(part, cap_class(part), false);
            }
            self.brk = true;
        } else {
            self.push(
                word,
                if initial { CAP } else { cap_class(word) },
                possessive,
            );
        }
        j
    }
}

fn split_hyphenated(word: &str) -> bool {
    // A bound prefix makes one word with the place or nationality after it: "Inter-American
    // Development Bank", "Trans-Canada Pipelines".
    if matches!(word.split('-').next(), Some("Inter" | "Pan" | "Trans")) {
        return false;
    }
    word.split('-').any(|part| {
        let lower = part.chars().next().is_some_and(char::is_lowercase);
        let class = lists::class(part);
        if lower {
            return class & cls::COMMON != 0;
        }
        class & (cls::DEMONYM | cls::PLACE1) != 0
    })
}
