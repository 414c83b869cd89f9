//! Runs the entity extractor over the entities-dev set and writes predictions for the scorer.
//!
//! ```sh
//! cargo run --release --example entities_eval -- ../shared/data/entities-dev/articles.jsonl /tmp/pred.jsonl \
//!   && python3 ../shared/tools/score_entities.py ../shared/data/entities-dev/articles.jsonl /tmp/pred.jsonl
//! ```
//!
//! The dev set's labels are silver (a small statistical tagger's output). `entities_sample.jsonl`
//! beside this file holds the project's own reading of 80 of its articles (40 Reuters, 40 BBC,
//! drawn at random), annotated by reading each article against the guidelines without looking
//! at the silver labels or at newsearch's output. Score against it with the same predictions
//! (the scorer ignores the articles it has no reference for):
//!
//! ```sh
//! python3 ../shared/tools/score_entities.py examples/entities_sample.jsonl /tmp/pred.jsonl
//! ```
//!
//! The errors on that sample guided changes to the extractor, so its score flatters it.
//! `entities_holdout.jsonl` holds 40 further dev articles (20 Reuters, 20 BBC), annotated the same
//! way after those changes and not used to make any: score on it to see how the extractor does on
//! articles it was not tuned on. Keep it that way: do not change the extractor to fix its errors
//! on the holdout.
//!
//! Arguments: `[ARTICLES.jsonl] [PREDICTIONS.jsonl] [--repeat N]`. ARTICLES defaults to
//! `../shared/data/entities-dev/articles.jsonl` (relative to the crate root), PREDICTIONS to a file in
//! the temporary directory. Each record's `text` is `title + "\n\n" + body` (entities-dev README); a
//! record with `title`/`body` fields instead (the Reuters JSONL) is read from those, so
//! `-- ../shared/data/reuters21578/articles.jsonl /tmp/r.jsonl` times the extractor over Reuters.
//! `--repeat N` runs the extraction N times for steadier timing.
//!
//! `--train-common OUT` instead rebuilds the extractor's common-word list
//! (`src/entities/data/common_words.txt`) from `../shared/data`: every word seen at least 3 times
//! in lower case in the Reuters-21578 bodies and the BBC texts, and at least as often in lower
//! case as capitalised inside a sentence. No labels are used.
//!
//! ```sh
//! cargo run --release --example entities_eval -- --train-common src/entities/data/common_words.txt
//! ```

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::PathBuf;
use std::time::Instant;

use serde_json::{json, Value};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut positional = Vec::new();
    let mut repeat = 1usize;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--train-common" {
            return train_common(&PathBuf::from(
                args.next().ok_or("--train-common needs a path")?,
            ));
        } else if arg == "--repeat" {
            repeat = args.next().ok_or("--repeat needs a number")?.parse()?;
        } else {
            positional.push(arg);
        }
    }
    let input = positional.first().map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/entities-dev/articles.jsonl")
    });
    let output = positional
        .get(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("entities_eval_pred.jsonl"));

    let mut articles: Vec<(String, String, String)> = Vec::new();
    for line in BufReader::new(std::fs::File::open(&input)?).lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let rec: Value = serde_json::from_str(&line)?;
        let id = rec["id"].as_str().unwrap_or_default().to_string();
        let (title, body) = match rec["text"].as_str() {
            Some(text) => match text.split_once("\n\n") {
                Some((t, b)) => (t.to_string(), b.to_string()),
                None => (String::new(), text.to_string()),
            },
            None => (
                rec["title"].as_str().unwrap_or_default().to_string(),
                rec["body"].as_str().unwrap_or_default().to_string(),
            ),
        };
        articles.push((id, title, body));
    }

    let start = Instant::now();
    let mut results = Vec::new();
    for round in 0..repeat {
        let found: Vec<_> = articles
            .iter()
            .map(|(_, title, body)| newsearch::entities::extract(title, body))
            .collect();
        if round == 0 {
            results = found;
        }
    }
    let elapsed = start.elapsed().as_secs_f64() / repeat as f64;

    let mut out = BufWriter::new(std::fs::File::create(&output)?);
    for ((id, _, _), entities) in articles.iter().zip(&results) {
        writeln!(out, "{}", json!({ "id": id, "entities": entities }))?;
    }
    out.flush()?;

    let bytes: usize = articles.iter().map(|(_, t, b)| t.len() + b.len()).sum();
    eprintln!(
        "{} articles in {:.3} s ({:.0} articles/s, {:.1} MB/s, one thread); predictions in {}",
        articles.len(),
        elapsed,
        articles.len() as f64 / elapsed,
        bytes as f64 / elapsed / 1e6,
        output.display()
    );
    Ok(())
}

/// Counts, per lower-cased word, lower-case uses and capitalised uses inside sentences.
fn count_case(text: &str, counts: &mut std::collections::HashMap<String, (u32, u32)>) {
    let mut sentence_start = true;
    let mut word = String::new();
    let mut flush = |word: &mut String, sentence_start: &mut bool| {
        if !word.is_empty() {
            let first_upper = word.chars().next().is_some_and(char::is_uppercase);
            let all_upper = word.chars().all(|c| !c.is_lowercase());
            let entry = counts.entry(word.to_lowercase()).or_default();
            if !first_upper {
                entry.0 += 1;
            } else if !*sentence_start && !all_upper {
                entry.1 += 1;
            }
            *sentence_start = false;
            word.clear();
        }
    };
    for c in text.chars() {
        if c.is_alphabetic() || (c == '\'' && !word.is_empty()) {
            word.push(c);
        } else {
            flush(&mut word, &mut sentence_start);
            if matches!(c, '.' | '!' | '?' | ':' | '"') {
                sentence_start = true;
            }
        }
    }
    flush(&mut word, &mut sentence_start);
}

fn train_common(out: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    let mut counts = std::collections::HashMap::new();
    for line in BufReader::new(std::fs::File::open(
        data.join("reuters21578/articles.jsonl"),
    )?)
    .lines()
    {
        let rec: Value = serde_json::from_str(&line?)?;
        count_case(rec["body"].as_str().unwrap_or_default(), &mut counts);
    }
    for category in std::fs::read_dir(data.join("bbc"))? {
        let category = category?.path();
        if !category.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&category)? {
            let bytes = std::fs::read(file?.path())?;
            count_case(&String::from_utf8_lossy(&bytes), &mut counts);
        }
    }
    let mut words: Vec<&String> = counts
        .iter()
        .filter(|(w, &(lower, cap))| lower >= 3 && lower >= cap && w.chars().count() > 1)
        .map(|(w, _)| w)
        .collect();
    words.sort();
    let mut f = BufWriter::new(std::fs::File::create(out)?);
    writeln!(
        f,
        "# Words used in lower case at least 3 times and at least as often as capitalised inside a\n\
         # sentence, in ../shared/data (Reuters-21578 bodies, BBC texts). Generated by\n\
         # `cargo run --release --example entities_eval -- --train-common {}`.",
        out.display()
    )?;
    for w in &words {
        writeln!(f, "{w}")?;
    }
    f.flush()?;
    eprintln!("{} common words written to {}", words.len(), out.display());
    Ok(())
}
