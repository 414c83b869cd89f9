//! Ranking evaluation: index a test collection with the normal indexing path, run its queries
//! through the normal search path with the command line's default ranking, write a TREC run
//! file, and score the run against relevance judgments the way `trec_eval` does.
//!
//! Inputs are the usual ones of TREC-style test collections:
//!
//! - a documents directory, in any format newsearch reads; a hit's document id is the
//!   article's own id ([`crate::search::Hit::id`]);
//! - a queries file, one `qid<TAB>text` per line;
//! - qrels in TREC format, one `qid iteration docid relevance` per line.
//!
//! # Measures
//!
//! The measures follow `trec_eval` (version 9) with its default relevance level of 1: a
//! document is relevant when its grade is at least 1; unjudged and negatively graded
//! documents count as not relevant.
//!
//! | measure | `trec_eval` name | definition for one query |
//! |---|---|---|
//! | MAP | `map` | sum over retrieved relevant documents of precision at their rank, divided by the number of relevant documents in the qrels |
//! | nDCG@10 | `ndcg_cut_10` | DCG of the top 10 (gain = grade, discount = log2(rank + 1)) over the DCG of the ideal top 10 built from all judged documents |
//! | P@10 | `P_10` | relevant documents in the top 10, divided by 10 even when fewer were retrieved |
//! | R@100 | `recall_100` | relevant documents in the top 100, divided by the number of relevant documents |
//!
//! Each measure is averaged over the queries of the qrels that have at least one relevant
//! document. A query of the qrels that is missing from the run scores 0 on every measure, as
//! with `trec_eval -c`. Queries of the run that have no judgments are ignored. (Unlike
//! `trec_eval -c`, a query whose judgments are all non-relevant is left out of the averages
//! instead of counting as 0; [`Metrics::without_relevant`] lists such queries.)
//!
//! # Ties
//!
//! `trec_eval` ignores the rank column of a run: it orders each query's documents by score,
//! highest first, and breaks ties by document id in *descending* byte order. [`evaluate`]
//! orders the run the same way before scoring it, and [`search_queries`] returns runs already
//! in that order, so the ranks written by [`write_trec_run`] are the ranks that are scored.
//! Scores are written with every digit needed to read back the same number, so `trec_eval`
//! sees the same ties.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashSet};
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::index::{self, IndexRequest, IndexSummary, NewsIndex};
use crate::search::{Engine, SearchRequest};

/// Relevance grades of one query's judged documents: docid → grade.
pub type Judgments = BTreeMap<String, i64>;

/// Relevance judgments: qid → docid → grade.
pub type Qrels = BTreeMap<String, Judgments>;

/// A run: qid → documents retrieved for it as (docid, score), best first.
pub type Run = BTreeMap<String, Vec<(String, f64)>>;

/// How many documents are retrieved per query unless told otherwise. MAP is computed over
/// the whole retrieved list, so a shallow run would lower it; 1000 is the TREC convention.
pub const DEFAULT_DEPTH: usize = 1000;

/// The grade from which a document counts as relevant (`trec_eval -l`, default 1).
const RELEVANCE_LEVEL: i64 = 1;

/// Reads qrels in TREC format (`qid iteration docid relevance`, separated by white space)
/// from `path`. See [`parse_qrels`].
pub fn read_qrels(path: &Path) -> Result<Qrels> {
    parse_qrels(open(path)?, path)
}

