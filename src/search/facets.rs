//! Facets: which entities come up most among all the articles a query matches.

use std::collections::BTreeMap;

use serde::Serialize;
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::agg_result::{AggregationResult, BucketResult};
use tantivy::aggregation::AggregationCollector;

use crate::entities::EntityKind;
use crate::error::{Error, Result};
use crate::index::{schema, NewsIndex};

/// How many distinct entities are counted before they are split by type: enough that each
/// type keeps its own top ten even when one type dominates.
const COUNTED: usize = 300;

/// An entity and the number of articles that mention it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityCount {
    /// The entity's name.
    pub name: String,
    /// Its kind.
    #[serde(rename = "type")]
    pub kind: EntityKind,
    /// Articles that mention it.
    pub count: u64,
}

/// The most mentioned entities of each type among the matches, most frequent first.
pub type Facets = BTreeMap<EntityKind, Vec<EntityCount>>;

/// Counts the entities of every article matching `query` (not just a page of hits) and keeps
/// the `top` of each type.
pub fn facets(
    news: &NewsIndex,
    searcher: &tantivy::Searcher,
    query: &dyn tantivy::query::Query,
    top: usize,
) -> Result<Facets> {
    let mut facets = Facets::new();
    for count in count_entities(news, searcher, query, COUNTED.max(top))? {
        let of_kind = facets.entry(count.kind).or_default();
        if of_kind.len() < top {
            of_kind.push(count);
        }
    }
    Ok(facets)
}

/// The `top` most frequent entities among the articles matching `query`, most frequent first.
pub fn count_entities(
    news: &NewsIndex,
    searcher: &tantivy::Searcher,
    query: &dyn tantivy::query::Query,
    top: usize,
) -> Result<Vec<EntityCount>> {
    let field = news.fields.schema.get_field_name(news.fields.entity_tag);
    let request: Aggregations = serde_json::from_value(serde_json::json!({
        "entities": { "terms": { "field": field, "size": top.max(1) } }
    }))
    .map_err(|e| Error::InvalidArgument(format!("entity aggregation: {e}")))?;
    let collector = AggregationCollector::from_aggs(request, Default::default());
    let result = searcher.search(query, &collector)?;
    let Some(AggregationResult::BucketResult(BucketResult::Terms { buckets, .. })) =
        result.0.get("entities")
    else {
        return Ok(Vec::new());
    };
    Ok(buckets
        .iter()
        .filter_map(|bucket| {
            let tag = bucket.key.to_string();
            let (kind, name) = schema::parse_entity_tag(&tag)?;
            Some(EntityCount {
                name: name.to_string(),
                kind,
                count: bucket.doc_count,
            })
        })
        .take(top)
        .collect())
}
