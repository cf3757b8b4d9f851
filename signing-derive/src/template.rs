//! `template = "{username}:{api_key}@{timestamp}"`: literal text and `{field}` placeholders,
//! with `{{` and `}}` for literal braces. `{@method}` and `{@path}` stand for the struct's
//! declared `method` and `path`; `{sha256(raw):...}` is the digest of the template inside it, and
//! `{lowercase:{method}}` one placeholder with ASCII capitals made small.
//! Inside a digest group `}` always ends the group, so nested groups can end together
//! (`{sha256:{sha256:{body}}}`); `}}` is a literal brace outside groups.

use syn::LitStr;

use crate::attr::did_you_mean;
use crate::ctxt::Ctxt;
use crate::model::{from_spelling, spellings, DigestAlgorithm, DigestEncoding, Vocabulary};

/// A parsed template.
pub(crate) struct Template {
    /// The literal as written, for spans.
    pub(crate) lit: LitStr,
    pub(crate) pieces: Vec<Piece>,
}

/// One piece of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    /// Text written as is (braces already unescaped).
    Literal(String),
    /// `{name}`: the field called `name`.
    Field(String),
    /// `{@name}`: a value the struct's attributes declare (`method`, `path`).
    Declared(String),
    /// `{sha256(raw):...}`: the digest of the pieces inside; `{lowercase:{method}}`: the
    /// placeholder inside, lowered (a group of either kind).
    Digest(Group),
}

/// A group: a digest group (`{sha256:...}`, `{sha512(base64):...}`) or a lowercase group
/// (`{lowercase:{method}}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Group {
    /// The head as written (`sha256(raw)`), for messages.
    pub(crate) head: String,
    pub(crate) kind: GroupKind,
    pub(crate) pieces: Vec<Piece>,
}

/// What a group does with the pieces inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GroupKind {
    /// Writes their digest; `encoding` is `Hex` unless the head says otherwise.
    Digest {
        algorithm: DigestAlgorithm,
        encoding: DigestEncoding,
    },
    /// Writes its one placeholder with ASCII capital letters made small (`(request-target): post`);
    /// a value with a small letter already is refused at run time, so the group stays one-to-one.
    Lowercase,
}

/// The head of a lowercase group.
pub(crate) const LOWERCASE: &str = "lowercase";

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

    /// The field placeholders, in order, those inside digest groups included.
    pub(crate) fn fields(&self) -> Vec<&str> {
        let mut names = Vec::new();
        fields_into(&self.pieces, &mut names);
        names
    }
}

pub(crate) fn fields_into<'a>(pieces: &'a [Piece], names: &mut Vec<&'a str>) {
    for piece in pieces {
        match piece {
            Piece::Field(name) => names.push(name),
            Piece::Digest(group) => fields_into(&group.pieces, names),
            Piece::Literal(_) | Piece::Declared(_) => {}
        }
    }
}

type Chars<'a> = core::iter::Peekable<core::str::CharIndices<'a>>;

/// One `name=value` parameter of a signature header's `format`.
pub(crate) struct FormatItem {
    pub(crate) name: String,
    /// The value's pieces (for the signature parameter: only literal text around it).
    pub(crate) value: Vec<Piece>,
    /// `Some((before, after))` for the parameter that carries `{signature}`.
    pub(crate) signature: Option<(String, String)>,
}

/// `{@query}`: the request's query parameters in canonical form.
pub(crate) const QUERY_PLACEHOLDER: &str = "query";
/// `{@headers}`: the canonical header block of the header fields.
pub(crate) const HEADERS_PLACEHOLDER: &str = "headers";
/// `{@signed_headers}`: the names in that block, joined by `;`.
pub(crate) const SIGNED_HEADERS_PLACEHOLDER: &str = "signed_headers";
/// The `{@..}` placeholders written at run time (a template's, not a `format`'s).
pub(crate) const RUNTIME_PLACEHOLDERS: &[&str] = &[
    QUERY_PLACEHOLDER,
    HEADERS_PLACEHOLDER,
    SIGNED_HEADERS_PLACEHOLDER,
];

/// The placeholder that stands for the signature in a signature header's `format`.
pub(crate) const SIGNATURE: &str = "signature";

