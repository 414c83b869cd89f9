//! Finding name candidates, typing them, and merging them per article.

use std::cell::Cell;

use super::lineup;
use super::lists::{self, cls, key};
use super::tokens::{self, Tok, Word};
use super::{Entity, EntityKind};

/// How sure a mention's type is: gazetteer and name-shape evidence outweighs guesses.
const STRONG: u32 = 4;
const WEAK: u32 = 1;

/// The mentions of an article; their names are stored one after another in `text`.
#[derive(Default)]
struct Mentions {
    list: Vec<Mention>,
    text: String,
    /// Key hashes ([`key_hash`]) of titles of works named in the article, and of their parts
    /// around "and": no entity has these names anywhere in the article.
    works: Vec<u64>,
}

impl Mentions {
    fn clear(&mut self) {
        self.list.clear();
        self.text.clear();
        self.works.clear();
    }
}

/// One mention of a name.
#[derive(Debug)]
struct Mention {
    /// Byte range of the name in [`Mentions::text`].
    name: (u32, u32),
    kind: EntityKind,
    weight: u32,
    /// Gazetteer group (places and organisations have separate id spaces).
    group: Option<(EntityKind, u32)>,
}

/// What the extractor knows about the article as a whole.
struct Doc<'a> {
    /// The words of the title and the body.
    words: [&'a [Word<'a>]; 2],
    /// In an all-capitals text only gazetteer names are taken.
    gazetteer_only: bool,
    /// The capitalised common words not at a sentence start, collected when first needed.
    mid: std::cell::OnceCell<Vec<&'a str>>,
}

/// Extracts the distinct entities of an article from its title and body, most mentioned first.
pub fn extract(title: &str, body: &str) -> Vec<Entity> {
    let mut entities = Vec::with_capacity(8);
    extract_each(title, body, |name, kind| {
        entities.push(Entity {
            name: name.to_string(),
            kind,
        })
    });
    entities
}

/// [`extract`], handing each entity's name and kind to `f` instead of building [`Entity`]
/// values: the indexer turns them straight into index values.
pub fn extract_each(title: &str, body: &str, f: impl FnMut(&str, EntityKind)) {
    let mut buffers = BUFFERS.with(Cell::take);
    extract_with(&mut buffers, title, body, f);
    BUFFERS.with(|b| b.set(buffers));
}

/// The vectors an extraction needs, emptied, for the next extraction on the thread: made
/// afresh, they were a dozen allocations an article and 7 % of its extraction.
#[derive(Default)]
struct Buffers {
    /// The words of the body and of the title.
    words: [Vec<Word<'static>>; 2],
    mentions: Mentions,
    run: Vec<Tok<'static>>,
    merge: MergeBuffers,
    heads: HeadBuffers,
    /// The body and the title recased, when they are in capitals.
    recased: [String; 2],
}

thread_local! {
    static BUFFERS: Cell<Buffers> = Cell::default();
}

/// An emptied vector for elements of another lifetime, in the allocation of `v`: a vector's
/// own iterator collects in place (for elements of one layout; others get a new vector).
fn recycle<T, U>(mut v: Vec<T>) -> Vec<U> {
    v.clear();
    v.into_iter().filter_map(|_| None).collect()
}

/// [`extract_each`] in the vectors of `buffers`, which it leaves emptied.
fn extract_with(buffers: &mut Buffers, title: &str, body: &str, f: impl FnMut(&str, EntityKind)) {
    let mut mentions = std::mem::take(&mut buffers.mentions);
    let [body_buffer, title_buffer] = std::mem::take(&mut buffers.words);
    let [mut body_text, mut title_text] = std::mem::take(&mut buffers.recased);
    let body_upper = mostly_upper_case(body);
    let body_ref = if body_upper {
        recase_from_gazetteers(body, &mut body_text);
        body_text.as_str()
    } else {
        body
    };
    let tokens::Tokens {
        words: body_words,
        blank_lines,
        classes: body_classes,
    } = tokens::tokenise_into(body_ref, recycle(body_buffer));
    let body_words = strip_signoff(body_words);
    let title_ref = if mostly_upper_case(title) {
        if body_upper {
            recase_from_gazetteers(title, &mut title_text);
        } else {
            recase_from_body(title, &body_words, &mut buffers.heads, &mut title_text);
        }
        title_text.as_str()
    } else {
        title
    };
    let tokens::Tokens {
        words: title_words,
        classes: title_classes,
        ..
    } = tokens::tokenise_into(title_ref, recycle(title_buffer));
    let doc = Doc {
        words: [&title_words, &body_words],
        gazetteer_only: body_upper,
        mid: std::cell::OnceCell::new(),
    };
    let sports = !body_upper
        && (title_classes | body_classes) & cls::SPORT != 0
        && is_sports_report(&title_words, &body_words);
    let mut run = recycle(std::mem::take(&mut buffers.run));
    for (words, src) in [(&title_words, title_ref), (&body_words, body_ref)] {
        for_each_run(words, src, &mut run, |run, ctx| {
            let from = mentions.list.len();
            process_run(run, ctx, &doc, &mut mentions);
            if sports {
                name_clubs(&mut mentions, from, ctx);
            }
        });
    }
    if !body_upper {
        lineup::for_each_player(body_ref, &blank_lines, |name| {
            push(&mut mentions, name, EntityKind::Person, STRONG)
        });
    }
    merge(&mentions, &mut buffers.merge, f);
    mentions.clear();
    buffers.mentions = mentions;
    buffers.run = recycle(run);
    drop(doc); // which borrows the words
    buffers.words = [recycle(body_words), recycle(title_words)];
    buffers.recased = [body_text, title_text];
}

/// Whether an article is a sports report: two capitalised words of competitions or governing
/// bodies ("Premiership", "Champions League", "Six Nations", "Uefa").
fn is_sports_report(title: &[Word<'_>], body: &[Word<'_>]) -> bool {
    title
        .iter()
        .chain(body)
        .filter(|w| w.class & cls::SPORT != 0)
        .nth(1)
        .is_some()
}

/// Where the ids of [`lists::CLUBS`] start among the organisations' ids of [`Mention::group`].
const CLUB_IDS: u32 = 1 << 20;

/// Makes clubs of the mentions from `from` on, in a sports report: a club's town names the club
/// ("Leeds beat Chelsea", guidelines §2) unless the text puts it as the place ("the final in
/// Milan"), and a nickname names it too ("the Hammers" is West Ham).
fn name_clubs(out: &mut Mentions, from: usize, ctx: &RunCtx<'_>) {
    if ctx.prev.is_some_and(|p| p.s == "in") {
        return;
    }
    let Mentions { list, text, .. } = out;
    for m in &mut list[from..] {
        let name = &text[m.name.0 as usize..m.name.1 as usize];
        let Some(id) = lists::with_key(name, |k| lists::CLUBS.get_bytes(k)) else {
            continue;
        };
        m.kind = EntityKind::Org;
        m.weight = STRONG;
        m.group = Some((EntityKind::Org, CLUB_IDS + id));
    }
}

impl Doc<'_> {
    /// Whether `word`, a common word, is written capitalised somewhere other than at a sentence
    /// start.
    fn mid_caps(&self, word: &str) -> bool {
        // Only asked about common words (their classes are known for capitalised words), so
        // only those are collected: a short list.
        self.mid
            .get_or_init(|| {
                // A word after a dotted abbreviation may start a sentence ("the U.S. Has").
                self.words
                    .iter()
                    .flat_map(|ws| ws.windows(2))
                    .filter(|p| {
                        let w = &p[1];
                        !w.sent_start
                            && w.class & cls::COMMON != 0
                            && w.is_cap()
                            && !p[0].text.ends_with('.')
                    })
                    .map(|p| p[1].text)
                    .collect()
            })
            .contains(&word)
    }
}

/// Wire copy and old collections are often set in capitals, where capitalisation says nothing.
fn mostly_upper_case(text: &str) -> bool {
    // Counted in blocks of bytes so that the loop vectorises.
    let (mut upper, mut lower) = (0usize, 0usize);
    let mut left = text.len();
    for block in text.as_bytes().chunks(255) {
        let (mut u, mut l) = (0u8, 0u8);
        for &c in block {
            u += u8::from(c.wrapping_sub(b'A') < 26);
            l += u8::from(c.wrapping_sub(b'a') < 26);
        }
        upper += usize::from(u);
        lower += usize::from(l);
        left -= block.len();
        if 2 * lower >= upper + left {
            // Not even capitals in all the rest would make it so: most texts end here.
            return false;
        }
    }
    upper > 2 * lower && upper >= 4
}

