//! Command-line arguments, and their validation into requests before any work starts.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::date::{self, BoundSide};
use crate::entities::EntityKind;
use crate::error::{Error, Result};
use crate::index::IndexRequest;
use crate::render::ColorChoice;
use crate::search::{SearchRequest, SortOrder};

/// The most hits one search may ask for; more is almost certainly a typo.
const MAX_LIMIT: usize = 100_000;

/// Full-text search for news archives on disk.
#[derive(Debug, Parser)]
#[command(name = "newsearch", version, about, long_about = None)]
#[command(
    after_help = "Searching is the default: `newsearch \"Lavrov North Korea\"` is `newsearch search \"Lavrov North Korea\"`."
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: CliCommand,
    /// Index directory [default: ./index].
    #[arg(long, global = true, env = "NEWSEARCH_INDEX", value_name = "DIR")]
    pub index: Option<PathBuf>,
    /// When to colour output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum CliCommand {
    /// Search the index (the default command).
    Search(SearchArgs),
    /// Build or update the index from files and directories of articles.
    Index(IndexArgs),
    /// Show what the index holds.
    Stats(StatsArgs),
    /// Show what newsearch reads from articles, without indexing them.
    Extract(ExtractArgs),
}

/// Arguments of `newsearch search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query: words, "phrases", +required, -excluded, field:word.
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    /// How many hits to show.
    #[arg(short = 'n', long, default_value_t = 10, allow_negative_numbers = true)]
    pub limit: i64,
    /// How many of the best hits to skip (for paging).
    #[arg(long, default_value_t = 0, allow_negative_numbers = true)]
    pub offset: i64,
    /// Only articles dated on or after DATE (YYYY, YYYY-MM, YYYY-MM-DD or RFC 3339).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only articles dated on or before DATE (inclusive: 2017-05 covers all of May).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Order of hits.
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    pub sort: SortArg,
    /// Only articles that mention this entity (repeatable).
    #[arg(long = "entity", value_name = "NAME")]
    pub entities: Vec<String>,
    /// Only articles that mention this person (repeatable; `Lavrov` finds Sergei Lavrov).
    #[arg(long = "person", value_name = "NAME")]
    pub persons: Vec<String>,
    /// Only articles that mention this organisation (repeatable).
    #[arg(long = "org", value_name = "NAME")]
    pub orgs: Vec<String>,
    /// Only articles that mention this place (repeatable).
    #[arg(long = "place", value_name = "NAME")]
    pub places: Vec<String>,
    /// Also list the top entities of each type among all matching articles.
    #[arg(long)]
    pub facets: bool,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    /// Run each line of FILE as a query and print one JSON object per line.
    #[arg(long, value_name = "FILE", conflicts_with = "query")]
    pub queries: Option<PathBuf>,
    /// Snippet length in characters.
    #[arg(long, default_value_t = 200, value_name = "CHARS")]
    pub snippet_chars: usize,
}

/// The `--sort` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// Best match first.
    Relevance,
    /// Latest first.
    Newest,
    /// Earliest first.
    Oldest,
}

/// Arguments of `newsearch index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Files and directories to index [default: the bundled corpus].
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Start over instead of updating the index.
    #[arg(long)]
    pub rebuild: bool,
    /// Print the summary as one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Writer memory budget in MB, shared by the indexing threads.
    #[arg(long, default_value_t = 256, value_name = "MB")]
    pub memory_mb: usize,
    /// Indexing threads [default: the number of cores, at most 8].
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Exit with code 3 when any file or line was skipped (the index is still updated).
    #[arg(long)]
    pub strict: bool,
    /// Do not extract entities (for measuring what extraction costs).
    #[arg(long, hide = true)]
    pub no_entities: bool,
}

/// Arguments of `newsearch stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
    /// How many top entities to list.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub top: usize,
}

/// Arguments of `newsearch extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Article files or directories.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// Print JSON Lines, one article per line.
    #[arg(long)]
    pub json: bool,
}

/// Where the index lives, and whether the user chose it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexLocation {
    /// The directory.
    pub dir: PathBuf,
    /// True when neither `--index` nor `NEWSEARCH_INDEX` named it: then a missing index is built
    /// from the bundled corpus on first use.
    pub is_default: bool,
}