/// Splits a signature header's format into `name=value` parameters at the `,` of its literal
/// text (spaces after a `,` belong to the separator: `a=1, b=2` is written with `, `), and finds
/// the one that carries `{signature}`. Returns the parameters and the separator.
pub(crate) fn param_items(pieces: &[Piece]) -> Result<(Vec<FormatItem>, String), String> {
    let mut raw: Vec<Vec<Piece>> = vec![Vec::new()];
    let mut separator: Option<String> = None;
    for piece in pieces {
        match piece {
            Piece::Literal(text) => {
                for (i, part) in text.split(',').enumerate() {
                    let part = if i > 0 {
                        raw.push(Vec::new());
                        let trimmed = part.trim_start_matches(' ');
                        let spaces = part.len() - trimmed.len();
                        let this = format!(",{}", " ".repeat(spaces));
                        match &separator {
                            Some(first) if *first != this => {
                                return Err(format!(
                                    "the parameters of `format` are separated by {first:?} and \
                                     by {this:?}; use one separator"
                                ))
                            }
                            _ => separator = Some(this),
                        }
                        trimmed
                    } else {
                        part
                    };
                    if !part.is_empty() {
                        if let Some(current) = raw.last_mut() {
                            current.push(Piece::Literal(part.to_owned()));
                        }
                    }
                }
            }
            other => {
                if let Some(current) = raw.last_mut() {
                    current.push(other.clone());
                }
            }
        }
    }
    let mut items = Vec::new();
    for (i, mut value) in raw.into_iter().enumerate() {
        let name = match value.first_mut() {
            Some(Piece::Literal(text)) => match text.split_once('=') {
                Some((name, rest)) if is_param_name(name) => {
                    let name = name.to_owned();
                    *text = rest.to_owned();
                    name
                }
                _ => return Err(scheme_word(i, text).unwrap_or_else(|| not_a_param(i))),
            },
            _ => return Err(not_a_param(i)),
        };
        value.retain(|p| !matches!(p, Piece::Literal(t) if t.is_empty()));
        let carries = |p: &Piece| matches!(p, Piece::Field(f) if f == SIGNATURE);
        let signature = if value.iter().any(carries) {
            match value.as_slice() {
                [Piece::Field(_)] => Some((String::new(), String::new())),
                [Piece::Literal(before), Piece::Field(_)] => Some((before.clone(), String::new())),
                [Piece::Field(_), Piece::Literal(after)] => Some((String::new(), after.clone())),
                [Piece::Literal(before), Piece::Field(_), Piece::Literal(after)] => {
                    Some((before.clone(), after.clone()))
                }
                _ => {
                    return Err(format!(
                        "parameter `{name}` of `format` holds `{{signature}}` together with other \
                         placeholders; the signature's parameter may only have literal text \
                         around it, like `{name}=:{{signature}}:`"
                    ))
                }
            }
        } else {
            None
        };
        items.push(FormatItem {
            name,
            value,
            signature,
        });
    }
    match items.iter().filter(|i| i.signature.is_some()).count() {
        1 => Ok((items, separator.unwrap_or_else(|| ",".to_owned()))),
        0 => Err(
            "`format` has no `{signature}`: say which parameter carries the signature, like \
             \"t={timestamp},v1={signature}\""
                .to_owned(),
        ),
        n => Err(format!(
            "`{{signature}}` appears in {n} parameters of `format`; the signature goes in one"
        )),
    }
}

/// `Signature keyId=..`: a format that starts with a scheme token and a space gets the advice
/// to declare the token as `scheme`.
fn scheme_word(i: usize, text: &str) -> Option<String> {
    let (word, rest) = text.split_once(' ')?;
    let is_token = |w: &str| {
        !w.is_empty()
            && w.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
    };
    let first = rest.trim_start_matches(' ');
    let (name, _) = first.split_once('=')?;
    (i == 0 && is_token(word) && is_param_name(name)).then(|| {
        format!(
            "`format` starts with `{word} `, a scheme token before the parameters: declare it \
             as scheme = {word:?} and start the format at the first parameter, `{name}=..`"
        )
    })
}

