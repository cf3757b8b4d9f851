//! The AWS SigV4 test suite's files (`tests/vectors/aws-sigv4-suite`), read the same way by
//! every test that runs its cases (tests/sigv4_suite.rs, tests/sigv4_suite_declared.rs,
//! tests/cloud_readme.rs, tests/cloud_grammar.rs).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The suite's folder.
pub fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/aws-sigv4-suite")
}

/// Each case's folder, sorted by name.
pub fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(dir())
        .expect("suite")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

/// The text of `file` in case `case`.
pub fn file(case: &str, file: &str) -> String {
    std::fs::read_to_string(dir().join(case).join(file)).expect("vector file")
}

/// A request as the suite's files write it (`request.txt`, `*-signed-request.txt`).
pub struct Written<'a> {
    pub method: &'a str,
    /// The request target as written (the path, and `?query` when there is one).
    pub target: &'a str,
    /// The path as written (percent-encoded).
    pub path: &'a str,
    /// The query as written, without `?` (empty when there is none).
    pub query: &'a str,
    /// Each header's name as written, and its value with folded lines joined by a space.
    pub headers: Vec<(&'a str, String)>,
    pub body: &'a str,
}

impl<'a> Written<'a> {
    pub fn parse(text: &'a str) -> Written<'a> {
        let (head, body) = text.split_once("\n\n").unwrap_or((text, ""));
        let mut lines = head.lines();
        let first = lines.next().expect("request line");
        let (method, rest) = first.split_once(' ').expect("method");
        let target = rest.strip_suffix(" HTTP/1.1").expect("HTTP/1.1");
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let mut headers: Vec<(&str, String)> = Vec::new();
        for line in lines {
            if line.starts_with([' ', '\t']) {
                let last = headers.last_mut().expect("a folded line follows a header");
                last.1.push(' ');
                last.1.push_str(line);
            } else {
                let (name, value) = line.split_once(':').expect("name:value");
                headers.push((name, value.to_owned()));
            }
        }
        Written {
            method,
            target,
            path,
            query,
            headers,
            body,
        }
    }

    /// The first value sent under `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Each header as `name:value`, the name lower-cased, sorted: a form to compare the
    /// headers of two requests by (their order is the signer's choice).
    pub fn header_lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .headers
            .iter()
            .map(|(n, v)| format!("{}:{v}", n.to_ascii_lowercase()))
            .collect();
        lines.sort();
        lines
    }
}

/// The headers a declaration sends, in the form of [`Written::header_lines`].
pub fn sent_header_lines(signed: &signing::Signed) -> Vec<String> {
    let mut lines: Vec<String> = signed
        .headers()
        .map(|(n, v)| format!("{}:{v}", n.to_ascii_lowercase()))
        .collect();
    lines.sort();
    lines
}

/// The value a declaration sends under header `name` (`Authorization`).
pub fn sent_header(signed: &signing::Signed, name: &str) -> String {
    signed
        .headers()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.to_owned())
        .unwrap_or_else(|| panic!("no {name} header sent"))
}