/// Drops the Reuters sign-off ("Reuter" as the last word of a story), which wire copy sometimes
/// doubles ("REUTER\n Reuter") or follows with a desk's code or a carriage return written out
/// ("REUTER TAW", "REUTER...^M"). Elsewhere "Reuter" is a name: the news agency ("told
/// Reuter"), a person ("Edzard Reuter").
fn strip_signoff(mut words: Vec<Word<'_>>) -> Vec<Word<'_>> {
    let signoff = |w: &Word<'_>| w.text.eq_ignore_ascii_case("reuter") || w.text == "REUTERS";
    let code = |w: &Word<'_>| w.text.len() <= 3 && w.text.bytes().all(|b| b.is_ascii_uppercase());
    loop {
        let n = words.len();
        if n >= 2 && code(&words[n - 1]) && signoff(&words[n - 2]) {
            words.truncate(n - 2);
        } else if words.last().is_some_and(signoff) {
            words.pop();
        } else {
            return words;
        }
    }
}

/// Calls `f` with the start and the text of every word of `text` as recasing sees words: runs of
/// alphanumerics, dots and apostrophes that start with an alphanumeric, without closing dots.
fn for_each_recase_word<'t>(text: &'t str, mut f: impl FnMut(usize, &'t str)) {
    let bytes = text.as_bytes();
    let in_word = |c: char| c.is_alphanumeric() || c == '.' || c == '\'';
    // A word starts at an alphanumeric character that follows none of its own characters.
    let mut prev_ok = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let clen = if b < 128 {
            // ASCII, the common case, without decoding.
            if !(prev_ok && b.is_ascii_alphanumeric()) {
                prev_ok = !(b.is_ascii_alphanumeric() || b == b'.' || b == b'\'');
                i += 1;
                continue;
            }
            1
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            if !(prev_ok && c.is_alphanumeric()) {
                prev_ok = !in_word(c);
                i += c.len_utf8();
                continue;
            }
            c.len_utf8()
        };
        let start = i;
        let mut end = i + clen;
        while end < bytes.len() {
            let b = bytes[end];
            if b < 128 {
                if !(b.is_ascii_alphanumeric() || b == b'.' || b == b'\'') {
                    break;
                }
                end += 1;
            } else {
                match text[end..].chars().next() {
                    Some(c) if in_word(c) => end += c.len_utf8(),
                    _ => break,
                }
            }
        }
        f(start, text[start..end].trim_end_matches('.'));
        // The character at `end` is no word character (or the text ends), so it starts no word
        // but allows one after it.
        i = end;
        prev_ok = false;
    }
}

/// Rewrites each word of `text` into `out` with `recase` (which appends the new form to the
/// string it is given), keeping everything between words.
fn recase_words<'t>(text: &'t str, out: &mut String, mut recase: impl FnMut(&'t str, &mut String)) {
    out.clear();
    out.reserve(text.len());
    let mut last = 0;
    for_each_recase_word(text, |start, word| {
        out.push_str(&text[last..start]);
        recase(word, out);
        last = start + word.len();
    });
    out.push_str(&text[last..]);
}

/// Appends `word` in lower case.
fn push_lower(out: &mut String, word: &str) {
    if word.is_ascii() {
        let start = out.len();
        out.push_str(word);
        out[start..].make_ascii_lowercase();
    } else {
        out.push_str(&word.to_lowercase());
    }
}

/// Appends `word` with its first letter in upper case and the rest in lower case.
fn push_title_case(out: &mut String, word: &str) {
    let mut chars = word.chars();
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
        out.extend(chars.flat_map(char::to_lowercase));
    }
}

fn title_case(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    push_title_case(&mut out, word);
    out
}

/// Calls `f` with `word` in lower case, built on the stack for short ASCII words.
fn with_lower<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 32];
    if word.len() <= buf.len() && word.is_ascii() {
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        if let Ok(lower) = std::str::from_utf8(lower) {
            return f(lower);
        }
    }
    f(&word.to_lowercase())
}

/// Calls `f` with `word` in lower case and in title case, built on the stack for short ASCII
/// words: a text in capitals is recased a word at a time.
fn with_cases<R>(word: &str, f: impl FnOnce(&str, &str) -> R) -> R {
    let (mut lower, mut title) = ([0u8; 32], [0u8; 32]);
    let n = word.len();
    if n <= lower.len() && word.is_ascii() {
        lower[..n].copy_from_slice(word.as_bytes());
        lower[..n].make_ascii_lowercase();
        title[..n].copy_from_slice(&lower[..n]);
        title[..1].make_ascii_uppercase();
        if let (Ok(lower), Ok(title)) = (
            std::str::from_utf8(&lower[..n]),
            std::str::from_utf8(&title[..n]),
        ) {
            return f(lower, title);
        }
    }
    f(&word.to_lowercase(), &title_case(word))
}

/// A bucket for a word's length and first letter (either case), to compare a body word only
/// with the headline words that may be it: an index below [`HEAD_BUCKETS`].
#[inline]
fn head_bucket(word: &str) -> usize {
    let first = word.as_bytes().first().copied().unwrap_or(0);
    word.len().min(15) * 32 + usize::from(first & 31)
}

const HEAD_BUCKETS: usize = 16 * 32;

/// Recases an all-capitals headline into `out` with the forms its body uses ("SRI LANKA" →
/// "Sri Lanka"), falling back on the gazetteers; other words go to lower case.
fn recase_from_body(title: &str, body: &[Word<'_>], buffers: &mut HeadBuffers, out: &mut String) {
    // The headline's words, then one pass over the body: a body word is compared only with
    // the headline words of its bucket, chained from `first` through `next` (indexes plus one,
    // in bytes: zeroing a bucket table of wider indexes cost more than the comparisons saved).
    // A headline of more words than that is no headline: its words are compared with every
    // body word.
    const CHAINED: usize = u8::MAX as usize;
    let mut heads: Vec<Head> = recycle(std::mem::take(&mut buffers.heads));
    let mut first = [0u8; HEAD_BUCKETS];
    let next = &mut buffers.next;
    next.clear();
    for_each_recase_word(title, |_, word| {
        heads.push(Head {
            word,
            form: None,
            lower: false,
        });
        if heads.len() <= CHAINED {
            let bucket = head_bucket(word);
            next.push(first[bucket]);
            first[bucket] = heads.len() as u8;
        }
    });
    if heads.len() > CHAINED {
        for w in body {
            heads.iter_mut().for_each(|head| head.see(w));
        }
    } else {
        for w in body {
            let mut h = usize::from(first[head_bucket(w.text)]);
            while h != 0 {
                heads[h - 1].see(w);
                h = usize::from(next[h - 1]);
            }
        }
    }
    // A word the body writes both ways keeps its capital where the body capitalises it next to
    // the same neighbour: "NEW SOUTH WALES" is "New South Wales" (the body says "New South
    // Wales" and "new laws"). Rare: the body is read again only then.
    for k in 0..heads.len() {
        if !(heads[k].lower && heads[k].form.is_some()) {
            continue;
        }
        let same = |w: &Word<'_>, h: Option<&Head>| {
            w.is_cap() && h.is_some_and(|h| w.text.eq_ignore_ascii_case(h.word))
        };
        let (before, after) = (k.checked_sub(1).map(|p| &heads[p]), heads.get(k + 1));
        let in_name = body.windows(2).any(|p| {
            (same(&p[0], Some(&heads[k])) && p[1].joined && same(&p[1], after))
                || (same(&p[1], Some(&heads[k])) && p[1].joined && same(&p[0], before))
        });
        if in_name {
            heads[k].lower = false;
        }
    }
    let mut k = 0;
    recase_words(title, out, |word, out| {
        let (form, lower) = heads.get(k).map_or((None, false), |h| (h.form, h.lower));
        k += 1;
        if lower {
            return push_lower(out, word);
        }
        match form {
            Some(f) => out.push_str(f),
            None => match with_lower(word, |lw| gazetteer_case(word, lw)) {
                Some(Case::Upper) => out.push_str(word),
                Some(Case::Title) => push_title_case(out, word),
                None => push_lower(out, word),
            },
        }
    });
    buffers.heads = recycle(heads);
}

/// A headline word, the capitalised form the body gives it inside a sentence, and whether the
/// body writes it in lower case.
struct Head<'t, 'b> {
    word: &'t str,
    form: Option<&'b str>,
    lower: bool,
}

impl<'b> Head<'_, 'b> {
    /// Takes note of a body word. What is already known is not compared again: the body repeats
    /// a headline's "to" and "in" many times.
    #[inline(always)]
    fn see(&mut self, w: &Word<'b>) {
        let news = if w.is_cap() {
            !w.sent_start && self.form.is_none()
        } else {
            !self.lower
        };
        if news && self.word.len() == w.text.len() && self.word.eq_ignore_ascii_case(w.text) {
            if w.is_cap() {
                self.form = Some(w.text);
            } else {
                self.lower = true;
            }
        }
    }
}

/// The vectors of [`recase_from_body`], kept between articles ([`Buffers`]).
#[derive(Default)]
struct HeadBuffers {
    heads: Vec<Head<'static, 'static>>,
    next: Vec<u8>,
}

