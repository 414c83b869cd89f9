//! Links the `newsearch` binary as a position-dependent executable on Linux.
//!
//! A position-independent executable makes the dynamic loader patch every pointer in the
//! program's static data at start-up (over 40,000 relocations here: vtables, word tables,
//! the HTML parser's atoms), which dirties those pages and costs about half a millisecond of
//! every command: a third of a whole one-off search. Linked at a fixed address, the pointers
//! are final in the file and start-up does no such work.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