fn not_a_param(i: usize) -> String {
    format!(
        "parameter {} of `format` is not `name=value`: a signature header's format is parameters \
         separated by `,`, each a name (letters, digits, `-`, `_`, `.`, `*`), `=`, then its value",
        i + 1
    )
}

fn is_param_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.*".contains(c))
}

/// `pieces` split at each `separator` of their literal text (placeholders stay whole).
pub(crate) fn split_parts(pieces: &[Piece], separator: char) -> Vec<Vec<Piece>> {
    let mut parts: Vec<Vec<Piece>> = vec![Vec::new()];
    for piece in pieces {
        match piece {
            Piece::Literal(text) => {
                for (i, part) in text.split(separator).enumerate() {
                    if i > 0 {
                        parts.push(Vec::new());
                    }
                    if let (false, Some(current)) = (part.is_empty(), parts.last_mut()) {
                        current.push(Piece::Literal(part.to_owned()));
                    }
                }
            }
            other => {
                if let Some(current) = parts.last_mut() {
                    current.push(other.clone());
                }
            }
        }
    }
    parts
}

pub(crate) fn split(text: &str) -> Result<Vec<Piece>, String> {
    parse_pieces(&mut text.char_indices().peekable(), None)
}

/// Reads pieces up to the end of the text, or, inside the digest group that opened at byte
/// `group.0`, up to the `}` that closes it.
fn parse_pieces(chars: &mut Chars, group: Option<(usize, &str)>) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut literal = String::new();
    loop {
        let Some((at, c)) = chars.next() else {
            if let Some((at, head)) = group {
                return Err(format!(
                    "the digest group `{{{head}:..}}` at byte {at} of the template is not closed; \
                     end it with `}}`"
                ));
            }
            break;
        };
        match c {
            '{' if chars.peek().is_some_and(|&(_, n)| n == '{') => {
                chars.next();
                literal.push('{');
            }
            // Inside a digest group `}` always ends the group, so groups can end together
            // (`{sha256:{sha256:{body}}}`); `}}` is a literal brace only outside groups.
            '}' if group.is_some() => break,
            '}' if chars.peek().is_some_and(|&(_, n)| n == '}') => {
                chars.next();
                literal.push('}');
            }
            '}' => {
                let after_group =
                    literal.is_empty() && matches!(pieces.last(), Some(Piece::Digest(_)));
                let hint = if after_group {
                    " (inside a digest group `}` ends the group: a literal `}` goes outside it)"
                } else {
                    ""
                };
                return Err(format!(
                    "unmatched `}}` at byte {at} of the template; write `}}}}` for a literal \
                     brace{hint}"
                ));
            }
            '{' => {
                let mut name = String::new();
                let mut end = None;
                for (_, c) in chars.by_ref() {
                    if c == '}' || c == ':' || c == '{' {
                        end = Some(c);
                        break;
                    }
                    name.push(c);
                }
                let piece = match end {
                    Some('}') => placeholder(at, name)?,
                    Some(':') => {
                        let kind = if name == LOWERCASE {
                            GroupKind::Lowercase
                        } else {
                            let (algorithm, encoding) = digest_head(at, &name)?;
                            GroupKind::Digest {
                                algorithm,
                                encoding,
                            }
                        };
                        let inner = parse_pieces(chars, Some((at, &name)))?;
                        if kind == GroupKind::Lowercase
                            && !matches!(inner.as_slice(), [Piece::Field(_)])
                            && !matches!(inner.as_slice(), [Piece::Declared(d)] if d == "method")
                        {
                            return Err(format!(
                                "the group `{{lowercase:..}}` at byte {at} of the template holds \
                                 one field placeholder or `{{@method}}` and nothing else, like \
                                 `{{lowercase:{{method}}}}`; write literal text in lower case \
                                 outside it"
                            ));
                        }
                        if inner.is_empty() {
                            return Err(format!(
                                "the digest group `{{{name}:}}` at byte {at} of the template is \
                                 empty; put the part of the message it hashes after the `:`"
                            ));
                        }
                        Piece::Digest(Group {
                            head: name,
                            kind,
                            pieces: inner,
                        })
                    }
                    _ => {
                        return Err(format!(
                            "unclosed `{{` at byte {at} of the template; write `{{{{` for a literal brace"
                        ))
                    }
                };
                if !literal.is_empty() {
                    pieces.push(Piece::Literal(std::mem::take(&mut literal)));
                }
                pieces.push(piece);
            }
            c => literal.push(c),
        }
    }
    if !literal.is_empty() {
        pieces.push(Piece::Literal(literal));
    }
    Ok(pieces)
}

