//! The attribute reference is written twice: in README.md (the grammar's reference) and in the
//! rustdoc of `#[derive(SignedRequest)]` (src/docs/signed_request.md, what docs.rs shows). Their
//! tables must say the same thing, row for row. After changing README's tables,
//! `REFERENCE_DOCS=overwrite cargo test --test reference_docs` copies them into the rustdoc.

use std::path::Path;

const STRUCT: &str = "On the struct: `#[signed(...)]`";
const FIELD: &str = "On a field: `#[signed(...)]`";

/// The table rows (`| `…` |` lines) from `from` to `to`.
fn rows(text: &str, from: &str, to: &str) -> Vec<String> {
    let (start, end) = span(text, from, to);
    text[start..end]
        .lines()
        .filter(|line| line.starts_with("| `"))
        .map(str::to_owned)
        .collect()
}

fn span(text: &str, from: &str, to: &str) -> (usize, usize) {
    let start = text.find(from).unwrap_or_else(|| panic!("no `{from}`"));
    let end = start
        + text[start..]
            .find(to)
            .unwrap_or_else(|| panic!("no `{to}`"));
    (start, end)
}

/// Replaces the rustdoc's two tables (and the text between them) with README's.
fn overwrite(readme: &str, rustdoc: &str, path: &Path) {
    let (start, end) = span(
        readme,
        &format!("### {STRUCT}"),
        "### Signature header formats",
    );
    let tables = readme[start..end].trim().replace("\n### ", "\n## ");
    let tables = tables.strip_prefix('#').unwrap_or(&tables);
    let (start, end) = span(
        rustdoc,
        &format!("## {STRUCT}"),
        "## Signature header formats",
    );
    let updated = format!("{}{tables}\n\n{}", &rustdoc[..start], &rustdoc[end..]);
    std::fs::write(path, updated).unwrap();
}

#[test]
fn readme_and_rustdoc_tables_agree() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let path = root.join("src/docs/signed_request.md");
    let mut rustdoc = std::fs::read_to_string(&path).unwrap();
    if std::env::var_os("REFERENCE_DOCS").is_some_and(|v| v == "overwrite") {
        overwrite(&readme, &rustdoc, &path);
        rustdoc = std::fs::read_to_string(&path).unwrap();
    }
    for (heading, next) in [(STRUCT, "On a field"), (FIELD, "Field types:")] {
        let in_readme = rows(&readme, &format!("### {heading}"), next);
        let in_rustdoc = rows(&rustdoc, &format!("## {heading}"), next);
        assert!(!in_readme.is_empty());
        for row in &in_readme {
            assert!(
                in_rustdoc.contains(row),
                "README's `{heading}` row is not in src/docs/signed_request.md \
                 (REFERENCE_DOCS=overwrite cargo test --test reference_docs copies it): {row}"
            );
        }
        for row in &in_rustdoc {
            assert!(
                in_readme.contains(row),
                "src/docs/signed_request.md's `{heading}` row is not in README.md \
                 (REFERENCE_DOCS=overwrite cargo test --test reference_docs copies README's): {row}"
            );
        }
    }
}
