//! The index schema: every field name and option in one place, handed out as typed handles.

use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, Schema, TextFieldIndexing,
    TextOptions, FAST, INDEXED, STORED, STRING,
};

use super::analyzer::ANALYZER;
use crate::entities::EntityKind;

/// Handles to every field of the index.
#[derive(Debug, Clone)]
pub struct Fields {
    /// The schema the handles belong to.
    pub schema: Schema,
    /// Article id (exact, stored).
    pub id: Field,
    /// Absolute path of the source file: the key of incremental updates.
    pub path: Field,
    /// Headline (analysed, stored).
    pub title: Field,
    /// Publication time (indexed for range filters, fast for sorting).
    pub date: Field,
    /// Article text (analysed with positions for phrases, stored for snippets).
    pub body: Field,
    /// `TYPE:Name` of each entity: a fast column, for display, counting and the entity filters.
    /// Entity names are not indexed as words: see `search::entity_query`.
    pub entity_tag: Field,
    /// Source URL.
    pub url: Field,
    /// Author names (analysed, stored).
    pub author: Field,
    /// Publisher or collection (analysed, stored).
    pub source: Field,
    /// Modification time of the source file (nanoseconds since the epoch), to spot changes.
    pub file_mtime: Field,
    /// Size of the source file in bytes, to spot changes.
    pub file_size: Field,
    /// Hash of the article's content, to tell updated articles from re-read unchanged ones.
    pub content_hash: Field,
}

impl Fields {
    /// Builds newsearch's schema.
    pub fn new() -> Fields {
        let mut b = Schema::builder();
        let analysed = |stored: bool| {
            let indexing = TextFieldIndexing::default()
                .set_tokenizer(ANALYZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions);
            let options = TextOptions::default().set_indexing_options(indexing);
            if stored {
                options.set_stored()
            } else {
                options
            }
        };
        // Not fast fields: see `Manifest::load`.
        let id = b.add_text_field("id", STRING | STORED);
        let path = b.add_text_field("path", STRING | STORED);
        let title = b.add_text_field("title", analysed(true));
        let date = b.add_date_field(
            "date",
            DateOptions::from(INDEXED | STORED | FAST).set_precision(DateTimePrecision::Seconds),
        );
        let body = b.add_text_field("body", analysed(true));
        // Not indexed: see `search::entity_query`.
        let entity_tag = b.add_text_field("entity_tag", FAST);
        let url = b.add_text_field("url", STRING | STORED);
        let author = b.add_text_field("author", analysed(true));
        let source = b.add_text_field("source", analysed(true));
        let file_mtime = b.add_u64_field("file_mtime", FAST);
        let file_size = b.add_u64_field("file_size", FAST);
        let content_hash = b.add_u64_field("content_hash", FAST);
        Fields {
            schema: b.build(),
            id,
            path,
            title,
            date,
            body,
            entity_tag,
            url,
            author,
            source,
            file_mtime,
            file_size,
            content_hash,
        }
    }
}

/// The value of an entity in [`Fields::entity_tag`], `TYPE:Name`, put together by hand:
/// `format!` took ~800 instructions a tag, 1 % of a whole indexing run. With an empty name,
/// the start of every tag of the type.
pub fn entity_tag(name: &str, kind: EntityKind) -> String {
    let label = kind.label();
    let mut tag = String::with_capacity(label.len() + 1 + name.len());
    tag.push_str(label);
    tag.push(':');
    tag.push_str(name);
    tag
}

/// The type and the name of an [`entity_tag`].
pub fn parse_entity_tag(tag: &str) -> Option<(EntityKind, &str)> {
    let (kind, name) = tag.split_once(':')?;
    Some((EntityKind::from_label(kind)?, name))
}

impl Default for Fields {
    fn default() -> Self {
        Fields::new()
    }
}
