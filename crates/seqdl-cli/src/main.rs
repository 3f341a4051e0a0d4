//! The `seqdl` command line: clap → seqdl's application layer (`seq-app`), nothing else. Every command
//! runs on the device `--device` chooses (`cpu`, or `cuda[:N]` when built with the `cuda` feature).

mod commands;
mod error;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = commands::Cli::parse();
    commands::init_logging(args.verbose);
    match commands::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is_interrupted() => {
            eprintln!("{e}\nto continue: {}", commands::resume_command());
            ExitCode::from(commands::INTERRUPTED as u8)
        }
        Err(e) => {
            let mut shown = e.to_string();
            eprintln!("error: {shown}");
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                // Errors that already quote their cause (e.g. "…: No such file (os error 2)") are not repeated.
                let text = s.to_string();
                if !shown.contains(&text) {
                    eprintln!("  caused by: {text}");
                    shown.push_str(&text);
                }
                source = s.source();
            }
            ExitCode::FAILURE
        }
    }
}
