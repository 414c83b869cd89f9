//! Human-readable output.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::article::Skip;
use crate::index::{IndexStats, IndexSummary};
use crate::search::facets::Facets;
use crate::search::{Hit, SearchResults};

/// How many entities a hit shows.
const ENTITIES_SHOWN: usize = 4;
/// How many skipped files the summary lists before pointing to `--json`.
const SKIPS_SHOWN: usize = 20;

/// Terminal styles; empty strings when colour is off.
struct Style {
    bold: &'static str,
    dim: &'static str,
    mark: &'static str,
    reset: &'static str,
    mark_open: &'static str,
    mark_close: &'static str,
}

impl Style {
    fn new(color: bool) -> Style {
        if color {
            Style {
                bold: "\x1b[1m",
                dim: "\x1b[2m",
                mark: "\x1b[1;33m",
                reset: "\x1b[0m",
                mark_open: "",
                mark_close: "",
            }
        } else {
            Style {
                bold: "",
                dim: "",
                mark: "",
                reset: "",
                mark_open: "**",
                mark_close: "**",
            }
        }
    }
}

/// Writes search results for a person to read.
pub fn write_results(out: &mut impl Write, results: &SearchResults, color: bool) -> io::Result<()> {
    let style = Style::new(color);
    for hit in &results.hits {
        write_hit(out, hit, &style)?;
    }
    if let Some(facets) = &results.facets {
        write_facets(out, facets, &style)?;
    }
    let shown = results.hits.len();
    let first = results.hits.first().map_or(0, |h| h.rank);
    let last = results.hits.last().map_or(0, |h| h.rank);
    let noun = if results.total_hits == 1 {
        "hit"
    } else {
        "hits"
    };
    let total = if results.total_hits_exact {
        results.total_hits.to_string()
    } else {
        format!("{}+", results.total_hits)
    };
    if results.total_hits == 0 {
        writeln!(
            out,
            "{}No articles match {:?}.{}",
            style.dim, results.query, style.reset
        )
    } else if shown == 0 {
        writeln!(
            out,
            "{}{total} {noun}; none on this page (--offset is past the last one){}",
            style.dim, style.reset
        )
    } else {
        writeln!(
            out,
            "{}{total} {noun}, showing {first}-{last} ({:.1} ms){}",
            style.dim, results.took_ms, style.reset
        )
    }
}

fn write_facets(out: &mut impl Write, facets: &Facets, style: &Style) -> io::Result<()> {
    writeln!(
        out,
        "{}Top entities among all matches{}",
        style.bold, style.reset
    )?;
    for (kind, counts) in facets {
        let list: Vec<String> = counts
            .iter()
            .map(|c| format!("{} ({})", c.name, c.count))
            .collect();
        writeln!(out, "  {:<7} {}", kind.label(), list.join(", "))?;
    }
    writeln!(out)
}

fn write_hit(out: &mut impl Write, hit: &Hit, style: &Style) -> io::Result<()> {
    writeln!(
        out,
        "{}{:>2}. {}{}",
        style.bold, hit.rank, hit.title, style.reset
    )?;
    let date = hit
        .date
        .as_deref()
        .map_or("undated", |d| d.get(..10).unwrap_or(d));
    let mut meta = format!("{date} · {}", display_path(&hit.path).display());
    if !hit.entities.is_empty() {
        let names: Vec<&str> = hit
            .entities
            .iter()
            .take(ENTITIES_SHOWN)
            .map(|e| e.name.as_str())
            .collect();
        meta.push_str(" · ");
        meta.push_str(&names.join(", "));
    }
    writeln!(out, "    {}{meta}{}", style.dim, style.reset)?;
    writeln!(
        out,
        "    {}",
        highlighted(&hit.snippet, &hit.highlights, style)
    )?;
    writeln!(out)
}

fn highlighted(snippet: &str, highlights: &[[usize; 2]], style: &Style) -> String {
    let mut out = String::with_capacity(snippet.len() + highlights.len() * 12);
    let mut marks = highlights.iter().peekable();
    let mut open_until = None;
    for (i, c) in snippet.chars().enumerate() {
        if open_until == Some(i) {
            out.push_str(style.mark_close);
            out.push_str(style.reset);
            open_until = None;
        }
        if let Some([start, end]) = marks.peek() {
            if *start == i {
                out.push_str(style.mark);
                out.push_str(style.mark_open);
                open_until = Some(*end);
                marks.next();
            }
        }
        out.push(c);
    }
    if open_until.is_some() {
        out.push_str(style.mark_close);
        out.push_str(style.reset);
    }
    out
}

/// Paths under the working directory are shown relative to it.
fn display_path(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}

/// Writes the summary of an indexing run.
pub fn write_summary(out: &mut impl Write, summary: &IndexSummary) -> io::Result<()> {
    writeln!(
        out,
        "Indexed {} new and {} updated articles, removed {}, from {} files ({} unchanged) in {:.2} s ({:.0} articles/s).",
        summary.articles_indexed,
        summary.articles_updated,
        summary.articles_removed,
        summary.files_seen,
        summary.files_unchanged,
        summary.seconds,
        summary.articles_per_second,
    )?;
    if summary.articles_undated > 0 {
        writeln!(
            out,
            "{} of the new or updated articles have no date.",
            summary.articles_undated
        )?;
    }
    write_problems(out, "Skipped", &summary.skipped)?;
    write_problems(out, "Indexed with warnings", &summary.warnings)
}

fn write_problems(out: &mut impl Write, heading: &str, problems: &[Skip]) -> io::Result<()> {
    if problems.is_empty() {
        return Ok(());
    }
    writeln!(out, "{heading} ({}):", problems.len())?;
    for problem in problems.iter().take(SKIPS_SHOWN) {
        let line = problem.line.map(|l| format!(":{l}")).unwrap_or_default();
        writeln!(
            out,
            "  {}{line}: {}",
            display_path(&problem.path).display(),
            problem.reason
        )?;
    }
    if problems.len() > SKIPS_SHOWN {
        writeln!(
            out,
            "  … and {} more (`--json` lists them all)",
            problems.len() - SKIPS_SHOWN
        )?;
    }
    Ok(())
}

/// Writes index statistics.
pub fn write_stats(out: &mut impl Write, stats: &IndexStats) -> io::Result<()> {
    writeln!(out, "articles     {}", stats.articles)?;
    writeln!(out, "dated        {}", stats.dated)?;
    writeln!(out, "undated      {}", stats.undated)?;
    if let (Some(min), Some(max)) = (&stats.date_min, &stats.date_max) {
        writeln!(out, "date range   {min} … {max}")?;
    }
    writeln!(out, "index size   {:.1} MB", stats.index_bytes as f64 / 1e6)?;
    if !stats.top_entities.is_empty() {
        writeln!(out, "top entities")?;
        for e in &stats.top_entities {
            writeln!(out, "  {:>6}  {:<7} {}", e.count, e.kind.label(), e.name)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_highlights_without_colour() {
        let style = Style::new(false);
        assert_eq!(
            highlighted("a tariffs b", &[[2, 9]], &style),
            "a **tariffs** b"
        );
        assert_eq!(highlighted("Zürich", &[[0, 6]], &style), "**Zürich**");
    }
}