/// Parses qrels in TREC format from `reader`; `origin` names the source in error messages.
///
/// Blank lines are passed over. A line without exactly four fields, a grade that is not an
/// integer, or a document judged twice for one query is an error, as it is for `trec_eval`.
pub fn parse_qrels(reader: impl BufRead, origin: &Path) -> Result<Qrels> {
    let mut qrels = Qrels::new();
    for (number, line) in reader.lines().enumerate() {
        let line = line.map_err(|source| path_error(origin, source))?;
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.is_empty() {
            continue;
        }
        let bad = |why: &str| bad_line(origin, number + 1, why);
        let [qid, _iteration, docid, grade] = fields[..] else {
            return Err(bad("expected `qid iteration docid relevance`"));
        };
        let grade: i64 = grade
            .parse()
            .map_err(|_| bad(&format!("relevance {grade:?} is not an integer")))?;
        let judged = qrels.entry(qid.to_string()).or_default();
        if judged.insert(docid.to_string(), grade).is_some() {
            return Err(bad(&format!("{docid} is judged twice for query {qid}")));
        }
    }
    Ok(qrels)
}

/// Reads a queries file, one `qid<TAB>text` per line, from `path`. See [`parse_queries`].
pub fn read_queries(path: &Path) -> Result<Vec<(String, String)>> {
    parse_queries(open(path)?, path)
}

/// Parses queries, one `qid<TAB>text` per line, from `reader`, in file order; `origin` names
/// the source in error messages.
///
/// Blank lines are passed over. A line without a tab is split at its first white space. The
/// text is kept as written, apart from surrounding white space. A line without text or a qid
/// used twice is an error.
pub fn parse_queries(reader: impl BufRead, origin: &Path) -> Result<Vec<(String, String)>> {
    let mut queries = Vec::new();
    let mut seen = HashSet::new();
    for (number, line) in reader.lines().enumerate() {
        let line = line.map_err(|source| path_error(origin, source))?;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let bad = |why: &str| bad_line(origin, number + 1, why);
        let (qid, text) = line
            .split_once('\t')
            .or_else(|| line.split_once(char::is_whitespace))
            .ok_or_else(|| bad("expected `qid<TAB>text`"))?;
        let (qid, text) = (qid.trim(), text.trim());
        if qid.is_empty() || text.is_empty() {
            return Err(bad("expected `qid<TAB>text`"));
        }
        if !seen.insert(qid.to_string()) {
            return Err(bad(&format!("query {qid} appears twice")));
        }
        queries.push((qid.to_string(), text.to_string()));
    }
    Ok(queries)
}

/// Reads a run in TREC format (`qid Q0 docid rank score tag`) from `path`. See
/// [`parse_trec_run`].
pub fn read_trec_run(path: &Path) -> Result<Run> {
    parse_trec_run(open(path)?, path)
}

/// Parses a run in TREC format from `reader`; `origin` names the source in error messages.
///
/// As for `trec_eval`, the rank column is not used: each query's documents are put in
/// `trec_eval`'s order (see [`sort_like_trec_eval`]). Blank lines are passed over; a line
/// without six fields or with a score that is not a number is an error.
pub fn parse_trec_run(reader: impl BufRead, origin: &Path) -> Result<Run> {
    let mut run = Run::new();
    for (number, line) in reader.lines().enumerate() {
        let line = line.map_err(|source| path_error(origin, source))?;
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.is_empty() {
            continue;
        }
        let bad = |why: &str| bad_line(origin, number + 1, why);
        let [qid, _q0, docid, _rank, score, _tag] = fields[..] else {
            return Err(bad("expected `qid Q0 docid rank score tag`"));
        };
        let score: f64 = score
            .parse()
            .map_err(|_| bad(&format!("score {score:?} is not a number")))?;
        run.entry(qid.to_string())
            .or_default()
            .push((docid.to_string(), score));
    }
    for ranked in run.values_mut() {
        sort_like_trec_eval(ranked);
    }
    Ok(run)
}

