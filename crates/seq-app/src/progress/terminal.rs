//! [`Progress`] drawn as an indicatif bar on standard error, hidden when it is not a terminal (feature
//! `terminal`: the command line and the reproduction use it; a library build has no indicatif).

use std::io::IsTerminal;
use std::sync::Mutex;

use super::Progress;
use indicatif::{ProgressBar, ProgressStyle};

/// A terminal progress bar; `start` begins a new bar for each step (prefixed with `prefix`, if any).
pub struct Bar {
    bar: Mutex<Option<ProgressBar>>,
    show: bool,
    prefix: String,
}

impl Bar {
    /// A bar that shows when `show` is on and standard error is a terminal.
    pub fn new(show: bool) -> Self {
        Bar { bar: Mutex::new(None), show: show && std::io::stderr().is_terminal(), prefix: String::new() }
    }

    /// The same bar with `prefix` before each step (e.g. the tutorial's name).
    pub fn with_prefix(mut self, prefix: &str) -> Self {
        self.prefix = prefix.to_string();
        self
    }

    fn with(&self, f: impl FnOnce(&ProgressBar)) {
        if let Ok(guard) = self.bar.lock() {
            if let Some(bar) = guard.as_ref() {
                f(bar);
            }
        }
    }
}

impl Progress for Bar {
    fn start(&self, total: u64, what: &str) {
        if !self.show {
            return;
        }
        let bar = ProgressBar::new(total);
        let template = format!(
            "{}{{spinner}} [{{elapsed_precise}}] {{wide_bar}} {{pos}}/{{len}} {what} (eta {{eta}}) {{msg}}",
            self.prefix
        );
        if let Ok(style) = ProgressStyle::with_template(&template) {
            bar.set_style(style.progress_chars("=> "));
        }
        if let Ok(mut guard) = self.bar.lock() {
            *guard = Some(bar);
        }
    }

    fn advance(&self, n: u64) {
        self.with(|b| b.inc(n));
    }

    fn message(&self, text: &str) {
        self.with(|b| b.set_message(text.to_string()));
    }

    fn finish(&self) {
        if let Ok(mut guard) = self.bar.lock() {
            if let Some(bar) = guard.take() {
                bar.finish_and_clear();
            }
        }
    }
}
