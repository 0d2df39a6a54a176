//! The long version (`aftercert --version`): the release, and the commit and date it was
//! built from when the build could ask git, like `cargo -vV`. `-V` prints the release only.

/// The text of `--version`.
pub const LONG: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    "\ncommit-hash: ",
    env!("AFTERCERT_COMMIT_HASH"),
    "\ncommit-date: ",
    env!("AFTERCERT_COMMIT_DATE"),
    "\nhost: ",
    env!("AFTERCERT_HOST"),
    "\nrustc: ",
    env!("AFTERCERT_RUSTC"),
);