/// Writes `run` in TREC format, one `qid Q0 docid rank score tag` line per document, queries
/// in qid order and documents in the order they are held, ranked from 1.
///
/// Scores are written in full (the shortest text that reads back as the same number), so
/// that `trec_eval` sees exactly the ties [`evaluate`] sees. Fails with
/// [`io::ErrorKind::InvalidInput`] on a qid, docid or tag that is empty or holds white space,
/// which the format cannot carry.
pub fn write_trec_run(out: &mut impl Write, run: &Run, tag: &str) -> io::Result<()> {
    let check = |what: &str, value: &str| {
        if value.is_empty() || value.chars().any(char::is_whitespace) {
            Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{what} {value:?} cannot be written to a TREC run: it is empty or holds white space"),
            ))
        } else {
            Ok(())
        }
    };
    check("run tag", tag)?;
    for (qid, ranked) in run {
        check("query id", qid)?;
        for (i, (docid, score)) in ranked.iter().enumerate() {
            check("document id", docid)?;
            writeln!(out, "{qid} Q0 {docid} {} {score} {tag}", i + 1)?;
        }
    }
    Ok(())
}

/// Orders one query's retrieved documents as `trec_eval` does: score descending, then docid
/// descending (byte order), whatever order they came in.
pub fn sort_like_trec_eval(ranked: &mut [(String, f64)]) {
    ranked.sort_by(|(a_id, a_score), (b_id, b_score)| {
        b_score
            .partial_cmp(a_score)
            .unwrap_or(Ordering::Equal)
            .then_with(|| b_id.cmp(a_id))
    });
}

/// Number of relevant documents (grade at least 1) among `judged`.
pub fn num_relevant(judged: &Judgments) -> usize {
    judged.values().filter(|&&g| g >= RELEVANCE_LEVEL).count()
}

/// Average precision of one query (`trec_eval`'s `map` for that query): the precision at the
/// rank of each relevant document retrieved, summed, and divided by the number of relevant
/// documents in `judged` (retrieved or not). 0 when nothing relevant is retrieved or judged.
///
/// `ranked` is the retrieved list in its final order; a docid repeated in it counts only
/// where it first appears.
pub fn average_precision(judged: &Judgments, ranked: &[impl AsRef<str>]) -> f64 {
    let num_rel = num_relevant(judged);
    if num_rel == 0 {
        return 0.0;
    }
    let mut found = 0usize;
    let mut sum = 0.0;
    for (i, grade) in grades(judged, ranked).into_iter().enumerate() {
        if grade >= RELEVANCE_LEVEL {
            found += 1;
            sum += found as f64 / (i + 1) as f64;
        }
    }
    sum / num_rel as f64
}

/// Normalised discounted cumulative gain of the top `k` (`trec_eval`'s `ndcg_cut_k`).
///
/// The gain of a document is its grade (documents graded 0 or less, and unjudged ones, gain
/// nothing); the document at rank r is discounted by log2(r + 1). The ideal DCG is that of
/// the best possible top `k`, built from all judged documents. 0 when nothing is relevant.
pub fn ndcg_at(judged: &Judgments, ranked: &[impl AsRef<str>], k: usize) -> f64 {
    let dcg = |gains: &mut dyn Iterator<Item = i64>| -> f64 {
        gains
            .take(k)
            .enumerate()
            .filter(|&(_, g)| g > 0)
            .fold(0.0, |sum, (i, g)| sum + g as f64 / ((i + 2) as f64).log2())
    };
    let actual = dcg(&mut grades(judged, ranked).into_iter());
    let mut ideal_gains: Vec<i64> = judged.values().copied().filter(|&g| g > 0).collect();
    ideal_gains.sort_unstable_by(|a, b| b.cmp(a));
    let ideal = dcg(&mut ideal_gains.into_iter());
    if ideal > 0.0 {
        actual / ideal
    } else {
        0.0
    }
}

/// Precision at `k` (`trec_eval`'s `P_k`): relevant documents in the top `k`, divided by `k`
/// even when fewer than `k` were retrieved.
pub fn precision_at(judged: &Judgments, ranked: &[impl AsRef<str>], k: usize) -> f64 {
    if k == 0 {
        return 0.0;
    }
    relevant_in_top(judged, ranked, k) as f64 / k as f64
}

