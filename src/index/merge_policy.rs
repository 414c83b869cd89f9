//! How segments are merged: as tantivy's log policy does, but never reading more than the
//! writer's memory budget in one merge.

use std::path::{Path, PathBuf};

use tantivy::index::{SegmentComponent, SegmentId, SegmentMeta};
use tantivy::merge_policy::{LogMergePolicy, MergeCandidate, MergePolicy};

/// tantivy's [`LogMergePolicy`], but no merge reads more than `max_bytes` of segment files,
/// the writer's memory budget.
///
/// A merge reads its segments through memory maps, and every page it reads stays resident in
/// the process until the merge ends, so merging all of a large index adds the whole index to
/// the process's RSS (1 GB more at 1M articles). Here, segments whose live documents take more
/// than a quarter of the bound on disk (a full segment of the writer is about half the budget)
/// are final, and each merge takes the smallest segments the log policy proposes up to the
/// bound. Scores do not depend on how the index is split into segments.
#[derive(Debug)]
pub(super) struct BoundedMergePolicy {
    inner: LogMergePolicy,
    dir: PathBuf,
    max_bytes: u64,
}

impl BoundedMergePolicy {
    /// A policy for the index in `dir` whose merges read at most `max_bytes` each.
    pub fn new(dir: &Path, max_bytes: u64) -> BoundedMergePolicy {
        BoundedMergePolicy {
            inner: LogMergePolicy::default(),
            dir: dir.to_path_buf(),
            max_bytes,
        }
    }

    /// Bytes of a segment's files on disk, all of which a merge reads.
    fn size(&self, segment: &SegmentMeta) -> u64 {
        [
            SegmentComponent::Postings,
            SegmentComponent::Positions,
            SegmentComponent::Terms,
            SegmentComponent::Store,
            SegmentComponent::FastFields,
            SegmentComponent::FieldNorms,
        ]
        .into_iter()
        .map(|component| {
            std::fs::metadata(self.dir.join(segment.relative_path(component)))
                .map_or(0, |meta| meta.len())
        })
        .sum()
    }
}

impl MergePolicy for BoundedMergePolicy {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        // A segment with many deleted documents becomes mergeable again.
        let live_size = |meta: &SegmentMeta, size: u64| {
            size * u64::from(meta.num_docs()) / u64::from(meta.max_doc().max(1))
        };
        let sized: Vec<(SegmentMeta, u64)> = segments
            .iter()
            .map(|meta| (meta.clone(), self.size(meta)))
            .filter(|(meta, size)| live_size(meta, *size) <= self.max_bytes / 4)
            .collect();
        let mergeable: Vec<SegmentMeta> = sized.iter().map(|(meta, _)| meta.clone()).collect();
        self.inner
            .compute_merge_candidates(&mergeable)
            .into_iter()
            .filter_map(|candidate| {
                let mut members: Vec<(SegmentId, u64)> = sized
                    .iter()
                    .filter(|(meta, _)| candidate.0.contains(&meta.id()))
                    .map(|(meta, size)| (meta.id(), *size))
                    .collect();
                members.sort_by_key(|&(_, size)| size);
                let mut total = 0;
                let kept: Vec<SegmentId> = members
                    .into_iter()
                    .take_while(|&(_, size)| {
                        total += size;
                        total <= self.max_bytes
                    })
                    .map(|(id, _)| id)
                    .collect();
                (kept.len() >= 2).then_some(MergeCandidate(kept))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use tantivy::merge_policy::NoMergePolicy;
    use tantivy::schema::{Schema, TantivyDocument, STORED, TEXT};
    use tantivy::{doc, Index, IndexWriter};

    use super::*;

    #[test]
    fn bounded_merges_read_at_most_the_bound() {
        let dir = tempfile::tempdir().unwrap();
        let mut builder = Schema::builder();
        let text = builder.add_text_field("text", TEXT | STORED);
        let index = Index::create_in_dir(dir.path(), builder.build()).unwrap();
        let mut writer: IndexWriter<TantivyDocument> =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        writer.set_merge_policy(Box::new(NoMergePolicy));
        for segment in 0..9 {
            for i in 0..100 {
                let body = format!("article {segment} {i} on oil prices");
                writer.add_document(doc!(text => body)).unwrap();
            }
            writer.commit().unwrap();
        }
        let metas = index.searchable_segment_metas().unwrap();
        assert_eq!(metas.len(), 9);

        // Unbounded, it merges as the log policy does: all nine small segments at once.
        let unbounded = BoundedMergePolicy::new(dir.path(), u64::MAX);
        let candidates = unbounded.compute_merge_candidates(&metas);
        assert_eq!(candidates.len(), 1);
        assert_eq!(candidates[0].0.len(), 9);

        // Bounded to about four segments: one merge of at least two, within the bound.
        let largest = metas.iter().map(|m| unbounded.size(m)).max().unwrap();
        assert!(largest > 0);
        let bound = 4 * largest;
        let bounded = BoundedMergePolicy::new(dir.path(), bound);
        let candidates = bounded.compute_merge_candidates(&metas);
        assert_eq!(candidates.len(), 1);
        let merged: Vec<&SegmentMeta> = metas
            .iter()
            .filter(|m| candidates[0].0.contains(&m.id()))
            .collect();
        assert!(merged.len() >= 2 && merged.len() < 9);
        assert!(merged.iter().map(|m| bounded.size(m)).sum::<u64>() <= bound);

        // Segments above a quarter of the bound are final.
        let tight = BoundedMergePolicy::new(dir.path(), 2 * largest);
        assert!(tight.compute_merge_candidates(&metas).is_empty());
    }
}
