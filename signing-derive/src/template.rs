//! `template = "{username}:{api_key}@{timestamp}"`: literal text and `{field}` placeholders,
//! with `{{` and `}}` for literal braces.

use syn::LitStr;

use crate::ctxt::Ctxt;

/// A parsed template.
pub(crate) struct Template {
    /// The literal as written, for spans.
    pub(crate) lit: LitStr,
    pub(crate) pieces: Vec<Piece>,
}

/// One piece of a template.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Piece {
    /// Text written as is (braces already unescaped).
    Literal(String),
    /// `{name}`: the field called `name`.
    Field(String),
}

impl Template {
    /// Splits `lit` into pieces; unbalanced braces and malformed placeholders are reported and
    /// give `None`.
    pub(crate) fn parse(cx: &Ctxt, lit: LitStr) -> Option<Template> {
        match split(&lit.value()) {
            Ok(pieces) => Some(Template { lit, pieces }),
            Err(message) => {
                cx.error_spanned_by(&lit, message);
                None
            }
        }
    }

    /// The placeholders, in order.
    pub(crate) fn fields(&self) -> impl Iterator<Item = &str> {
        self.pieces.iter().filter_map(|p| match p {
            Piece::Field(name) => Some(name.as_str()),
            Piece::Literal(_) => None,
        })
    }
}

pub(crate) fn split(text: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '{' if chars.peek().is_some_and(|&(_, n)| n == '{') => {
                chars.next();
                literal.push('{');
            }
            '}' if chars.peek().is_some_and(|&(_, n)| n == '}') => {
                chars.next();
                literal.push('}');
            }
            '}' => {
                return Err(format!(
                    "unmatched `}}` at byte {at} of the template; write `}}}}` for a literal brace"
                ));
            }
            '{' => {
                let mut name = String::new();
                let mut closed = false;
                for (_, c) in chars.by_ref() {
                    if c == '}' {
                        closed = true;
                        break;
                    }
                    if c == '{' {
                        break;
                    }
                    name.push(c);
                }
                if !closed {
                    return Err(format!(
                        "unclosed `{{` at byte {at} of the template; write `{{{{` for a literal brace"
                    ));
                }
                if name.is_empty() {
                    return Err(format!(
                        "empty placeholder `{{}}` at byte {at} of the template; name a field, like `{{timestamp}}`"
                    ));
                }
                let valid = name.chars().all(|c| c == '_' || c.is_alphanumeric())
                    && !name.starts_with(|c: char| c.is_ascii_digit());
                if !valid {
                    return Err(format!(
                        "placeholder `{{{name}}}` is not a field name; placeholders are plain field names, like `{{api_key}}`"
                    ));
                }
                if !literal.is_empty() {
                    pieces.push(Piece::Literal(std::mem::take(&mut literal)));
                }
                pieces.push(Piece::Field(name));
            }
            c => literal.push(c),
        }
    }
    if !literal.is_empty() {
        pieces.push(Piece::Literal(literal));
    }
    Ok(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_and_escapes() {
        assert_eq!(
            split("{a}:{{x}}{b}@").unwrap(),
            vec![
                Piece::Field("a".into()),
                Piece::Literal(":{x}".into()),
                Piece::Field("b".into()),
                Piece::Literal("@".into()),
            ]
        );
        assert_eq!(split("").unwrap(), vec![]);
    }

    #[test]
    fn unbalanced() {
        assert!(split("{a").unwrap_err().contains("unclosed `{`"));
        assert!(split("a}b").unwrap_err().contains("unmatched `}`"));
        assert!(split("{a{b}").unwrap_err().contains("unclosed"));
        assert!(split("{}").unwrap_err().contains("empty placeholder"));
        assert!(split("{a b}").unwrap_err().contains("not a field name"));
    }
}
