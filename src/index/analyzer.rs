//! How text becomes index terms: words split on non-alphanumerics, lower-cased, accents
//! folded, common function words dropped, and stemmed, so `tariffs` finds `tariff` and
//! `Zurich` finds `Zürich`.
//!
//! Every step after the split depends on the word alone, and news text repeats a small
//! vocabulary, so the steps run once per distinct word and their result is remembered:
//! stemming was over a quarter of indexing time, the lookup is a fraction of that.

use hashbrown::HashTable;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenStream,
    SimpleTokenizer, Stemmer, StopWordFilter, TextAnalyzer, Token, TokenStream, Tokenizer,
};
use tantivy::Index;
use xxhash_rust::xxh3::xxh3_64;

/// Name under which the English analyzer is registered with tantivy.
pub const ANALYZER: &str = "news_en";

/// Words longer than this many bytes are dropped (they are not words but base64, URLs, runs).
pub(crate) const LONGEST_WORD: usize = 40;

/// Distinct words remembered per analyzer before it starts afresh: a few MB, and more than a
/// news corpus's everyday vocabulary, so that the rare words churn, not the common ones.
const REMEMBERED_WORDS: usize = 1 << 16;

/// The analyzer for English news text (see the module documentation).
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::from(NewsTokenizer::default())
}

/// The first steps of [`analyzer`]: words split, lower-cased and accent-folded, before
/// function words are dropped and the rest stemmed.
pub fn word_splitter() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_WORD))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// How the entity filters read names: [`word_splitter`] alone. A name is matched by its words
/// as written, ignoring case and accents, but not stemmed and with no word dropped: `--entity
/// banking` must not find "Jim Banks", nor `Reuter` the news agency.
pub fn names_analyzer() -> TextAnalyzer {
    word_splitter()
}

/// Registers newsearch's analyzer with an index; needed every time an index is opened.
pub fn register_analyzers(index: &Index) {
    index.tokenizers().register(ANALYZER, analyzer());
}

/// The steps after the split, as tantivy's own filters, applied to one word at a time.
fn word_normaliser() -> TextAnalyzer {
    let builder = TextAnalyzer::builder(RawTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_WORD))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter);
    match StopWordFilter::new(Language::English) {
        Some(stop_words) => builder
            .filter(stop_words)
            .filter(Stemmer::new(Language::English))
            .build(),
        None => builder.filter(Stemmer::new(Language::English)).build(),
    }
}

/// Splits text into words and normalises each with [`word_normaliser`], remembering results.
#[derive(Clone)]
struct NewsTokenizer {
    words: SimpleTokenizer,
    terms: TermCache,
}

impl Default for NewsTokenizer {
    fn default() -> Self {
        NewsTokenizer {
            words: SimpleTokenizer::default(),
            terms: TermCache {
                normalise: word_normaliser(),
                text: String::new(),
                known: HashTable::new(),
            },
        }
    }
}

/// Each word seen and its term, kept in one buffer: two small allocations per word would
/// cost more than the table itself.
#[derive(Clone)]
struct TermCache {
    normalise: TextAnalyzer,
    /// Each word followed by its term.
    text: String,
    known: HashTable<Known>,
}

/// Where a word and its term sit in [`TermCache::text`].
#[derive(Clone, Copy)]
struct Known {
    start: u32,
    word_len: u8,
    /// [`DROPPED`] when the word yields no term.
    term_len: u8,
}

const DROPPED: u8 = u8::MAX;

impl Known {
    fn word(self, text: &str) -> &str {
        let start = self.start as usize;
        &text[start..start + usize::from(self.word_len)]
    }

    fn term(self, text: &str) -> Option<&str> {
        let start = self.start as usize + usize::from(self.word_len);
        (self.term_len != DROPPED).then(|| &text[start..start + usize::from(self.term_len)])
    }
}

fn hash(word: &str) -> u64 {
    xxh3_64(word.as_bytes())
}

