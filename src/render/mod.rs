//! Output: the only code that knows about terminals, colours and JSON layout.
//!
//! Each output format is its own module; the command line picks one per run.

pub mod json;
pub mod progress;
pub mod terminal;

use std::io::IsTerminal;

/// Whether to colour terminal output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour; highlights are marked with `**`.
    Never,
}

impl ColorChoice {
    /// Resolves `Auto` against standard output and the environment.
    pub fn use_color(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        }
    }
}
