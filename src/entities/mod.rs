//! Named entities: the people, organisations and places an article mentions.
//!
//! The extractor follows the annotation guidelines of `../shared/data/entities-dev/GUIDELINES.md`:
//! it finds runs of capitalised words (with "of" and name particles inside them), drops
//! sentence-initial common words, titles, nationalities and generic words, types each name with
//! gazetteers the project wrote (places, organisations, first names) and with name shapes
//! (organisation suffixes, titles, initials), and then merges, per article, the forms of one entity
//! under its fullest name: a surname into the full name, an acronym into its expansion, country
//! synonyms ("US", "United States") into one entry. All-capitals headlines are recased from the
//! body; all-capitals texts yield only gazetteer names. In sports reports the line-ups are read as
//! lists of players, and a club's town or nickname names the club. Everything is rule-based and cheap enough
//! to run on every article.

use serde::{Deserialize, Serialize};

mod extract;
mod lineup;
mod lists;
mod tokens;

#[cfg(test)]
mod tests;

pub use extract::{extract, extract_each};

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