/// A validated command, ready to run.
#[derive(Debug, Clone)]
pub enum Command {
    /// Search (one query or a file of them).
    Search {
        /// The search.
        request: SearchRequest,
        /// Queries to run one per line instead of `request.query`.
        queries: Option<PathBuf>,
        /// JSON output.
        json: bool,
    },
    /// Build or update the index.
    Index {
        /// The run.
        request: IndexRequest,
        /// JSON output.
        json: bool,
        /// Any skip makes the run fail.
        strict: bool,
    },
    /// Print index statistics.
    Stats {
        /// How many top entities.
        top: usize,
        /// JSON output.
        json: bool,
    },
    /// Print what is read from articles.
    Extract {
        /// Files and directories.
        paths: Vec<PathBuf>,
        /// JSON output.
        json: bool,
    },
}

/// Everything `main` needs: the command, where the index is, and how to print.
#[derive(Debug, Clone)]
pub struct Invocation {
    /// The command.
    pub command: Command,
    /// The index location.
    pub index: IndexLocation,
    /// Colour output.
    pub color: bool,
}

/// Parses the process arguments; searching is the default subcommand.
pub fn parse_args(
    args: impl IntoIterator<Item = OsString>,
) -> std::result::Result<Cli, clap::Error> {
    Cli::try_parse_from(with_default_subcommand(args.into_iter().collect()))
}

/// Inserts `search` when the first argument after the global options is not a subcommand or
/// a top-level flag, so that `newsearch "Lavrov North Korea"` searches.
fn with_default_subcommand(mut args: Vec<OsString>) -> Vec<OsString> {
    const SUBCOMMANDS: &[&str] = &["search", "index", "stats", "extract", "help"];
    const TOP_LEVEL: &[&str] = &["-h", "--help", "-V", "--version"];
    const GLOBAL_WITH_VALUE: &[&str] = &["--index", "--color"];
    let mut i = 1;
    while let Some(arg) = args.get(i).and_then(|a| a.to_str()) {
        if GLOBAL_WITH_VALUE.contains(&arg) {
            i += 2;
        } else if GLOBAL_WITH_VALUE
            .iter()
            .any(|g| arg.starts_with(&format!("{g}=")))
        {
            i += 1;
        } else {
            break;
        }
    }
    let first = args.get(i).map(|a| a.to_string_lossy());
    let explicit = first.is_some_and(|a| SUBCOMMANDS.contains(&&*a) || TOP_LEVEL.contains(&&*a));
    if !explicit && i <= args.len() && args.len() > 1 {
        args.insert(i.min(args.len()), OsString::from("search"));
    }
    args
}

impl Cli {
    /// Validates the arguments into an [`Invocation`].
    pub fn into_invocation(self) -> Result<Invocation> {
        let index = match self.index {
            Some(dir) => IndexLocation {
                dir,
                is_default: false,
            },
            None => IndexLocation {
                dir: PathBuf::from(crate::DEFAULT_INDEX_DIR),
                is_default: true,
            },
        };
        let command = match self.command {
            CliCommand::Search(args) => search_command(args)?,
            CliCommand::Index(args) => Command::Index {
                json: args.json,
                strict: args.strict,
                request: index_request(args, &index.dir)?,
            },
            CliCommand::Stats(args) => Command::Stats {
                top: args.top,
                json: args.json,
            },
            CliCommand::Extract(args) => Command::Extract {
                paths: args.paths,
                json: args.json,
            },
        };
        Ok(Invocation {
            command,
            index,
            color: self.color.use_color(),
        })
    }
}

fn search_command(args: SearchArgs) -> Result<Command> {
    let invalid = |msg: String| Err(Error::InvalidArgument(msg));
    if args.limit < 0 || args.limit as usize > MAX_LIMIT {
        return invalid(format!(
            "--limit must be between 0 and {MAX_LIMIT}, not {}",
            args.limit
        ));
    }
    if args.offset < 0 || args.offset as usize > MAX_LIMIT * 10 {
        return invalid(format!(
            "--offset must be between 0 and {}, not {}",
            MAX_LIMIT * 10,
            args.offset
        ));
    }
    let since = date_bound("--since", args.since.as_deref(), BoundSide::Since)?;
    let until = date_bound("--until", args.until.as_deref(), BoundSide::Until)?;
    if let (Some(s), Some(u)) = (since, until) {
        if s > u {
            return invalid(format!(
                "--since {} is after --until {}: no article can match",
                args.since.unwrap_or_default(),
                args.until.unwrap_or_default()
            ));
        }
    }
    let query = args.query.join(" ");
    let typed_entities: Vec<(EntityKind, String)> = [
        (EntityKind::Person, &args.persons),
        (EntityKind::Org, &args.orgs),
        (EntityKind::Place, &args.places),
    ]
    .into_iter()
    .flat_map(|(kind, names)| names.iter().map(move |n| (kind, n.clone())))
    .collect();
    let has_filter = since.is_some()
        || until.is_some()
        || !args.entities.is_empty()
        || !typed_entities.is_empty();
    if query.trim().is_empty() && args.queries.is_none() && !has_filter {
        return invalid("no query: give words to search for, e.g. `newsearch \"Lavrov North Korea\"`, or a filter such as --since or --entity".to_string());
    }
    if args.snippet_chars < 20 || args.snippet_chars > 10_000 {
        return invalid(format!(
            "--snippet-chars must be between 20 and 10000, not {}",
            args.snippet_chars
        ));
    }
    Ok(Command::Search {
        request: SearchRequest {
            query,
            limit: args.limit as usize,
            offset: args.offset as usize,
            since,
            until,
            sort: match args.sort {
                SortArg::Relevance => SortOrder::Relevance,
                SortArg::Newest => SortOrder::Newest,
                SortArg::Oldest => SortOrder::Oldest,
            },
            entities: args.entities,
            typed_entities,
            facets: args.facets,
            snippet_chars: args.snippet_chars,
        },
        queries: args.queries,
        json: args.json,
    })
}