/// How a word of all-capitals text is written in the gazetteers.
#[derive(Clone, Copy)]
enum Case {
    /// In capitals, as an acronym ("NATO", "U.S.").
    Upper,
    /// Capitalised ("Japan").
    Title,
}

/// The case a gazetteer gives a word of all-capitals text (`lw` is the word in lower case), if
/// any.
fn gazetteer_case(word: &str, lw: &str) -> Option<Case> {
    // Most words are their own lookup key: one lookup answers all three questions.
    if let Some(c) = lists::lower_class(lw) {
        return if c & cls::COMMON != 0 {
            None
        } else if (2..=5).contains(&lw.len())
            && c & (cls::PLACE1 | cls::ORG1) != 0
            && c & cls::PLACE_WORD == 0
        {
            Some(Case::Upper)
        } else if c & (cls::PLACE_WORD | cls::ORG_WORD) != 0 {
            Some(Case::Title)
        } else {
            None
        };
    }
    if lists::COMMON.contains(lw) {
        return None;
    }
    let acronym = lists::with_key(word, |k| {
        (2..=5).contains(&k.len())
            && (lists::PLACES.get_bytes(k).is_some() || lists::ORGS.get_bytes(k).is_some())
            && !std::str::from_utf8(k).is_ok_and(|k| lists::PLACES.words.contains(k))
    });
    if acronym {
        return Some(Case::Upper);
    }
    if lists::PLACES.words.contains(lw) || lists::ORGS.words.contains(lw) {
        return Some(Case::Title);
    }
    None
}

/// Recases an all-capitals text into `out` using only the gazetteers: list words get their case
/// back, a common first name and the word after it too; everything else goes to lower case.
fn recase_from_gazetteers(text: &str, out: &mut String) {
    let mut after_first_name = false;
    recase_words(text, out, |word, out| {
        with_cases(word, |lw, tc| {
            if after_first_name && !lists::COMMON.contains(lw) && word.len() > 2 {
                after_first_name = false;
                return out.push_str(tc);
            }
            after_first_name = false;
            if lists::FIRST_NAMES.contains(tc) && !lists::COMMON.contains(lw) {
                after_first_name = true;
                return out.push_str(tc);
            }
            match gazetteer_case(word, lw) {
                Some(Case::Upper) => out.push_str(word),
                Some(Case::Title) => out.push_str(tc),
                None => out.push_str(lw),
            }
        })
    });
}

/// Context of a run of capitalised words.
struct RunCtx<'a> {
    sent_start: bool,
    prev: Option<Tok<'a>>,
    next: Option<Tok<'a>>,
    /// A comma and a listed place follow the run: "Sarasota, Fla.".
    place_after: bool,
    /// The name whose possessive the run follows ("BBC" of "the BBC's Newsnight").
    possessor: Option<&'a str>,
}

impl<'a> RunCtx<'a> {
    /// The context of the first part of a run split in two: nothing follows it.
    fn left(&self) -> RunCtx<'a> {
        RunCtx {
            sent_start: self.sent_start,
            prev: self.prev,
            next: self.next,
            place_after: false,
            possessor: self.possessor,
        }
    }

    /// The context of the second part of a run split in two, after `prev` (if it joins it).
    fn right(&self, sent_start: bool, prev: Option<Tok<'a>>) -> RunCtx<'a> {
        RunCtx {
            sent_start,
            prev,
            next: self.next,
            place_after: self.place_after,
            possessor: None,
        }
    }
}

const AMP: Tok<'static> = Tok { s: "&", c: 0 };
const AND: Tok<'static> = Tok { s: "and", c: 0 };