/// Recall at `k` (`trec_eval`'s `recall_k`): relevant documents in the top `k`, divided by
/// the number of relevant documents in `judged`. 0 when nothing is relevant.
pub fn recall_at(judged: &Judgments, ranked: &[impl AsRef<str>], k: usize) -> f64 {
    let num_rel = num_relevant(judged);
    if num_rel == 0 {
        return 0.0;
    }
    relevant_in_top(judged, ranked, k) as f64 / num_rel as f64
}

fn relevant_in_top(judged: &Judgments, ranked: &[impl AsRef<str>], k: usize) -> usize {
    grades(judged, ranked)
        .into_iter()
        .take(k)
        .filter(|&g| g >= RELEVANCE_LEVEL)
        .count()
}

/// The grade of each retrieved document in rank order (unjudged: -1), with repeats of a
/// docid dropped so that later ranks move up, as if the run had listed each docid once.
fn grades(judged: &Judgments, ranked: &[impl AsRef<str>]) -> Vec<i64> {
    let mut seen = HashSet::with_capacity(ranked.len());
    ranked
        .iter()
        .map(AsRef::as_ref)
        .filter(|docid| seen.insert(*docid))
        .map(|docid| judged.get(docid).copied().unwrap_or(-1))
        .collect()
}

/// The scores of one query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueryMetrics {
    /// The query's id.
    pub qid: String,
    /// Relevant documents in the qrels.
    pub num_rel: usize,
    /// Documents retrieved (0 when the run lacks the query).
    pub num_ret: usize,
    /// Relevant documents retrieved.
    pub num_rel_ret: usize,
    /// Average precision.
    pub ap: f64,
    /// nDCG at 10.
    pub ndcg_10: f64,
    /// Precision at 10.
    pub p_10: f64,
    /// Recall at 100.
    pub r_100: f64,
}

/// A run's scores: the means over the evaluated queries, and each query's own.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metrics {
    /// Mean average precision.
    pub map: f64,
    /// Mean nDCG at 10.
    pub ndcg_10: f64,
    /// Mean precision at 10.
    pub p_10: f64,
    /// Mean recall at 100.
    pub r_100: f64,
    /// Each evaluated query (those of the qrels with a relevant document), in qid order.
    pub per_query: Vec<QueryMetrics>,
    /// Queries of the qrels left out because none of their documents is relevant.
    pub without_relevant: Vec<String>,
}

impl Metrics {
    /// How many queries the means are taken over.
    pub fn num_queries(&self) -> usize {
        self.per_query.len()
    }
}

/// Scores `run` against `qrels` as described in the [module documentation](self): each
/// query's list is first put in `trec_eval`'s order (score, then docid, descending).
pub fn evaluate(qrels: &Qrels, run: &Run) -> Metrics {
    let mut per_query = Vec::new();
    let mut without_relevant = Vec::new();
    for (qid, judged) in qrels {
        let num_rel = num_relevant(judged);
        if num_rel == 0 {
            without_relevant.push(qid.clone());
            continue;
        }
        let mut retrieved = run.get(qid).cloned().unwrap_or_default();
        sort_like_trec_eval(&mut retrieved);
        let ranked: Vec<&str> = retrieved.iter().map(|(docid, _)| docid.as_str()).collect();
        let graded = grades(judged, &ranked);
        per_query.push(QueryMetrics {
            qid: qid.clone(),
            num_rel,
            num_ret: graded.len(),
            num_rel_ret: graded.iter().filter(|&&g| g >= RELEVANCE_LEVEL).count(),
            ap: average_precision(judged, &ranked),
            ndcg_10: ndcg_at(judged, &ranked, 10),
            p_10: precision_at(judged, &ranked, 10),
            r_100: recall_at(judged, &ranked, 100),
        });
    }
    let mean = |measure: fn(&QueryMetrics) -> f64| {
        if per_query.is_empty() {
            0.0
        } else {
            per_query.iter().map(measure).sum::<f64>() / per_query.len() as f64
        }
    };
    Metrics {
        map: mean(|q| q.ap),
        ndcg_10: mean(|q| q.ndcg_10),
        p_10: mean(|q| q.p_10),
        r_100: mean(|q| q.r_100),
        per_query,
        without_relevant,
    }
}