/// `{name}` or `{@name}`.
fn placeholder(at: usize, name: String) -> Result<Piece, String> {
    if name.is_empty() {
        return Err(format!(
            "empty placeholder `{{}}` at byte {at} of the template; name a field, like `{{timestamp}}`"
        ));
    }
    let (declared, ident) = match name.strip_prefix('@') {
        Some(rest) => (true, rest),
        None => (false, name.as_str()),
    };
    let valid = !ident.is_empty()
        && ident.chars().all(|c| c == '_' || c.is_alphanumeric())
        && !ident.starts_with(|c: char| c.is_ascii_digit());
    if !valid {
        return Err(format!(
            "placeholder `{{{name}}}` is not a field name; placeholders are plain field names, \
             like `{{api_key}}`, `{{@method}}` or `{{@path}}`, or digest groups, like \
             `{{sha256:{{body}}}}`"
        ));
    }
    Ok(if declared {
        Piece::Declared(ident.to_owned())
    } else {
        Piece::Field(name)
    })
}

/// `sha256` / `sha256(raw)` -> (algorithm, encoding).
fn digest_head(at: usize, head: &str) -> Result<(DigestAlgorithm, DigestEncoding), String> {
    let (name, encoding) = match head.split_once('(') {
        Some((name, rest)) => match rest.strip_suffix(')') {
            Some(encoding) => (name, Some(encoding)),
            None => {
                return Err(format!(
                    "the digest group `{{{head}:..}}` at byte {at} of the template has an \
                     unclosed `(`; write it like `{{sha256(raw):..}}`"
                ))
            }
        },
        None => (head, None),
    };
    let algorithm = find(name, "digest", at, head)?;
    let encoding = match encoding {
        Some(encoding) => find(encoding, "digest encoding", at, head)?,
        None => DigestEncoding::Hex,
    };
    Ok((algorithm, encoding))
}