/// Parses the value of `--since` or `--until`, naming the flag when it is refused.
fn date_bound(
    flag: &str,
    value: Option<&str>,
    side: BoundSide,
) -> Result<Option<chrono::DateTime<chrono::Utc>>> {
    value
        .map(|v| date::parse_bound(v, side))
        .transpose()
        .map_err(|e| Error::InvalidArgument(format!("{flag}: {e}")))
}

fn index_request(args: IndexArgs, index_dir: &std::path::Path) -> Result<IndexRequest> {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let threads = args.threads.unwrap_or(cores.min(8));
    if threads == 0 || threads > 64 {
        return Err(Error::InvalidArgument(format!(
            "--threads must be between 1 and 64, not {threads}"
        )));
    }
    // tantivy needs at least 15 MB per indexing thread.
    let min_mb = 15 * threads + 1;
    if args.memory_mb < min_mb || args.memory_mb > 64 * 1024 {
        return Err(Error::InvalidArgument(format!(
            "--memory-mb must be between {min_mb} (15 per thread) and 65536, not {}",
            args.memory_mb
        )));
    }
    let paths = if args.paths.is_empty() {
        vec![crate::default_corpus_dir()]
    } else {
        args.paths
    };
    Ok(IndexRequest {
        index_dir: index_dir.to_path_buf(),
        paths,
        rebuild: args.rebuild,
        memory_budget: args.memory_mb * 1024 * 1024,
        threads,
        extract_entities: !args.no_entities,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invocation(args: &[&str]) -> Result<Invocation> {
        let args = std::iter::once("newsearch")
            .chain(args.iter().copied())
            .map(OsString::from);
        parse_args(args)
            .map_err(|e| Error::InvalidArgument(e.to_string()))?
            .into_invocation()
    }

    #[test]
    fn search_is_the_default_subcommand() {
        let inv = invocation(&["Lavrov", "North", "Korea", "-n", "3"]).unwrap();
        match inv.command {
            Command::Search { request, .. } => {
                assert_eq!(request.query, "Lavrov North Korea");
                assert_eq!(request.limit, 3);
            }
            other => panic!("expected a search, got {other:?}"),
        }
    }

    #[test]
    fn global_options_may_precede_the_subcommand() {
        let inv = invocation(&["--index", "/tmp/x", "stats"]).unwrap();
        assert!(matches!(inv.command, Command::Stats { .. }));
        assert_eq!(inv.index.dir, PathBuf::from("/tmp/x"));
        let inv = invocation(&["--color=never", "korea"]).unwrap();
        assert!(matches!(inv.command, Command::Search { .. }));
    }

    #[test]
    fn bad_arguments_are_refused() {
        for args in [
            &["x", "--limit", "-1"][..],
            &["x", "--limit", "99999999"],
            &["x", "--since", "yesterday"],
            &["x", "--since", "2017-06", "--until", "2017-05"],
            &[""],
        ] {
            assert!(invocation(args).is_err(), "{args:?} was accepted");
        }
    }

    #[test]
    fn until_a_month_covers_the_whole_month() {
        let inv = invocation(&["x", "--until", "2017-05"]).unwrap();
        let Command::Search { request, .. } = inv.command else {
            panic!("expected a search");
        };
        assert_eq!(
            request.until.unwrap().to_rfc3339(),
            "2017-05-31T23:59:59+00:00"
        );
    }
}