/// A whole evaluation: where the collection is, where to build the index, how deep to search.
#[derive(Debug, Clone)]
pub struct EvalRequest {
    /// The collection's documents (a directory or file in any format newsearch reads).
    pub docs: PathBuf,
    /// The queries file (`qid<TAB>text`).
    pub queries: PathBuf,
    /// The qrels file (TREC format).
    pub qrels: PathBuf,
    /// Where to build the index. It is rebuilt from scratch: give a scratch directory.
    pub index_dir: PathBuf,
    /// Documents retrieved per query (see [`DEFAULT_DEPTH`]).
    pub depth: usize,
}

/// What an evaluation produced.
#[derive(Debug, Clone)]
pub struct EvalOutcome {
    /// The queries, in file order.
    pub queries: Vec<(String, String)>,
    /// The run, each query's documents in `trec_eval`'s order.
    pub run: Run,
    /// The scores of the run.
    pub metrics: Metrics,
    /// What indexing did (articles indexed, files skipped, time taken).
    pub index_summary: IndexSummary,
    /// Wall time of all the searches, in seconds.
    pub search_seconds: f64,
}

/// Runs a whole evaluation: reads the queries and qrels, indexes the documents with the
/// normal indexing path ([`index::run`], rebuilding `index_dir`), searches every query with
/// the command line's default search ([`search_queries`]), and scores the run.
pub fn run_evaluation(request: &EvalRequest) -> Result<EvalOutcome> {
    let queries = read_queries(&request.queries)?;
    let qrels = read_qrels(&request.qrels)?;
    let index_summary = build_index(&request.docs, &request.index_dir)?;
    let engine = Engine::new(NewsIndex::open(&request.index_dir)?)?;
    let started = Instant::now();
    let run = search_queries(&engine, &queries, request.depth)?;
    let search_seconds = started.elapsed().as_secs_f64();
    let metrics = evaluate(&qrels, &run);
    Ok(EvalOutcome {
        queries,
        run,
        metrics,
        index_summary,
        search_seconds,
    })
}

/// Builds a fresh index of `docs` in `index_dir` with the settings of `newsearch index
/// --rebuild` (entity extraction on, the command line's default memory budget and threads).
pub fn build_index(docs: &Path, index_dir: &Path) -> Result<IndexSummary> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(8));
    let request = IndexRequest {
        index_dir: index_dir.to_path_buf(),
        paths: vec![docs.to_path_buf()],
        rebuild: true,
        memory_budget: 256 * 1024 * 1024,
        threads,
        extract_entities: true,
    };
    index::run(&request, &NoProgress)
}

/// Searches each query as the command line does by default (`newsearch -n DEPTH TEXT`:
/// relevance order, no filters), taking each hit's article id as its docid.
///
/// Each query's list is put in `trec_eval`'s order (see [`sort_like_trec_eval`]); a docid
/// that comes back twice (two articles with one id) is kept where it first appears. A query
/// that finds nothing is absent from the run.
pub fn search_queries(engine: &Engine, queries: &[(String, String)], depth: usize) -> Result<Run> {
    let mut run = Run::new();
    for (qid, text) in queries {
        let request = SearchRequest {
            query: text.clone(),
            limit: depth,
            // The ranking is the CLI's; snippets would only cost time.
            snippet_chars: 0,
            ..SearchRequest::default()
        };
        let results = engine.search(&request)?;
        let mut seen = HashSet::new();
        let mut ranked: Vec<(String, f64)> = results
            .hits
            .into_iter()
            .filter(|hit| seen.insert(hit.id.clone()))
            .map(|hit| (hit.id, f64::from(hit.score)))
            .collect();
        sort_like_trec_eval(&mut ranked);
        if !ranked.is_empty() {
            run.insert(qid.clone(), ranked);
        }
    }
    Ok(run)
}