/// The value of `V` spelled `text`, or an error naming the group.
fn find<V: Vocabulary>(text: &str, what: &str, at: usize, head: &str) -> Result<V, String> {
    if let Some(value) = from_spelling(text) {
        return Ok(value);
    }
    let hint = match did_you_mean(text, spellings::<V>()) {
        Some(close) => format!("did you mean `{close}`?"),
        None => {
            let all: Vec<String> = spellings::<V>().map(|v| format!("`{v}`")).collect();
            format!("expected one of {}", all.join(", "))
        }
    };
    Err(format!(
        "unknown {what} `{text}` in the digest group `{{{head}:..}}` at byte {at} of the \
         template; {hint}"
    ))
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
        assert!(split("{@}").unwrap_err().contains("not a field name"));
    }

    #[test]
    fn declared_values_and_digest_groups() {
        assert_eq!(
            split("{@path}{sha256(raw):{nonce}{post_data}}").unwrap(),
            vec![
                Piece::Declared("path".into()),
                Piece::Digest(Group {
                    head: "sha256(raw)".into(),
                    kind: GroupKind::Digest {
                        algorithm: DigestAlgorithm::Sha256,
                        encoding: DigestEncoding::Raw,
                    },
                    pieces: vec![
                        Piece::Field("nonce".into()),
                        Piece::Field("post_data".into())
                    ],
                }),
            ]
        );
        let nested = split("a{sha512:{{{sha256(base64):x}-}b").unwrap();
        let Piece::Digest(outer) = &nested[1] else {
            panic!("{nested:?}")
        };
        assert!(matches!(
            outer.kind,
            GroupKind::Digest {
                encoding: DigestEncoding::Hex,
                ..
            }
        ));
        assert_eq!(outer.pieces[0], Piece::Literal("{".into()));
        assert!(
            matches!(&outer.pieces[1], Piece::Digest(g) if matches!(g.kind, GroupKind::Digest { encoding: DigestEncoding::Base64, .. }))
        );
        assert_eq!(outer.pieces[2], Piece::Literal("-".into()));
        assert_eq!(nested[2], Piece::Literal("b".into()));
    }

    #[test]
    fn nested_digest_groups_end_together() {
        let nested = split("{sha256:{sha256:{body}}}").unwrap();
        let [Piece::Digest(outer)] = nested.as_slice() else {
            panic!("{nested:?}")
        };
        let [Piece::Digest(inner)] = outer.pieces.as_slice() else {
            panic!("{outer:?}")
        };
        assert_eq!(inner.pieces, vec![Piece::Field("body".into())]);
        // Text after the groups, and a literal brace outside them.
        let after = split("{sha256:x{sha512:{a}}}}}y").unwrap();
        assert_eq!(after.len(), 2);
        assert_eq!(after[1], Piece::Literal("}y".into()));
        // A `}}` meant as a literal brace inside a group ends the group instead.
        assert!(split("{sha256:a}}b}")
            .unwrap_err()
            .contains("inside a digest group `}` ends the group"));
    }

    #[test]
    fn signature_header_parameters() {
        let (items, separator) =
            param_items(&split("t={timestamp},v1={signature}").unwrap()).unwrap();
        assert_eq!(separator, ",");
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].name, "t");
        assert_eq!(items[0].value, vec![Piece::Field("timestamp".into())]);
        assert_eq!(items[1].signature, Some((String::new(), String::new())));
        let (items, _) = param_items(&split("sig-b25=:{signature}:").unwrap()).unwrap();
        assert_eq!(items[0].signature, Some((":".into(), ":".into())));
        let err = |f: &str| param_items(&split(f).unwrap()).err().unwrap();
        assert!(err("t={timestamp}").contains("no `{signature}`"));
        assert!(err("{signature}").contains("parameter 1 of `format` is not `name=value`"));
        assert!(err("a=1, b=2,v1={signature}").contains("use one separator"));
        assert!(err("Signature keyId=\"k\",signature=\"{signature}\"")
            .contains("declare it as scheme = \"Signature\" and start the format at the first parameter, `keyId=..`"));
        let (items, separator) =
            param_items(&split("Credential={c}, SignedHeaders=h, Signature={signature}").unwrap())
                .unwrap();
        assert_eq!((items.len(), separator.as_str()), (3, ", "));
        assert_eq!(items[1].name, "SignedHeaders");
        assert!(err("v1={t}{signature}").contains("together with other placeholders"));
        assert!(err("a={signature},b={signature}").contains("appears in 2 parameters"));
    }

    #[test]
    fn lowercase_groups_hold_one_placeholder() {
        let pieces = split("(request-target): {lowercase:{method}} {@path}").unwrap();
        let Piece::Digest(group) = &pieces[1] else {
            panic!("{pieces:?}")
        };
        assert_eq!(group.kind, GroupKind::Lowercase);
        assert_eq!(group.pieces, vec![Piece::Field("method".into())]);
        assert!(split("{lowercase:{@method}}").is_ok());
        for bad in [
            "{lowercase:GET}",
            "{lowercase:{a}{b}}",
            "{lowercase:{a} }",
            "{lowercase:{@path}}",
        ] {
            assert!(
                split(bad)
                    .unwrap_err()
                    .contains("holds one field placeholder"),
                "{bad}"
            );
        }
        assert!(split("{lowercase:}")
            .unwrap_err()
            .contains("holds one field placeholder"));
    }

    #[test]
    fn malformed_digest_groups() {
        assert!(split("{md5:{a}}")
            .unwrap_err()
            .contains("unknown digest `md5`"));
        assert!(split("{sha265:{a}}")
            .unwrap_err()
            .contains("did you mean `sha256`?"));
        assert!(split("{sha256(b64):{a}}")
            .unwrap_err()
            .contains("unknown digest encoding `b64`"));
        assert!(split("{sha256(raw:{a}}")
            .unwrap_err()
            .contains("unclosed `(`"));
        assert!(split("{sha256:}").unwrap_err().contains("is empty"));
        assert!(split("{sha256:{a}").unwrap_err().contains("is not closed"));
    }
}
