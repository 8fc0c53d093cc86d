//! The `mrio` command: parse arguments, run, map errors to exit codes.

// See lib.rs: errors carry full context by design.
#![allow(clippy::result_large_err)]

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
