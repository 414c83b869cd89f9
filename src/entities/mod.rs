//! Named entities: the people, organisations and places an article mentions.
//!
//! This first extractor finds runs of capitalised words and types them with small word lists
//! (places, organisation words, honorifics). It is cheap enough to run on every article.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

mod lists;

/// The kinds of entity newsearch extracts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityKind {
    /// A person.
    Person,
    /// A company, institution, party, team or other organisation.
    Org,
    /// A country, city, region or other place.
    Place,
}

impl EntityKind {
    /// The upper-case label used in the index and in JSON output.
    pub fn label(self) -> &'static str {
        match self {
            EntityKind::Person => "PERSON",
            EntityKind::Org => "ORG",
            EntityKind::Place => "PLACE",
        }
    }

    /// Parses a label written by [`EntityKind::label`] (case-insensitive).
    pub fn from_label(label: &str) -> Option<EntityKind> {
        match label.to_ascii_uppercase().as_str() {
            "PERSON" => Some(EntityKind::Person),
            "ORG" => Some(EntityKind::Org),
            "PLACE" => Some(EntityKind::Place),
            _ => None,
        }
    }
}

/// One distinct entity of an article, under its fullest name in the article.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Entity {
    /// The name as the article writes it at its fullest ("Sergei Lavrov", not "Lavrov").
    pub name: String,
    /// What kind of thing it names.
    #[serde(rename = "type")]
    pub kind: EntityKind,
}

/// Extracts the distinct entities of an article from its title and body.
pub fn extract(title: &str, body: &str) -> Vec<Entity> {
    let mut found: Vec<(String, EntityKind)> = Vec::new();
    for text in [title, body] {
        if mostly_upper_case(text) {
            continue;
        }
        for candidate in candidates(text) {
            if let Some(kind) = classify(&candidate) {
                found.push((candidate.name(), kind));
            }
        }
    }
    merge(found)
}

/// Wire copy and old collections are often set in capitals, where capitalisation says nothing.
fn mostly_upper_case(text: &str) -> bool {
    let (upper, lower) = text.chars().fold((0usize, 0usize), |(u, l), c| {
        (u + c.is_uppercase() as usize, l + c.is_lowercase() as usize)
    });
    upper > lower
}

/// A run of capitalised words.
struct Candidate<'a> {
    words: Vec<&'a str>,
    at_sentence_start: bool,
    honorific: bool,
}

impl Candidate<'_> {
    fn name(&self) -> String {
        self.words.join(" ")
    }
}

fn is_capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.any(char::is_alphabetic)
        || (word.len() >= 2 && word.chars().all(|c| c.is_ascii_uppercase()))
}

fn candidates(text: &str) -> Vec<Candidate<'_>> {
    let mut out = Vec::new();
    let mut current: Option<Candidate> = None;
    let mut sentence_start = true;
    let mut pending_connector: Option<&str> = None;
    for raw in text.split_whitespace() {
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'');
        let word = word.strip_suffix("'s").unwrap_or(word);
        let ends_sentence =
            raw.ends_with(['.', '!', '?', ':', '"']) && !lists::is_abbreviation(word);
        let ends_phrase = ends_sentence || raw.ends_with([',', ';', ')', '"']);
        if word.is_empty() {
            flush(&mut current, &mut out);
            sentence_start |= ends_sentence;
            continue;
        }
        if lists::HONORIFICS.contains(&word.trim_end_matches('.')) {
            flush(&mut current, &mut out);
            current = Some(Candidate {
                words: Vec::new(),
                at_sentence_start: false,
                honorific: true,
            });
            sentence_start = false;
            continue;
        }
        if is_capitalised(word) && !lists::is_function_word(word) {
            match current.as_mut() {
                Some(c) => {
                    if let Some(connector) = pending_connector.take() {
                        c.words.push(connector);
                    }
                    c.words.push(word)
                }
                None => {
                    current = Some(Candidate {
                        words: vec![word],
                        at_sentence_start: sentence_start,
                        honorific: false,
                    })
                }
            }
            pending_connector = None;
        } else if current.as_ref().is_some_and(|c| !c.words.is_empty())
            && lists::CONNECTORS.contains(&word)
            && pending_connector.is_none()
            && !ends_phrase
        {
            pending_connector = Some(word);
        } else {
            pending_connector = None;
            flush(&mut current, &mut out);
        }
        if ends_phrase {
            pending_connector = None;
            flush(&mut current, &mut out);
        }
        sentence_start = ends_sentence;
    }
    flush(&mut current, &mut out);
    out
}

