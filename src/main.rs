//! The `pdsa` binary: parses the command line and hands over to `pdsa::cli`.

use clap::Parser;

fn main() {
    let args = pdsa::cli::Args::parse();
    if let Err(message) = pdsa::cli::run(args) {
        eprintln!("pdsa: {message}");
        std::process::exit(1);
    }
}