impl TermCache {
    /// Turns `word` into its term in place; false when the word yields no term.
    fn apply(&mut self, word: &mut String) -> bool {
        // What `RemoveLongFilter` drops, decided here so that such words are never remembered:
        // a run of unique long tokens (base64, URLs) would fill the table with them.
        if word.len() >= LONGEST_WORD {
            return false;
        }
        let h = hash(word);
        let text = &self.text;
        if let Some(known) = self.known.find(h, |k| k.word(text) == word.as_str()) {
            return match known.term(text) {
                Some(term) => {
                    word.clear();
                    word.push_str(term);
                    true
                }
                None => false,
            };
        }
        let term = self
            .normalise
            .token_stream(word)
            .next()
            .map(|t| t.text.clone());
        self.remember(h, word, term.as_deref());
        match term {
            Some(term) => {
                *word = term;
                true
            }
            None => false,
        }
    }

    fn remember(&mut self, h: u64, word: &str, term: Option<&str>) {
        // Words are shorter than `LONGEST_WORD` bytes, and their terms at most a few times
        // that (folding can lengthen a word); a term that does not fit is not remembered.
        let term_len = term.map_or(Some(DROPPED), |t| {
            u8::try_from(t.len()).ok().filter(|&l| l != DROPPED)
        });
        let (Ok(word_len), Some(term_len)) = (u8::try_from(word.len()), term_len) else {
            return;
        };
        if self.known.len() >= REMEMBERED_WORDS {
            self.known.clear();
            self.text.clear();
        }
        let Ok(start) = u32::try_from(self.text.len()) else {
            return;
        };
        self.text.push_str(word);
        self.text.push_str(term.unwrap_or(""));
        let text = &self.text;
        self.known.insert_unique(
            h,
            Known {
                start,
                word_len,
                term_len,
            },
            |k| hash(k.word(text)),
        );
    }
}

impl Tokenizer for NewsTokenizer {
    type TokenStream<'a> = NewsTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> NewsTokenStream<'a> {
        NewsTokenStream {
            words: self.words.token_stream(text),
            terms: &mut self.terms,
        }
    }
}

/// The terms of one text, at the positions and offsets of their words.
struct NewsTokenStream<'a> {
    words: SimpleTokenStream<'a>,
    terms: &'a mut TermCache,
}

impl TokenStream for NewsTokenStream<'_> {
    fn advance(&mut self) -> bool {
        while self.words.advance() {
            if self.terms.apply(&mut self.words.token_mut().text) {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.words.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.words.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// tantivy's filter chain over the whole text: what [`analyzer`] must reproduce.
    fn reference() -> TextAnalyzer {
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(LONGEST_WORD))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(
                StopWordFilter::new(Language::English)
                    .unwrap_or_else(|| StopWordFilter::remove([])),
            )
            .filter(Stemmer::new(Language::English))
            .build()
    }

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        analyzer
            .token_stream(text)
            .process(&mut |t| out.push(t.clone()));
        out
    }

    #[test]
    fn same_terms_positions_and_offsets_as_the_filter_chain() {
        let texts = [
            "The Tariffs were RAISED in Zürich; the tariff rises, and rises again.",
            "Naïve café owners' 1987 results: $4.5 billion, up 12 pct from 1986's.",
            "Ünïcödé ΑΘΗΝΑ Москва 北京 — it is the end of an era, isn't it?",
            "a an and are as at be but by for if in into is it no not of on or such",
            &format!(
                "short {} {} {} tail",
                "x".repeat(60),
                "y".repeat(39),
                "z".repeat(40)
            ),
            "",
        ];
        let mut ours = analyzer();
        let mut theirs = reference();
        // Twice each, so that the second pass is served from memory.
        for text in texts.iter().chain(texts.iter()) {
            assert_eq!(tokens(&mut ours, text), tokens(&mut theirs, text), "{text}");
        }
    }

    #[test]
    fn stays_bounded_and_correct_when_it_starts_afresh() {
        let mut ours = NewsTokenizer::default();
        let mut theirs = reference();
        let text: String = (0..REMEMBERED_WORDS + 100)
            .map(|i| format!("Word{i}s running "))
            .collect();
        let mut got = Vec::new();
        ours.token_stream(&text)
            .process(&mut |t| got.push(t.clone()));
        assert_eq!(got, tokens(&mut theirs, &text));
        assert!(ours.terms.known.len() <= REMEMBERED_WORDS);
        assert!(ours
            .terms
            .known
            .iter()
            .any(|k| k.word(&ours.terms.text) == "running"));
    }
}
