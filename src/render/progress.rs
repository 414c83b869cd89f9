//! A progress bar for indexing, shown only on a terminal.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::index::Progress;

/// Draws indexing progress on standard error when it is a terminal; silent otherwise, so
/// that logs and pipes stay clean.
pub struct Bar {
    bar: ProgressBar,
}

impl Bar {
    /// A bar that draws only if standard error is a terminal and `quiet` is off.
    pub fn new(quiet: bool) -> Bar {
        let visible = !quiet && std::io::stderr().is_terminal();
        let target = if visible {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        Bar {
            bar: ProgressBar::with_draw_target(None, target),
        }
    }

    /// Removes the bar from the screen.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Progress for Bar {
    fn start(&self) {
        self.bar.set_length(0);
        let style = ProgressStyle::with_template(
            "{spinner} indexing [{bar:30}] {pos}/{len} files  {elapsed} elapsed, eta {eta}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
        self.bar.set_style(style);
        self.bar.enable_steady_tick(Duration::from_millis(120));
    }

    fn found(&self, files: u64) {
        self.bar.inc_length(files);
    }

    fn advance(&self) {
        self.bar.inc(1);
    }

    fn committing(&self) {
        self.bar.set_style(
            ProgressStyle::with_template("{spinner} committing the index…")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
    }
}