/// Calls `f` with every run of capitalised words (with particles and "of" inside names).
fn for_each_run<'a>(
    words: &[Word<'a>],
    src: &'a str,
    run: &mut Vec<Tok<'a>>,
    mut f: impl FnMut(&[Tok<'a>], &RunCtx<'a>),
) {
    run.clear();
    let mut run_start = 0usize;
    let mut i = 0;
    let tok = |w: &Word<'a>| Tok::of(w);
    let emit = |run: &mut Vec<Tok<'a>>,
                start: usize,
                end: usize,
                f: &mut dyn FnMut(&[Tok<'a>], &RunCtx<'a>)| {
        while run
            .last()
            .is_some_and(|w| w.s.chars().next().is_some_and(char::is_lowercase) || w.s == "&")
        {
            run.pop();
        }
        if !run.is_empty() {
            let ctx = RunCtx {
                sent_start: words[start].sent_start,
                prev: start
                    .checked_sub(1)
                    .filter(|_| words[start].joined)
                    .map(|p| tok(&words[p])),
                next: words.get(end).filter(|w| w.joined).map(tok),
                // Not in a list: "The Edge of Reason, Wimbledon and Thunderbirds".
                place_after: words.get(end).is_some_and(|w| {
                    w.class & cls::PLACE1 != 0 && !w.joined && !w.poss && w.is_cap()
                }) && words.get(end + 1).is_none_or(|w| !w.joined)
                    && run.last().is_some_and(|l| {
                        std::ptr::eq(l.s.as_ptr(), words[end - 1].text.as_ptr())
                            && with_comma(src, &words[end - 1]).is_some()
                    }),
                possessor: start
                    .checked_sub(1)
                    .map(|p| &words[p])
                    .filter(|p| p.poss)
                    .map(|p| p.text),
            };
            f(run, &ctx);
        }
        run.clear();
    };
    while i < words.len() {
        let w = &words[i];
        let cap = w.is_cap() && w.class & cls::NEVER_START == 0;
        if cap {
            if !w.joined
                && !run.is_empty()
                && words[i - 1].poss
                && joins_after_possessive(words, src, i)
            {
                // "Moody's Investors Service Inc": the possessive belongs to the name.
                if let (Some(last), Some(with_s)) =
                    (run.last_mut(), with_possessive(src, &words[i - 1]))
                {
                    last.s = with_s;
                }
            } else if !w.joined
                && !run.is_empty()
                && run.len() <= 3
                && joins_after_comma(words, src, i)
            {
                // "Bear, Stearns and Co": the comma belongs to the name.
                if let (Some(last), Some(with_comma)) =
                    (run.last_mut(), with_comma(src, &words[i - 1]))
                {
                    last.s = with_comma;
                }
            } else if run.is_empty() {
                run_start = i;
            } else if !w.joined {
                emit(run, run_start, i, &mut f);
                run_start = i;
            } else if w.amp {
                run.push(AMP);
            }
            run.push(tok(w));
        } else if run.is_empty() {
            // Most words: no name is open, nothing to end.
        } else if w.joined
            && run.last().is_some_and(|l| {
                matches!(
                    l.s,
                    "Radio" | "Channel" | "BBC" | "ITV" | "Movies" | "Sports"
                )
            })
            && (matches!(w.text, "One" | "Two" | "Three" | "Four" | "Five")
                || (w.text.len() <= 2 && w.text.bytes().all(|b| b.is_ascii_digit())))
        {
            // Broadcasters' channels: "BBC Radio 4", "Channel 4", "BBC One".
            run.push(tok(w));
        } else if w.joined
            && words
                .get(i + 1)
                .is_some_and(|n| n.joined && n.is_cap() && !n.amp)
            && (w.text == "and"
                || w.classes() & cls::PARTICLE != 0
                || (matches!(w.text, "of" | "for")
                    && run.last().is_some_and(|l| l.is(cls::OF_HEAD))))
        {
            run.push(tok(w));
        } else {
            emit(run, run_start, i, &mut f);
        }
        i += 1;
    }
    if !run.is_empty() {
        emit(run, run_start, words.len(), &mut f);
    }
}

/// Whether the capitalised word `words[i]`, after a possessive, goes on the name before it: in
/// a company name ending in a legal form ("Moody's Investors Service Inc", "Standard and Poor's
/// Corp"), or after a common word in an institution's name ("People's Bank of China"). Not after
/// a known place, organisation or person ("Japan's Finance Ministry", "Reagan's").
fn joins_after_possessive(words: &[Word<'_>], src: &str, i: usize) -> bool {
    let p = &words[i - 1];
    if !p.poss || !p.is_cap() || p.class & (cls::DEMONYM | cls::FIRST_NAME | cls::TITLE_HEAD) != 0 {
        return false;
    }
    // A listed name owns what follows ("Japan's Finance Ministry"), unless the list writes it
    // with the possessive ("Moody's Investors Service").
    if p.class & cls::GAZ_START != 0
        && with_possessive(src, p).is_none_or(|w| lists::class(w) & cls::GAZ_START == 0)
    {
        return false;
    }
    // The last word of the capitalised words that follow.
    let mut last = &words[i];
    for w in words[i + 1..].iter().take(6) {
        if !(w.joined && w.is_cap()) {
            break;
        }
        last = w;
    }
    last.class & cls::LEGAL != 0
        || (p.class & cls::COMMON != 0 && last.class & (cls::ORG_SUFFIX | cls::OF_HEAD) != 0)
}

/// Whether the capitalised word `words[i]`, after a comma, goes on the name before it: in a
/// partnership's name ending "and Co" or in another organisation word ("Bear, Stearns and Co",
/// "Smith Barney, Harris, Upham and Co", "Coffee, Sugar and Cocoa Exchange").
fn joins_after_comma(words: &[Word<'_>], src: &str, i: usize) -> bool {
    let p = &words[i - 1];
    if !p.is_cap() || p.poss || p.class & cls::DEMONYM != 0 {
        return false;
    }
    // A listed name before the comma is one item of a list ("Texaco, Mobil and Exxon Corp"),
    // unless the list has the partnership's name without the comma ("Goldman, Sachs").
    if p.class & cls::GAZ_START != 0 {
        let mut k = lists::Key::new();
        let listed = k.push_word(p.text)
            && k.push_space()
            && k.push_word(words[i].text)
            && lists::ORGS.get(&k).is_some();
        if !listed {
            return false;
        }
    }
    let comma = |w: &Word<'_>| with_comma(src, w).is_some();
    if !comma(p) {
        return false;
    }
    // The words that follow, across further commas, up to an "and" and the name's last word
    // ("and Co", "and Cocoa Exchange").
    let mut seen_and = false;
    let mut last = None;
    let mut prev = p;
    for w in words[i..].iter().take(8) {
        if seen_and && last.is_some() && !(w.joined && w.is_cap()) {
            break;
        }
        if !(w.joined || comma(prev)) {
            return false;
        }
        if w.text == "and" && !seen_and {
            seen_and = true;
        } else if !w.is_cap()
            || (w.class & cls::GAZ_START != 0 && w.class & (cls::LEGAL | cls::ORG_SUFFIX) == 0)
        {
            return false;
        } else if seen_and {
            if w.class & cls::LEGAL != 0 {
                // A legal form ends the name, whatever follows ("and Co.\n PacifiCorp").
                return true;
            }
            last = Some(w);
        }
        prev = w;
    }
    last.is_some_and(|w| w.class & cls::ORG_SUFFIX != 0)
}

/// `w`'s text with the comma that follows it in `src` ("Bear,"), if a comma and nothing but
/// spaces stand between it and the next word.
fn with_comma<'a>(src: &'a str, w: &Word<'a>) -> Option<&'a str> {
    let start = (w.text.as_ptr() as usize).checked_sub(src.as_ptr() as usize)?;
    let end = start + w.text.len();
    if src.as_bytes().get(end) != Some(&b',') {
        return None;
    }
    let after = src.as_bytes().get(end + 1)?;
    if !after.is_ascii_whitespace() {
        return None;
    }
    src.get(start..end + 1)
}

/// `w`'s text with the possessive that follows it in `src` ("Moody's"), if it is there.
fn with_possessive<'a>(src: &'a str, w: &Word<'a>) -> Option<&'a str> {
    let start = (w.text.as_ptr() as usize).checked_sub(src.as_ptr() as usize)?;
    let end = start + w.text.len();
    let rest = src.get(end..)?;
    let n = if rest.starts_with("'s") {
        2
    } else if rest.starts_with("’s") {
        "’s".len()
    } else {
        return None;
    };
    src.get(start..end + n)
}

fn is_acronym(w: &str) -> bool {
    // The case test first: most words fail it at their second letter.
    w.chars()
        .all(|c| c.is_uppercase() || c == '.' || c == '&' || c.is_ascii_digit())
        && (2..=6).contains(&w.chars().filter(|c| c.is_alphabetic()).count())
}

fn push(out: &mut Mentions, words: &[Tok<'_>], kind: EntityKind, weight: u32) {
    push_as(out, words, kind, weight, gazetteer_lookup(words));
}

/// [`push`] with the gazetteer entry of `words` ([`gazetteer_lookup`]) already known.
fn push_as(
    out: &mut Mentions,
    words: &[Tok<'_>],
    kind: EntityKind,
    weight: u32,
    group: Option<(EntityKind, u32)>,
) {
    let start = out.text.len();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.text.push(' ');
        }
        out.text.push_str(w.s);
    }
    let name = (start as u32, out.text.len() as u32);
    out.list.push(Mention {
        name,
        kind,
        weight,
        group,
    });
}

/// Writes the gazetteer key of a run of words (as `key` of the words joined by spaces) to `out`.
fn key_of(words: &[Tok<'_>], out: &mut String) {
    out.clear();
    for w in words {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&key(w.s));
    }
}

/// The gazetteer entry a run of words names exactly, if any. Only runs whose first word starts
/// an entry build a key (on the stack).
fn gazetteer_lookup(words: &[Tok<'_>]) -> Option<(EntityKind, u32)> {
    if words.is_empty()
        || !words[0].is(cls::GAZ_START)
        || words.len() > lists::PLACES.max_words.max(lists::ORGS.max_words)
    {
        return None;
    }
    if words.len() == 1 && !words[0].is(cls::PLACE1 | cls::ORG1) {
        return None;
    }
    let mut k = lists::Key::new();
    if push_run_key(&mut k, words) {
        if let Some(id) = lists::PLACES.get(&k) {
            return Some((EntityKind::Place, id));
        }
        return lists::ORGS.get(&k).map(|id| (EntityKind::Org, id));
    }
    let mut k = String::new();
    key_of(words, &mut k);
    let k = k.as_bytes();
    lists::PLACES
        .get_bytes(k)
        .map(|id| (EntityKind::Place, id))
        .or_else(|| lists::ORGS.get_bytes(k).map(|id| (EntityKind::Org, id)))
}

pub(super) fn gazetteer_kind(words: &[Tok<'_>]) -> Option<EntityKind> {
    gazetteer_lookup(words).map(|(kind, _)| kind)
}

/// Splits a run into the longest gazetteer names it holds (all-capitals texts).
fn gazetteer_spans(words: &[Tok<'_>], out: &mut Mentions) {
    let mut i = 0;
    while i < words.len() {
        let mut found = false;
        if words[i].is(cls::GAZ_START) {
            for len in (1..=(words.len() - i).min(6)).rev() {
                if let Some(kind) = gazetteer_kind(&words[i..i + len]) {
                    push(out, &words[i..i + len], kind, STRONG);
                    i += len;
                    found = true;
                    break;
                }
            }
        }
        if !found {
            i += 1;
        }
    }
}

fn process_run(run: &[Tok<'_>], ctx: &RunCtx<'_>, doc: &Doc<'_>, out: &mut Mentions) {
    if doc.gazetteer_only {
        gazetteer_spans(run, out);
        // A first name and the word after it (recased that way) is a person, also after a
        // listed name ("EXCHEQUER REGINALD MAUDLING").
        let n = run.len();
        if n >= 2
            && run[n - 2].is(cls::FIRST_NAME)
            && gazetteer_kind(&run[n - 2..]).is_none()
            && (n == 2 || gazetteer_kind(&run[..n - 2]).is_some())
        {
            push(out, &run[n - 2..], EntityKind::Person, STRONG);
        }
        return;
    }
    // A title of a work after the word for its kind ("the drama Million Dollar Baby", "the
    // thriller Hide and Seek"): no entity, here or where the article repeats it.
    if ctx.prev.is_some_and(|p| lists::is_work_cue(p.s)) && gazetteer_kind(run).is_none() {
        for part in run.split(|w| w.s == "and") {
            out.works.push(run_key_hash(part));
        }
        if run.iter().any(|w| w.s == "and") {
            out.works.push(run_key_hash(run));
        }
        return;
    }
    // After a broadcaster's possessive, a programme ("the BBC's Strictly Come Dancing", "ITV's
    // Pop Idol"), unless the words name a person ("the BBC's Nick Robinson", "CNN's Zubair
    // Ahmed": a first name, or two words neither of them common) or an organisation ("the BBC's
    // World Service").
    if ctx.possessor.is_some_and(lists::is_broadcaster)
        && !run[0].is(cls::FIRST_NAME)
        && (run.len() != 2 || run.iter().any(|w| w.is(cls::COMMON)))
        && !run
            .iter()
            .any(|w| w.is(cls::ORG_SUFFIX | cls::ORG_WORD | cls::LEGAL))
        && gazetteer_kind(run).is_none()
    {
        out.works.push(run_key_hash(run));
        return;
    }
    // "and" joins the words of one name only in an organisation ("Securities and Exchange
    // Commission"); otherwise it separates two names.
    if let Some(a) = run.iter().position(|w| w.s == "and") {
        let whole_known = gazetteer_kind(run).is_some();
        let org = whole_known
            || run[run.len() - 1].is(cls::ORG_SUFFIX)
            || run.iter().any(|w| matches!(w.s, "of" | "for"))
            // "Goldman, Sachs and Co", also when the run goes on past the legal form.
            || run.get(a + 1).is_some_and(|w| w.cap_is(cls::LEGAL));
        let split = if !org {
            Some(a)
        } else if whole_known {
            None
        } else {
            (a..run.len())
                .filter(|&i| run[i].s == "and")
                .find(|&i| and_joins_two_names(&run[..i], &run[i + 1..]))
        };
        if let Some(a) = split {
            process_run(&run[..a], &ctx.left(), doc, out);
            let rest = ctx.right(false, Some(AND));
            process_run(&run[a + 1..], &rest, doc, out);
            return;
        }
    }
    // A legal form ends a company's name: what follows is another name ("Norfolk Southern Corp"
    // then "USAir" on the next line of a list).
    if let Some(i) = (1..run.len().saturating_sub(1)).find(|&i| {
        run[i].cap_is(cls::LEGAL)
            && !run[i + 1].is(cls::ORG_SUFFIX | cls::LEGAL)
            && run[i + 1].s != "&"
            // "McGraw-Hill Book Co South Africa Pty Ltd": a subsidiary named by its country.
            && !(run[run.len() - 1].is(cls::LEGAL) && starts_with_place(&run[i + 1..]))
    }) {
        process_run(&run[..=i], &ctx.left(), doc, out);
        let rest = ctx.right(false, None);
        process_run(&run[i + 1..], &rest, doc, out);
        return;
    }
    // After a dotted abbreviation capitalisation says nothing (the full stop may end a
    // sentence, and old wire copy capitalises there): "the U.S. Has been", "U.S. Grain".
    if run.len() >= 2
        && run[0].s.ends_with('.')
        && run[0].s.len() > 2
        && !run[run.len() - 1].is(cls::ORG_SUFFIX)
        && gazetteer_kind(run).is_none()
    {
        let next = run[1];
        if next.is(cls::COMMON)
            && !next.is(cls::FIRST_NAME | cls::TITLE_HEAD | cls::TITLE_MOD)
            && gazetteer_kind(&run[1..2]).is_none()
        {
            process_run(&run[..1], ctx, doc, out);
            let rest = ctx.right(true, None);
            process_run(&run[1..], &rest, doc, out);
            return;
        }
    }
    // What follows a legal form may start with the "and" that joined the two names ("Goldman,
    // Sachs and Co and Salomon Brothers Inc"): the run was kept whole for the decisions above,
    // the name starts after it.
    let mut words: &[Tok<'_>] = match run.split_first() {
        Some((first, rest)) if first.s == "and" => rest,
        _ => run,
    };
    let mut sent_start = ctx.sent_start;
    let whole_known = gazetteer_kind(words).is_some();
    // A common word opening a sentence is no name ("Shares", "Singer Sizzla").
    while sent_start && !whole_known && !words.is_empty() {
        let first = words[0];
        let keep_multi = words.len() > 1
            && (words[words.len() - 1].is(cls::ORG_SUFFIX) && !first.is(cls::TITLE_HEAD))
            && !first.is(cls::TITLE_MOD);
        // A word joined to the rest by "of", "and" or "for" opens an organisation's name
        // ("Trade and Industry Department", "Board of Foreign Trade").
        let joined = words.get(1).is_some_and(|w| w.c == tokens::LAZY);
        if first.is(cls::COMMON)
            && !keep_multi
            && !joined
            && !first.is(cls::FIRST_NAME | cls::TITLE_HEAD)
            && gazetteer_kind(&words[..1]).is_none()
            && !doc.mid_caps(first.s)
        {
            words = &words[1..];
        } else {
            break;
        }
        sent_start = false;
    }
    // Nationalities in front of a generic noun ("French government") are no name; in front of an
    // organisation they belong to it ("French Foreign Ministry").
    if words.len() >= 2
        && matches!(
            words[0].s,
            "North" | "South" | "East" | "West" | "Sri" | "Latin" | "Central"
        )
        && words[1].is(cls::DEMONYM)
    {
        // "West German", "Sri Lankan": a nationality in two words.
        words = &words[1..];
    }
    while !words.is_empty() && words[0].is(cls::DEMONYM) && gazetteer_kind(words).is_none() {
        let org_after = words.len() > 1
            && words[words.len() - 1].is(cls::ORG_SUFFIX)
            && !words[1..].iter().any(|w| w.is(cls::TITLE_HEAD));
        if org_after {
            break;
        }
        words = &words[1..];
    }
    if words.is_empty() {
        return;
    }
    classify(words, ctx, out);
}

/// Whether `words` begin with a listed place of one or two words ("South Africa Pty Ltd").
fn starts_with_place(words: &[Tok<'_>]) -> bool {
    words[0].is(cls::GAZ_START)
        && (1..=words.len().min(2)).any(|n| gazetteer_kind(&words[..n]) == Some(EntityKind::Place))
}

/// Whether "and" between `left` and `right`, in a run that looks like one organisation, joins
/// two names ("EADS and BAE Systems", "Texaco Inc and Pennzoil Co") rather than the words of one
/// ("Food and Agriculture Organization", "Pacific Gas and Electric Co").
fn and_joins_two_names(left: &[Tok<'_>], right: &[Tok<'_>]) -> bool {
    let (Some(l), Some(r)) = (left.last(), right.first()) else {
        return false;
    };
    if left.iter().any(|w| w.s == "and") && gazetteer_kind(left).is_none() {
        // The left part holds an "and" of its own: one of the parts is decided first.
        return false;
    }
    // "Birmingham and Midlands Institute": a place before "and" may be part of the name.
    l.is(cls::LEGAL)
        || gazetteer_kind(left) == Some(EntityKind::Org)
        || gazetteer_kind(right).is_some()
        || (left.len() == 1 && is_acronym(l.s))
        || (left.len() >= 2
            && right.len() >= 2
            && (l.is(cls::OF_HEAD)
                || !(l.is(cls::ORG_SUFFIX) || r.is(cls::COMMON | cls::ORG_SUFFIX))))
}

fn classify(words: &[Tok<'_>], ctx: &RunCtx<'_>, out: &mut Mentions) {
    let n = words.len();
    // Also finds a listed company with its legal form ("Drexel Burnham Lambert Inc"): the listed
    // entity under its fuller name.
    let group = gazetteer_lookup(words);
    if let Some((kind, _)) = group {
        push_as(out, words, kind, STRONG, group);
        return;
    }
    // A code that names nothing ends no name after a listed one: "US TV" is the US, "Sony PSP"
    // and "Nintendo DS" are Sony and Nintendo ("AOL UK" stays one name).
    if n >= 2
        && is_acronym(words[n - 1].s)
        && words[n - 1].is(cls::NOT_ORG_ACRONYM)
        && !words[n - 1].is(cls::PLACE1 | cls::LEGAL)
        && gazetteer_kind(&words[..n - 1]).is_some()
    {
        classify(&words[..n - 1], ctx, out);
        return;
    }
    // From here on `words` names no gazetteer entry: its mentions need no second lookup.
    // Laws, events, awards and facilities are no entities, nor are the names inside them
    // ("Sarbanes-Oxley Act", "Athens Olympics", "Wall Street"); "Doris Day" and "John Park" are
    // people.
    if n >= 2
        && words[n - 1].is(cls::NOT_ENTITY_LAST)
        && !(n == 2 && matches!(words[1].s, "Day" | "Park") && words[0].is(cls::FIRST_NAME))
    {
        return;
    }
    // A government named after its leader is no organisation: "the Reagan Administration" names
    // Reagan ("Maritime Administration", "Veterans Administration" are agencies).
    if n == 2
        && words[1].s == "Administration"
        && !words[0].is(cls::COMMON | cls::GAZ_START | cls::ORG_START)
    {
        push_as(out, &words[..1], EntityKind::Person, WEAK, None);
        return;
    }
    // A numbering word and its code: "Class B", "Series C", "Phase II".
    if n == 2
        && lists::NUMBERING.contains(&words[0].s)
        && words[1].s.len() <= 3
        && words[1]
            .s
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    {
        return;
    }
    // A known organisation or place before a person's name: "Tory Liam Fox", "Labour's Jean
    // Corston" (the possessive is gone).
    if n >= 3 && words[1].cap_is(cls::FIRST_NAME) && gazetteer_kind(&words[..1]).is_some() {
        classify(&words[..1], ctx, out);
        classify(&words[1..], ctx, out);
        return;
    }
    // Titles: "Foreign Minister Eduard Shevardnadze", "Treasury Secretary James Baker", "Mr Blair".
    // A legal form makes a company of a person's name: "Ivan F. Boesky and Co LP".
    let last_is_org = words[n - 1].is(cls::ORG_SUFFIX | cls::LEGAL);
    if n == 2 && words[1].is(cls::LEGAL) && words[0].is(cls::NOT_ALONE | cls::GENERIC_ALONE) {
        // A generic word and a legal form name no company: "International Inc" is what is left
        // of "BUEHLER INTERNATIONAL INC" when the unknown word is recased to lower case.
        return;
    }
    let title = words.iter().position(|w| w.is(cls::TITLE_HEAD));
    if title == Some(n - 1)
        && (2..=3).contains(&n)
        && words[0].is(cls::FIRST_NAME)
        && !words[n - 2].is(cls::TITLE_MOD)
    {
        // A surname that is also a title: "Mervyn King", "John Major".
        push_as(out, words, EntityKind::Person, STRONG, None);
        return;
    }
    if let Some(h) = title {
        let mut s = h;
        // A modifier that ends a listed name before the title belongs to the name:
        // "Conservative Party Chairman".
        while s > 0 && words[s - 1].is(cls::TITLE_MOD) && gazetteer_kind(&words[..s]).is_none() {
            s -= 1;
        }
        let mut start = h + 1;
        while start < n && words[start].is(cls::TITLE_HEAD | cls::TITLE_MOD) {
            start += 1;
        }
        let rest = &words[start.min(n)..];
        // A first name after the title makes a person of a surname that is also an
        // organisation word ("Senator Jim Banks"), but kings and queens name institutions
        // ("Queen Elizabeth College").
        let royal = matches!(words[h].s, "King" | "Queen" | "Prince" | "Princess");
        let person =
            !royal && rest.len() <= 3 && rest.first().is_some_and(|w| w.is(cls::FIRST_NAME));
        let rest_org = !person && rest.iter().any(|w| w.is(cls::ORG_SUFFIX));
        if !rest_org || rest.is_empty() {
            if s > 0 {
                classify(&words[..s], ctx, out);
            }
            // An institution inside the title is still named: "Treasury Secretary James Baker".
            for i in s..h {
                if gazetteer_kind(&words[i..=i]) == Some(EntityKind::Org) {
                    push(out, &words[i..=i], EntityKind::Org, STRONG);
                }
            }
            // The title may go on after "for" or "of" ("Assistant Secretary for Economics",
            // "Minister for Foreign Affairs Rene Van Der Linden"): the person is named from a
            // first name on, if at all. A particle opens a surname ("Captain von Trapp").
            let rest = match rest.first() {
                Some(w) if w.c == tokens::LAZY && !w.is(cls::PARTICLE) => rest
                    .iter()
                    .position(|w| w.cap_is(cls::FIRST_NAME))
                    .map_or(&rest[rest.len()..], |j| &rest[j..]),
                _ => rest,
            };
            if !rest.is_empty() {
                if let Some(kind) = gazetteer_kind(rest) {
                    push(out, rest, kind, STRONG);
                } else {
                    // A title is the surest sign of a person: it outweighs guesses elsewhere.
                    push(out, rest, EntityKind::Person, 3 * STRONG);
                }
            }
            return;
        }
    }
    if n == 1 {
        let t = words[0];
        let w = t.s;
        if t.is(cls::GENERIC_ALONE | cls::DEMONYM) {
            return;
        }
        if w.chars().all(|c| !c.is_alphabetic() || c.is_uppercase()) {
            if is_acronym(w) && !t.is(cls::NOT_ORG_ACRONYM) {
                push_as(out, words, EntityKind::Org, WEAK, None);
            }
            return;
        }
        if w.chars().count() < 2 || w.starts_with("I'") || t.is(cls::NOT_ALONE) {
            return;
        }
        if w.ends_with('s') && w[..w.len() - 1].chars().all(|c| c.is_uppercase()) {
            // "MPs", "PCs": plurals of common acronyms.
            return;
        }
        // An unknown single word: context decides, weakly; merging usually settles it.
        // "Sarasota, Fla.": a town before its state or country.
        let kind = if ctx.prev.is_some_and(|p| p.is(cls::PLACE_PREP)) || ctx.place_after {
            EntityKind::Place
        } else if ctx
            .next
            .is_some_and(|nx| nx.is(cls::SPEECH_VERB) || nx.s == "administration")
            || t.is(cls::FIRST_NAME)
        {
            // "the Reagan administration" is named after its president.
            EntityKind::Person
        } else if org_context(ctx) {
            EntityKind::Org
        } else {
            // No evidence: usually a surname or short form of a longer name in the article, which
            // merging picks up; alone it is too often a product, event or common word.
            push_unknown(out, words);
            return;
        };
        push_as(out, words, kind, WEAK, None);
        return;
    }
    if last_is_org || words.iter().any(|w| matches!(w.s, "of" | "for" | "&")) {
        let place_head = words.iter().position(|w| w.s == "of").is_some_and(|i| {
            i > 0
                && matches!(
                    words[i - 1].s,
                    "Gulf"
                        | "Sea"
                        | "Bay"
                        | "Cape"
                        | "Isle"
                        | "Strait"
                        | "Straits"
                        | "River"
                        | "Lake"
                        | "Mount"
                        | "Islands"
                        | "Province"
                        | "City"
                        | "Port"
                )
        });
        let kind = if place_head {
            EntityKind::Place
        } else {
            EntityKind::Org
        };
        push_as(out, words, kind, STRONG, None);
        return;
    }
    if words[0].is(cls::FIRST_NAME) && n <= 4 {
        push_as(out, words, EntityKind::Person, STRONG, None);
        return;
    }
    let has_initial = words[..n - 1]
        .iter()
        .any(|w| w.s.len() == 2 && w.s.ends_with('.') && w.s.starts_with(char::is_uppercase));
    let has_particle = words.iter().any(|w| w.is(cls::PARTICLE));
    if has_initial || has_particle {
        push_as(out, words, EntityKind::Person, STRONG, None);
        return;
    }
    if words.iter().all(|w| is_acronym(w.s)) {
        // An acronym that names no organisation or place ends no run of acronyms ("AOL UK"
        // stays one name). After a listed name the rule above has already cut it ("US TV").
        if words[n - 1].is(cls::NOT_ORG_ACRONYM) && !words[n - 1].is(cls::PLACE1) {
            classify(&words[..n - 1], ctx, out);
        } else {
            push_as(out, words, EntityKind::Org, WEAK, None);
        }
        return;
    }
    let kind = if (ctx.next.is_some_and(|nx| nx.is(cls::SPEECH_VERB)) && n <= 3)
        || (n == 2 && !words[1].is(cls::COMMON))
    {
        EntityKind::Person
    } else {
        EntityKind::Org
    };
    push_as(out, words, shape_kind(words).unwrap_or(kind), WEAK, None);
}

/// The type the shape of an unknown name of several words suggests: place words at its ends
/// ("Santa Monica", "Aegean Sea"), a known organisation or an acronym first ("BBC Scotland",
/// "ABN Amro"), a company word first ("Deutsche Boerse"), a country last ("Air China", but "S
/// Africa" is an initial and a place).
fn shape_kind(words: &[Tok<'_>]) -> Option<EntityKind> {
    let (first, last) = (words[0], words[words.len() - 1]);
    if first.is(cls::ORG_START | cls::ORG1) {
        return Some(EntityKind::Org);
    }
    if last.is(cls::PLACE_END) || first.is(cls::PLACE_START) {
        return Some(EntityKind::Place);
    }
    if first.s.len() >= 3 && is_acronym(first.s) && !first.is(cls::PLACE1) {
        return Some(EntityKind::Org);
    }
    if last.is(cls::PLACE1) && first.s.len() > 2 && !first.is(cls::FIRST_NAME) {
        return Some(EntityKind::Org);
    }
    None
}

/// Context that marks a single unknown word as an organisation ("X shares", "X spokesman").
fn org_context(ctx: &RunCtx<'_>) -> bool {
    ctx.next.is_some_and(|n| {
        matches!(
            n.s,
            "shares" | "stock" | "spokesman" | "spokeswoman" | "officials" | "executives"
        )
    })
}

/// A mention with no evidence of its type: kept only to be merged into a longer name.
fn push_unknown(out: &mut Mentions, words: &[Tok<'_>]) {
    // Only for names that are no gazetteer entry: no lookup.
    push_as(out, words, EntityKind::Org, 0, None);
}

/// One entity being assembled from its mentions.
struct Group<'a> {
    votes: [u32; 3],
    mentions: u32,
    first: usize,
    gazetteer: Option<EntityKind>,
    /// Gazetteer entry (places and organisations in separate id spaces), or `NO_ID`.
    id: u32,
    /// For groups without a gazetteer entry: the hash of the [`key`] and the first form.
    key_hash: u64,
    key_name: &'a str,
    /// How many different forms the group has.
    forms: u32,
    // What the merge works out, once every mention has its group (kept here rather than in a
    // vector each: six allocations an article).
    /// The name the entity goes by (the fullest form) and its score among the forms.
    full: &'a str,
    best: Option<(u32, Fullness)>,
    /// Where the words of `full` are in the merge's list of words.
    words: (usize, usize),
    kind: EntityKind,
    /// The group whose shorter form this one is.
    merged_into: Option<usize>,
    /// Mentions and type votes with those of the groups merged into it.
    total: (u32, [u32; 3]),
}

const NO_ID: u32 = u32::MAX;

impl Group<'_> {
    /// The type of the group's own mentions.
    fn first_kind(&self) -> EntityKind {
        if let Some(kind) = self.gazetteer {
            return kind;
        }
        kind_of_votes(self.votes)
    }
}

/// The type with the most votes (organisation on a tie: the commonest unknown).
fn kind_of_votes(votes: [u32; 3]) -> EntityKind {
    let kinds = [EntityKind::Person, EntityKind::Org, EntityKind::Place];
    let best = (0..3).max_by_key(|&i| (votes[i], i == 1)).unwrap_or(1);
    kinds[best]
}

/// How full a form is: most words, then longest, then not in capitals, then most frequent.
type Fullness = (usize, usize, bool, u32);

fn fullness(f: &str, count: u32) -> Fullness {
    (
        f.bytes().filter(|&b| b == b' ').count() + 1,
        f.len(),
        !f.chars().all(|c| !c.is_lowercase()),
        count,
    )
}

/// The words of a name (`name.split(' ')`), found byte by byte.
fn split_spaces(name: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    name.bytes()
        .enumerate()
        .filter(|&(_, b)| b == b' ')
        .map(|(i, _)| i)
        .chain(std::iter::once(name.len()))
        .map(move |end| {
            let word = name.get(start..end).unwrap_or_default();
            start = end + 1;
            word
        })
}

/// Whether `short` is a short form of the same name as `long`: its initials ("U.S." for "United
/// States") or its last word ("Britain" for "Great Britain").
fn short_form_of(short: &str, long: &str) -> bool {
    if short.len() >= long.len() || !long.contains(' ') {
        return false;
    }
    if long.rsplit(' ').next() == Some(short) {
        return true;
    }
    let initials = long
        .split(' ')
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase());
    initials.eq(short.chars().filter(|c| c.is_alphanumeric()))
}

/// A hash of the [`key`] of `name`, built on the stack for most names.
#[inline]
fn key_hash(name: &str) -> u64 {
    let mut k = lists::Key::new();
    if k.push_word(name) {
        return k.hash();
    }
    lists::hash_bytes(key(name).as_bytes())
}

/// [`key_hash`] of the words of a run joined by spaces (as [`push`] writes a name).
fn run_key_hash(words: &[Tok<'_>]) -> u64 {
    let mut k = lists::Key::new();
    if push_run_key(&mut k, words) {
        return k.hash();
    }
    let mut s = String::new();
    key_of(words, &mut s);
    lists::hash_bytes(s.as_bytes())
}

/// Builds the key of a run of words joined by spaces in `k`; `false` if it does not fit.
fn push_run_key(k: &mut lists::Key, words: &[Tok<'_>]) -> bool {
    words
        .iter()
        .enumerate()
        .all(|(i, w)| (i == 0 || k.push_space()) && k.push_word(w.s))
}

fn kind_index(kind: EntityKind) -> usize {
    match kind {
        EntityKind::Person => 0,
        EntityKind::Org => 1,
        EntityKind::Place => 2,
    }
}

/// Classes of a word that make a two-word name something other than a given name and a surname
/// ("Centrust Savings", "Emery Air" of a headline): no short form of it is a given name.
const NOT_A_SURNAME: u32 =
    cls::ORG_SUFFIX | cls::ORG_WORD | cls::LEGAL | cls::PLACE_WORD | cls::COMMON;

/// Whether two runs of a name's words are the same words, commas after them aside: "Goldman
/// Sachs" is the start of "Goldman, Sachs and Co".
#[inline]
fn same_words(a: &[&str], b: &[&str]) -> bool {
    fn bare(w: &str) -> &str {
        w.strip_suffix(',').unwrap_or(w)
    }
    a.len() == b.len()
        && a.iter()
            .zip(b)
            // Equal words, or equal once a comma after one of them is dropped.
            .all(|(x, y)| x == y || bare(x) == bare(y))
}

/// Whether two names have the same [`key`], without building the keys.
fn same_key(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        fn norm(s: &str) -> impl Iterator<Item = u8> + '_ {
            s.bytes().filter(|&c| c != b'.').map(|c| match c {
                b'-' => b' ',
                c => c.to_ascii_lowercase(),
            })
        }
        return norm(a).eq(norm(b));
    }
    key(a) == key(b)
}

/// Merges the mentions of an article into entities under their fullest names.
fn merge(mentions: &Mentions, buffers: &mut MergeBuffers, mut f: impl FnMut(&str, EntityKind)) {
    let text = mentions.text.as_str();
    let works = mentions.works.as_slice();
    let mut groups: Vec<Group> = recycle(std::mem::take(&mut buffers.groups));
    // Every distinct (group, form) with its count, in order of first use.
    let mut forms: Vec<(usize, &str, u32)> = recycle(std::mem::take(&mut buffers.forms));
    for (pos, m) in mentions.list.iter().enumerate() {
        let name = &text[m.name.0 as usize..m.name.1 as usize];
        let (id, hash) = match m.group {
            Some((EntityKind::Place, id)) => (id, 0),
            Some((_, id)) => (id + (1 << 30), 0),
            None => (NO_ID, key_hash(name)),
        };
        let found = groups.iter().position(|g| {
            g.id == id && (id != NO_ID || (g.key_hash == hash && same_key(g.key_name, name)))
        });
        let gi = match found {
            Some(gi) => gi,
            None => {
                groups.push(Group {
                    votes: [0; 3],
                    mentions: 0,
                    first: pos,
                    gazetteer: m.group.map(|(kind, _)| kind),
                    id,
                    key_hash: hash,
                    key_name: name,
                    forms: 0,
                    full: "",
                    best: None,
                    words: (0, 0),
                    kind: EntityKind::Org,
                    merged_into: None,
                    total: (0, [0; 3]),
                });
                groups.len() - 1
            }
        };
        let g = &mut groups[gi];
        g.mentions += 1;
        g.votes[kind_index(m.kind)] += m.weight;
        match forms.iter_mut().find(|(fg, f, _)| *fg == gi && *f == name) {
            Some((_, _, c)) => *c += 1,
            None => {
                forms.push((gi, name, 1));
                g.forms += 1;
            }
        }
    }

    // The fullest form of each group (the last seen of equals). A listed place may go by
    // different names ("US" and "America", "UK" and "Britain"): the main name is the one used
    // most, counting its short forms ("U.S." for "United States", "Britain" for "Great
    // Britain"), and the fullest form of that name is given.
    for &(gi, f, c) in &forms {
        if groups[gi].forms == 1 {
            // The only form (most groups): nothing to weigh.
            groups[gi].full = f;
            continue;
        }
        let uses = if groups[gi].gazetteer == Some(EntityKind::Place) {
            forms
                .iter()
                .filter(|&&(g, o, _)| g == gi && (o == f || short_form_of(o, f)))
                .map(|&(_, _, oc)| oc)
                .sum()
        } else {
            0
        };
        let score = (uses, fullness(f, c));
        if groups[gi].best.is_none_or(|b| score >= b) {
            groups[gi].best = Some(score);
            groups[gi].full = f;
        }
    }
    // The words of the names (one flat list), to find shorter forms of longer names.
    let mut all_words: Vec<&str> = recycle(std::mem::take(&mut buffers.words));
    for g in groups.iter_mut() {
        let start = all_words.len();
        all_words.extend(split_spaces(g.full));
        g.words = (start, all_words.len());
        g.kind = g.first_kind();
        g.total = (g.mentions, g.votes);
    }
    let mut names: Vec<&[&str]> = recycle(std::mem::take(&mut buffers.names));
    names.extend(groups.iter().map(|g| &all_words[g.words.0..g.words.1]));
    let n = groups.len();
    // Guessed organisations that took a person's surname (rare: no allocation otherwise).
    let mut surname_of: Vec<usize> = Vec::new();
    let mut targets = std::mem::take(&mut buffers.targets);
    let mut loose = std::mem::take(&mut buffers.loose);
    for i in 0..n {
        if groups[i].gazetteer == Some(EntityKind::Place) {
            continue;
        }
        let short = &names[i];
        targets.clear();
        // An acronym of a longer organisation name ("IMF" for "International Monetary Fund").
        if short.len() == 1 && is_acronym(short[0]) {
            let letters = || short[0].chars().filter(|c| c.is_alphanumeric());
            let n_letters = letters().count();
            for j in 0..n {
                if j != i && names[j].len() >= 2 && groups[j].kind != EntityKind::Person {
                    let initials = names[j]
                        .iter()
                        .filter(|w| w.starts_with(char::is_uppercase))
                        .filter_map(|w| w.chars().next());
                    // Capitalised parts of hyphenated words count too: "IADB" for
                    // "Inter-American Development Bank".
                    let part_initials = names[j]
                        .iter()
                        .flat_map(|w| w.split('-'))
                        .filter(|w| w.starts_with(char::is_uppercase))
                        .filter_map(|w| w.chars().next());
                    if initials.eq(letters())
                        || (names[j].len() < n_letters
                            && names[j].iter().any(|w| w.contains('-'))
                            && part_initials.eq(letters()))
                    {
                        targets.push(j);
                    }
                }
            }
        }
        if targets.is_empty() {
            for j in 0..n {
                let long = &names[j];
                if j == i
                    || long.len() <= short.len()
                    || groups[j].gazetteer == Some(EntityKind::Place)
                {
                    continue;
                }
                // A partner named first is not the partnership ("Ivan F. Boesky" and "Ivan F.
                // Boesky and Co LP").
                let prefix = same_words(&long[..short.len()], short)
                    && !(long[short.len()] == "and" && groups[i].kind == EntityKind::Person);
                let suffix = same_words(&long[long.len() - short.len()..], short);
                let ok = match groups[j].kind {
                    // A surname, a shorter form of a person's name, or the first name alone
                    // ("Paul" after "Paul Boateng", "with Roger" after "Roger Federer"; also
                    // the family name that leads a Chinese name, "Zhao" for "Zhao Ziyang", and
                    // the given name by which Thai and Indonesian names are used, "Santi" for
                    // "Santi Chaiviratana"). Not a listed name: "Heinz" the company beside
                    // "Heinz Krug".
                    EntityKind::Person => {
                        suffix
                            || (prefix && short.len() >= 2)
                            || (prefix
                                && groups[i].gazetteer.is_none()
                                && (lists::class(short[0]) & cls::FIRST_NAME != 0
                                    || (groups[i].kind == EntityKind::Person
                                        && long.len() == 2
                                        && lists::class(long[1]) & NOT_A_SURNAME == 0)))
                    }
                    // "Chrysler" for "Chrysler Corp", "Commerce Department" for "U.S. Commerce Department".
                    // A person's surname makes a guessed two-word organisation a person ("Mr
                    // Gut" and "Rainer Gut").
                    EntityKind::Org => {
                        (suffix
                            && short.len() == 1
                            && long.len() == 2
                            && groups[i].kind == EntityKind::Person
                            && groups[i].votes[0] > 0
                            && groups[j].gazetteer.is_none()
                            && groups[j].votes[1] < STRONG)
                            || (prefix
                                && long[short.len()..]
                                    .iter()
                                    .all(|w| lists::ORG_SUFFIXES.contains(*w)))
                            || (suffix && short.len() >= 2)
                            || (prefix && short.len() >= 2)
                    }
                    EntityKind::Place => false,
                };
                if ok && !(groups[i].kind == EntityKind::Place && groups[i].gazetteer.is_some()) {
                    targets.push(j);
                } else if groups[j].kind == EntityKind::Org
                    && short.len() == 1
                    && prefix
                    && groups[i].gazetteer.is_none()
                    && !is_acronym(short[0])
                    && lists::LEGAL_FORMS.contains(long[long.len() - 1])
                {
                    // Wire copy names a company in full once, then by its first word
                    // ("Drexel Burnham Lambert Inc" ... "Drexel"): a weaker match, taken only
                    // when no closer one is found. A known name or an acronym ("BHP" beside
                    // "BHP Gold Mines Ltd") is more often the parent of a subsidiary.
                    loose.push(j);
                }
            }
            if targets.is_empty() {
                targets.append(&mut loose);
            }
            loose.clear();
        }
        if let Some(&target) = targets
            .iter()
            .max_by_key(|&&j| (groups[j].mentions, std::cmp::Reverse(groups[j].first)))
        {
            groups[i].merged_into = Some(target);
            if groups[target].kind == EntityKind::Org
                && groups[i].kind == EntityKind::Person
                && short.len() == 1
                && names[target].len() == 2
                && names[target][1] == short[0]
                && groups[target].gazetteer.is_none()
                && groups[target].votes[1] < STRONG
            {
                // A guessed organisation that took a person's surname (above) was a person.
                surname_of.push(target);
            }
        }
    }
    // Fold merged groups into their targets (following chains).
    // Mentions and type votes: the type evidence of the short forms counts for the full name
    // ("Reagan said" for "Ronald Reagan").
    for i in 0..n {
        let (mentions, votes, gazetteer) =
            (groups[i].mentions, groups[i].votes, groups[i].gazetteer);
        let mut t = i;
        let mut steps = 0;
        while let Some(next) = groups[t].merged_into {
            t = next;
            steps += 1;
            if steps > n {
                break;
            }
        }
        if t != i {
            groups[t].total.0 += mentions;
            // A listed organisation's name as the surname of a named person ("Lewis Moody",
            // then "Moody") is the person's: its list type does not vote.
            let surname_of_person = gazetteer == Some(EntityKind::Org)
                && groups[t].kind == EntityKind::Person
                && names[t].len() >= 2
                && lists::class(names[t][0]) & cls::FIRST_NAME != 0;
            if !surname_of_person {
                for (v, gv) in groups[t].total.1.iter_mut().zip(votes) {
                    *v += gv;
                }
            }
        }
    }
    for (t, g) in groups.iter_mut().enumerate() {
        if surname_of.contains(&t) {
            g.kind = EntityKind::Person;
        } else if g.merged_into.is_none() && g.gazetteer.is_none() && g.total.1 != g.votes {
            g.kind = kind_of_votes(g.total.1);
        }
    }
    let mut out = std::mem::take(&mut buffers.out);
    out.clear();
    out.extend(
        groups
            .iter()
            .enumerate()
            .filter(|(_, g)| {
                g.merged_into.is_none()
                    && (g.gazetteer.is_some() || g.votes.iter().any(|&v| v > 0) || g.mentions >= 2)
                    && (works.is_empty()
                        || g.gazetteer.is_some()
                        || !works.contains(&key_hash(g.full)))
            })
            .map(|(i, g)| (g.total.0, g.first, i)),
    );
    out.sort_by_key(|&(count, first, _)| (std::cmp::Reverse(count), first));
    // Two entries share a name only when their types differ.
    let mut kept = std::mem::take(&mut buffers.kept);
    kept.clear();
    for &(_, _, i) in &out {
        // The forms of a group without a gazetteer entry share its key.
        let h = if groups[i].id == NO_ID {
            groups[i].key_hash
        } else {
            key_hash(groups[i].full)
        };
        if !kept.iter().any(|&(hj, j)| {
            hj == h && groups[j].kind == groups[i].kind && same_key(groups[j].full, groups[i].full)
        }) {
            kept.push((h, i));
        }
    }
    for &(_, i) in &kept {
        f(groups[i].full, groups[i].kind);
    }
    *buffers = MergeBuffers {
        names: recycle(names),
        words: recycle(all_words),
        forms: recycle(forms),
        groups: recycle(groups),
        targets,
        loose,
        out,
        kept,
    };
}

/// The vectors of [`merge`], kept between articles ([`Buffers`]).
#[derive(Default)]
struct MergeBuffers {
    groups: Vec<Group<'static>>,
    forms: Vec<(usize, &'static str, u32)>,
    words: Vec<&'static str>,
    names: Vec<&'static [&'static str]>,
    targets: Vec<usize>,
    loose: Vec<usize>,
    out: Vec<(u32, usize, usize)>,
    kept: Vec<(u64, usize)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_in_capitals_by_all_its_letters() {
        assert!(mostly_upper_case("SRI LANKA TALKS RESUME"));
        assert!(!mostly_upper_case("Sri Lanka talks resume"));
        assert!(!mostly_upper_case("UN"));
        // Decided by the whole text, not by its first blocks of bytes...
        let late = format!(
            "{}{}",
            "a lower-case start. ".repeat(20),
            "CAPITALS ".repeat(200)
        );
        assert!(mostly_upper_case(&late));
        let early = format!(
            "{}{}",
            "CAPITALS ".repeat(200),
            "a lower-case end. ".repeat(20)
        );
        assert!(mostly_upper_case(&early));
        // ...even when the rest could just tip it.
        let even = format!("{}{}", "ab".repeat(300), "CDEF".repeat(300));
        assert!(!mostly_upper_case(&even));
        assert!(mostly_upper_case(&format!("{even}G")));
    }

    #[test]
    fn a_headline_takes_the_case_its_body_gives_each_word() {
        let body = "Fans in Kelmscott and Sri Lanka cheered, as new fans do.";
        let words = tokens::tokenise(body).words;
        let recase = |title: &str| {
            let mut out = String::new();
            recase_from_body(title, &words, &mut HeadBuffers::default(), &mut out);
            out
        };
        assert_eq!(
            recase("NEW FANS CHEER IN KELMSCOTT"),
            "new fans cheer in Kelmscott"
        );
        // Past the words whose buckets are chained, every word is still compared.
        let recased = recase(&format!("{}KELMSCOTT", "FANS ".repeat(300)));
        assert!(recased.ends_with("fans Kelmscott"), "{recased}");
    }
}