/// A progress sink that shows nothing.
struct NoProgress;

impl index::Progress for NoProgress {
    fn start(&self) {}
    fn advance(&self) {}
    fn committing(&self) {}
}

fn open(path: &Path) -> Result<io::BufReader<std::fs::File>> {
    std::fs::File::open(path)
        .map(io::BufReader::new)
        .map_err(|source| path_error(path, source))
}

fn path_error(path: &Path, source: io::Error) -> Error {
    Error::Path {
        path: path.to_path_buf(),
        source,
    }
}

fn bad_line(origin: &Path, line: usize, why: &str) -> Error {
    Error::InvalidArgument(format!("{}, line {line}: {why}", origin.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(pairs: &[(&str, i64)]) -> Judgments {
        pairs.iter().map(|&(d, g)| (d.to_string(), g)).collect()
    }

    fn close(actual: f64, expected: f64) -> bool {
        (actual - expected).abs() < 1e-12
    }

    #[test]
    fn average_precision_by_hand() {
        // Three relevant documents, retrieved at ranks 1, 3 and 6.
        let j = judged(&[("a", 1), ("b", 1), ("c", 1), ("n", 0)]);
        let ranked = ["a", "x", "b", "n", "y", "c"];
        let ap = average_precision(&j, &ranked);
        assert!(close(ap, (1.0 / 1.0 + 2.0 / 3.0 + 3.0 / 6.0) / 3.0), "{ap}");
        assert!(close(ap, 0.722_222_222_222_222_2), "{ap}");
    }

    #[test]
    fn average_precision_divides_by_all_relevant_documents() {
        // Four relevant, one retrieved at rank 2: the three never retrieved count as 0.
        let j = judged(&[("a", 1), ("b", 1), ("c", 1), ("d", 1)]);
        assert!(close(average_precision(&j, &["x", "a"]), 0.5 / 4.0));
        // Higher grades are simply relevant.
        let j = judged(&[("a", 3), ("b", 1)]);
        assert!(close(average_precision(&j, &["b", "a"]), 1.0));
    }

    #[test]
    fn ndcg_with_graded_relevance_by_hand() {
        // Ranks: b (2), n (0), a (3), x (unjudged), c (1).
        // DCG  = 2/log2(2) + 3/log2(4) + 1/log2(6)          = 2 + 1.5 + 0.386852807...
        // IDCG = 3/log2(2) + 2/log2(3) + 1/log2(4)          = 3 + 1.261859507... + 0.5
        let j = judged(&[("a", 3), ("b", 2), ("c", 1), ("n", 0)]);
        let ranked = ["b", "n", "a", "x", "c"];
        let dcg = 2.0 + 3.0 / 2.0 + 1.0 / 6f64.log2();
        let idcg = 3.0 + 2.0 / 3f64.log2() + 1.0 / 2.0;
        let ndcg = ndcg_at(&j, &ranked, 10);
        assert!(close(ndcg, dcg / idcg), "{ndcg}");
        assert!((ndcg - 0.816_246_846_7).abs() < 1e-9, "{ndcg}");
        // The perfect order scores 1.
        assert!(close(ndcg_at(&j, &["a", "b", "c"], 10), 1.0));
    }

    #[test]
    fn ndcg_cuts_both_the_run_and_the_ideal_at_k() {
        // Twelve relevant documents; the run finds one, at rank 11: outside the cut.
        let names: Vec<String> = (0..12).map(|i| format!("r{i:02}")).collect();
        let j: Judgments = names.iter().map(|n| (n.clone(), 1)).collect();
        let mut ranked: Vec<String> = (0..10).map(|i| format!("x{i}")).collect();
        ranked.push("r00".to_string());
        assert_eq!(ndcg_at(&j, &ranked, 10), 0.0);
        // One relevant document at rank 1: DCG 1 against an ideal of ten relevant ones.
        let idcg: f64 = (1..=10).map(|r| 1.0 / ((r + 1) as f64).log2()).sum();
        assert!(close(ndcg_at(&j, &["r05"], 10), 1.0 / idcg));
    }

    #[test]
    fn precision_at_10_divides_by_10_even_when_fewer_are_retrieved() {
        let j = judged(&[("a", 1), ("b", 2), ("c", 1)]);
        assert!(close(precision_at(&j, &["a", "x", "b"], 10), 0.2));
        // Only the top 10 count.
        let mut ranked: Vec<String> = (0..10).map(|i| format!("x{i}")).collect();
        ranked.push("a".to_string());
        assert_eq!(precision_at(&j, &ranked, 10), 0.0);
    }

    #[test]
    fn recall_at_100_counts_the_top_100_only() {
        let j = judged(&[("a", 1), ("b", 1), ("c", 1), ("d", 1), ("n", 0)]);
        // a at rank 1, b at rank 100, c at rank 101, d never.
        let mut ranked: Vec<String> = (0..101).map(|i| format!("x{i}")).collect();
        ranked[0] = "a".to_string();
        ranked[99] = "b".to_string();
        ranked[100] = "c".to_string();
        assert!(close(recall_at(&j, &ranked, 100), 2.0 / 4.0));
    }

    #[test]
    fn a_query_with_nothing_relevant_retrieved_scores_zero() {
        let j = judged(&[("a", 1), ("b", 1), ("n", 0)]);
        let ranked = ["n", "x", "y"];
        assert_eq!(average_precision(&j, &ranked), 0.0);
        assert_eq!(ndcg_at(&j, &ranked, 10), 0.0);
        assert_eq!(precision_at(&j, &ranked, 10), 0.0);
        assert_eq!(recall_at(&j, &ranked, 100), 0.0);
    }

    #[test]
    fn a_repeated_docid_counts_once() {
        let j = judged(&[("a", 1), ("b", 1)]);
        // As if the run were a, b: AP 1.
        assert!(close(average_precision(&j, &["a", "a", "b"]), 1.0));
    }

    fn run_of(entries: &[(&str, &[(&str, f64)])]) -> Run {
        entries
            .iter()
            .map(|(qid, docs)| {
                let docs = docs.iter().map(|&(d, s)| (d.to_string(), s)).collect();
                (qid.to_string(), docs)
            })
            .collect()
    }

    #[test]
    fn evaluate_averages_over_judged_queries_and_counts_missing_ones_as_zero() {
        let mut qrels = Qrels::new();
        qrels.insert("1".into(), judged(&[("a", 1), ("b", 1), ("n", 0)]));
        qrels.insert("2".into(), judged(&[("c", 1)])); // not in the run
        qrels.insert("3".into(), judged(&[("d", 0)])); // nothing relevant: left out
        let run = run_of(&[
            ("1", &[("a", 3.0), ("x", 2.0), ("b", 1.0)]),
            ("9", &[("a", 1.0)]), // not judged: ignored
        ]);
        let m = evaluate(&qrels, &run);
        assert_eq!(m.num_queries(), 2);
        assert_eq!(m.without_relevant, vec!["3".to_string()]);
        let q1 = &m.per_query[0];
        assert_eq!((q1.num_rel, q1.num_ret, q1.num_rel_ret), (2, 3, 2));
        assert!(close(q1.ap, (1.0 + 2.0 / 3.0) / 2.0));
        assert!(close(q1.p_10, 0.2));
        assert!(close(q1.r_100, 1.0));
        let q2 = &m.per_query[1];
        assert_eq!((q2.qid.as_str(), q2.num_ret), ("2", 0));
        assert_eq!((q2.ap, q2.ndcg_10, q2.p_10, q2.r_100), (0.0, 0.0, 0.0, 0.0));
        assert!(close(m.map, q1.ap / 2.0));
        assert!(close(m.ndcg_10, q1.ndcg_10 / 2.0));
        assert!(close(m.p_10, 0.1));
        assert!(close(m.r_100, 0.5));
    }

    #[test]
    fn evaluate_orders_by_score_then_docid_descending_like_trec_eval() {
        let mut qrels = Qrels::new();
        qrels.insert("1".into(), judged(&[("a", 1)]));
        // Listed a first, but b ties with it and wins on docid; c scores higher.
        let run = run_of(&[("1", &[("a", 1.0), ("b", 1.0), ("c", 2.0)])]);
        let m = evaluate(&qrels, &run);
        assert!(close(m.map, 1.0 / 3.0));
        let mut ranked = run["1"].clone();
        sort_like_trec_eval(&mut ranked);
        let order: Vec<&str> = ranked.iter().map(|(d, _)| d.as_str()).collect();
        assert_eq!(order, ["c", "b", "a"]);
    }

    #[test]
    fn qrels_and_queries_parse() {
        let origin = Path::new("test");
        let qrels = parse_qrels(
            "1 0 TIME-1 1\n\n1 0 TIME-2 0\n2\t0\tTIME-3\t2\n".as_bytes(),
            origin,
        )
        .unwrap();
        assert_eq!(qrels["1"], judged(&[("TIME-1", 1), ("TIME-2", 0)]));
        assert_eq!(qrels["2"], judged(&[("TIME-3", 2)]));
        assert!(parse_qrels("1 0 TIME-1\n".as_bytes(), origin).is_err());
        assert!(parse_qrels("1 0 TIME-1 yes\n".as_bytes(), origin).is_err());
        assert!(parse_qrels("1 0 TIME-1 1\n1 0 TIME-1 0\n".as_bytes(), origin).is_err());

        let queries = parse_queries(
            "1\tTROOPS IN VIET NAM .\r\n\n3 U.S. AID\n".as_bytes(),
            origin,
        )
        .unwrap();
        assert_eq!(
            queries,
            vec![
                ("1".to_string(), "TROOPS IN VIET NAM .".to_string()),
                ("3".to_string(), "U.S. AID".to_string()),
            ]
        );
        assert!(parse_queries("1\n".as_bytes(), origin).is_err());
        assert!(parse_queries("1\ta\n1\tb\n".as_bytes(), origin).is_err());
    }

    #[test]
    fn run_files_have_the_trec_layout() {
        let run = run_of(&[("2", &[("b", 1.5)]), ("10", &[("a", 2.25), ("c", 0.1)])]);
        let mut out = Vec::new();
        write_trec_run(&mut out, &run, "newsearch").unwrap();
        let written = String::from_utf8(out).unwrap();
        assert_eq!(
            written,
            "10 Q0 a 1 2.25 newsearch\n10 Q0 c 2 0.1 newsearch\n2 Q0 b 1 1.5 newsearch\n"
        );
        let back = parse_trec_run(written.as_bytes(), Path::new("test")).unwrap();
        assert_eq!(back, run);
        assert!(parse_trec_run("1 Q0 a 1 high t\n".as_bytes(), Path::new("test")).is_err());
        let spaced = run_of(&[("1", &[("my file.txt", 1.0)])]);
        assert!(write_trec_run(&mut Vec::new(), &spaced, "t").is_err());
    }

    #[test]
    fn scores_are_written_so_they_read_back_exactly() {
        let score = f64::from(1000.1234_f32);
        let run = run_of(&[("1", &[("a", score)])]);
        let mut out = Vec::new();
        write_trec_run(&mut out, &run, "t").unwrap();
        let line = String::from_utf8(out).unwrap();
        let written: f64 = line.split_whitespace().nth(4).unwrap().parse().unwrap();
        assert_eq!(written, score);
    }
}
