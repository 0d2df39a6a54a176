//! Document paths as SARIF artifact URIs.
//!
//! Code-scanning platforms resolve a relative URI against the repository root, so a
//! document's path must come out relative whenever it can, encoded so that no file name
//! is read as a scheme, query or fragment. Kept apart from the log's shape because it is
//! a rule about paths, tested on its own.

/// A document path as a SARIF URI: relative, so code-scanning platforms resolve it
/// against the repository root, when it is relative or under the current folder; a
/// `file:` URI otherwise. Nothing is guessed from the spelling: `c:odd.yaml` on Unix is a
/// relative file name (its `:` encoded, so it cannot be read as a scheme), and only on
/// Windows are `\` separators and drive letters. Everything but RFC 3986's unreserved
/// characters and `/` is percent-encoded.
pub fn artifact_uri(path: &str) -> String {
    let p = std::path::Path::new(path);
    if !p.is_absolute() {
        return relative_uri(path);
    }
    match relative_to_cwd(p) {
        Some(rel) => relative_uri(&rel),
        None => absolute_uri(&separators(path)),
    }
}

/// The path with the platform's separators as `/`.
fn separators(path: &str) -> String {
    if cfg!(windows) {
        path.replace('\\', "/")
    } else {
        path.to_string()
    }
}

fn relative_uri(path: &str) -> String {
    let mut p = separators(path);
    while let Some(rest) = p.strip_prefix("./") {
        p = rest.to_string();
    }
    percent_encode(&p)
}

/// An absolute path as a `file:` URI: `/x` → `file:///x`; on Windows `C:/x` →
/// `file:///C:/x` and `//server/share/x` → `file://server/share/x`.
fn absolute_uri(p: &str) -> String {
    let b = p.as_bytes();
    if cfg!(windows) && b.len() > 2 && b[0].is_ascii_alphabetic() && b[1] == b':' {
        return format!("file:///{}:{}", &p[..1], percent_encode(&p[2..]));
    }
    match p.strip_prefix("//") {
        Some(unc) => format!("file://{}", percent_encode(unc)),
        None => format!("file://{}", percent_encode(p)),
    }
}

fn relative_to_cwd(abs: &std::path::Path) -> Option<String> {
    let cwd = std::env::current_dir().ok()?;
    let rel = abs.strip_prefix(&cwd).ok()?;
    Some(separators(rel.to_str()?))
}

/// Percent-encodes everything but unreserved characters and `/` (RFC 3986, 2.3).
fn percent_encode(s: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}