fn flush<'a>(current: &mut Option<Candidate<'a>>, out: &mut Vec<Candidate<'a>>) {
    if let Some(c) = current.take() {
        if !c.words.is_empty() {
            out.push(c);
        }
    }
}

fn classify(c: &Candidate) -> Option<EntityKind> {
    let name = c.name();
    if lists::is_place(&name) {
        return Some(EntityKind::Place);
    }
    let last = *c.words.last()?;
    if lists::ORG_WORDS.contains(&last) || c.words.iter().any(|w| lists::ORG_HEADS.contains(w)) {
        return Some(EntityKind::Org);
    }
    if c.honorific {
        return Some(EntityKind::Person);
    }
    if c.words.len() == 1 {
        let word = c.words[0];
        if lists::is_demonym_or_common(word) || c.at_sentence_start {
            return None;
        }
        if word.len() >= 2 && word.len() <= 6 && word.chars().all(|ch| ch.is_ascii_uppercase()) {
            return Some(EntityKind::Org);
        }
        return Some(EntityKind::Person);
    }
    if c.words.iter().any(|w| lists::is_demonym_or_common(w)) {
        return None;
    }
    if (2..=3).contains(&c.words.len()) && lists::is_first_name(c.words[0]) {
        return Some(EntityKind::Person);
    }
    Some(EntityKind::Org)
}

/// Merges short forms into the fullest name of the same entity ("Lavrov" into "Sergei Lavrov")
/// and keeps each entity once.
fn merge(found: Vec<(String, EntityKind)>) -> Vec<Entity> {
    let mut names: Vec<(String, EntityKind)> = Vec::new();
    let mut by_length = found;
    by_length.sort_by_key(|(name, _)| std::cmp::Reverse(name.split(' ').count()));
    let mut votes: HashMap<String, HashMap<EntityKind, usize>> = HashMap::new();
    for (name, kind) in by_length {
        let full = names
            .iter()
            .find(|(full, full_kind)| {
                *full == name
                    || (*full_kind == EntityKind::Person
                        && kind != EntityKind::Place
                        && full.ends_with(&format!(" {name}")))
            })
            .map(|(full, _)| full.clone());
        let key = match full {
            Some(full) => full,
            None => {
                names.push((name.clone(), kind));
                name
            }
        };
        *votes.entry(key).or_default().entry(kind).or_default() += 1;
    }
    // Most mentioned first, so that the entities shown with a hit are the ones it is about.
    let mentions = |name: &str| votes.get(name).map_or(0, |v| v.values().sum::<usize>());
    let mut entities: Vec<(usize, Entity)> = names
        .into_iter()
        .map(|(name, first_kind)| {
            let kind = votes
                .get(&name)
                .and_then(|v| v.iter().max_by_key(|(k, n)| (**n, **k == first_kind)))
                .map_or(first_kind, |(k, _)| *k);
            (mentions(&name), Entity { name, kind })
        })
        .collect();
    entities.sort_by_key(|(count, _)| std::cmp::Reverse(*count));
    entities.into_iter().map(|(_, entity)| entity).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(entities: &[Entity]) -> Vec<(&str, EntityKind)> {
        entities.iter().map(|e| (e.name.as_str(), e.kind)).collect()
    }

    #[test]
    fn finds_and_merges_people_places_and_orgs() {
        let found = extract(
            "Trump to meet Lavrov",
            "President Donald Trump will meet Sergei Lavrov in Washington. \
             Lavrov said the United Nations should act on North Korea.",
        );
        let found = names(&found);
        assert!(
            found.contains(&("Sergei Lavrov", EntityKind::Person)),
            "{found:?}"
        );
        assert!(
            found.contains(&("Donald Trump", EntityKind::Person)),
            "{found:?}"
        );
        assert!(
            found.contains(&("Washington", EntityKind::Place)),
            "{found:?}"
        );
        assert!(
            found.contains(&("North Korea", EntityKind::Place)),
            "{found:?}"
        );
        assert!(
            found.contains(&("United Nations", EntityKind::Org)),
            "{found:?}"
        );
        assert!(!found.iter().any(|(n, _)| *n == "Lavrov"), "{found:?}");
    }

    #[test]
    fn all_caps_text_yields_nothing() {
        assert!(extract(
            "",
            "THE ALLIES AFTER NASSAU MET IN PARIS . THE U.S . AGREED"
        )
        .is_empty());
    }
}
