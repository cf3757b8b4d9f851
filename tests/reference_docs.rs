//! The attribute reference is written twice: in README.md (the grammar's reference) and in the
//! rustdoc of `#[derive(SignedRequest)]` (src/docs/signed_request.md, what docs.rs shows). Their
//! tables must say the same thing, row for row.

/// The table rows (`| … |` lines) under `## On the struct` / `## On a field` headings.
fn rows(text: &str, from: &str, to: &str) -> Vec<String> {
    let start = text.find(from).unwrap_or_else(|| panic!("no `{from}`"));
    let end = start
        + text[start..]
            .find(to)
            .unwrap_or_else(|| panic!("no `{to}`"));
    text[start..end]
        .lines()
        .filter(|line| line.starts_with("| `"))
        .map(str::to_owned)
        .collect()
}

#[test]
fn readme_and_rustdoc_tables_agree() {
    let readme = include_str!("../README.md");
    let rustdoc = include_str!("../src/docs/signed_request.md");
    for (heading, next) in [
        ("On the struct: `#[signed(...)]`", "On a field"),
        ("On a field: `#[signed(...)]`", "Field types:"),
    ] {
        let in_readme = rows(readme, &format!("### {heading}"), next);
        let in_rustdoc = rows(rustdoc, &format!("## {heading}"), next);
        assert!(!in_readme.is_empty());
        for row in &in_readme {
            assert!(
                in_rustdoc.contains(row),
                "README's `{heading}` row is not in src/docs/signed_request.md: {row}"
            );
        }
        for row in &in_rustdoc {
            assert!(
                in_readme.contains(row),
                "src/docs/signed_request.md's `{heading}` row is not in README.md: {row}"
            );
        }
    }
}
