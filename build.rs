//! Rebuilds when a file is added to or removed from a folder that is built into the binary:
//! `include_bytes!` (rust-embed) and `embed_migrations!` see edits to the files they embed, but
//! not a new file beside them.

fn main() {
    for folder in ["templates", "static", "migrations", "seeds"] {
        println!("cargo:rerun-if-changed={folder}");
    }
}
