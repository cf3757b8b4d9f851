//! Properties derived from the attributes, computed in one place (thiserror's `prop.rs`):
//! defaults resolved, the family, which fields are query parameters, `{@method}` resolved, which
//! fields a signature header carries.

use syn::LitStr;

use crate::ast::{Field, Input};
use crate::attr::Container;
use crate::model::{
    DigestEncoding, DigestFieldDecl, Encoding, Escape, Family, KeyEncoding, MacAlgorithm,
    Signature, SignatureAlgorithm, SignatureFormat,
};
use crate::symbol::{ALGORITHM, CONTENT_DIGEST, JWT, MAC, REPR_DIGEST};
use crate::template::{
    Group, GroupKind, Piece, HEADERS_PLACEHOLDER, QUERY_PLACEHOLDER, RUNTIME_PLACEHOLDERS,
    SIGNED_HEADERS_PLACEHOLDER,
};

impl Family {
    /// `Mac` or `Jwt` when exactly one of `mac` / `jwt` / `algorithm` is given (a refused
    /// value counts). A declaration with `algorithm` lays its message out as a MAC request does
    /// (`Mac`); only its signature differs (see [`Input::signature_algorithm`]).
    pub(crate) fn of(attrs: &Container) -> Option<Family> {
        let keys = &attrs.keys;
        match (
            keys.contains(&MAC),
            keys.contains(&JWT),
            keys.contains(&ALGORITHM),
        ) {
            (true, false, false) | (false, false, true) => Some(Family::Mac),
            (false, true, false) => Some(Family::Jwt),
            (false, false, false)
                if keys.contains(&CONTENT_DIGEST) || keys.contains(&REPR_DIGEST) =>
            {
                Some(Family::Digest)
            }
            _ => None,
        }
    }
}

impl Input<'_> {
    /// Whether the struct is a digest declaration (`content_digest` without a signature).
    pub(crate) fn is_digest(&self) -> bool {
        self.family == Some(Family::Digest)
    }

    /// The declared RFC 9530 fields, `Content-Digest` first.
    pub(crate) fn digest_fields(&self) -> Vec<(&'static str, &DigestFieldDecl)> {
        let a = &self.attrs;
        let mut fields = Vec::new();
        if let Some(d) = &a.content_digest {
            fields.push(("Content-Digest", &d.value));
        }
        if let Some(d) = &a.repr_digest {
            fields.push(("Repr-Digest", &d.value));
        }
        fields
    }

    /// The `#[signed(body)]` field, if any.
    pub(crate) fn body_field(&self) -> Option<&Field<'_>> {
        self.fields.iter().find(|f| f.attrs.body.is_some())
    }

    /// Whether the struct is (only) a MAC request.
    pub(crate) fn is_mac(&self) -> bool {
        self.family == Some(Family::Mac)
    }

    /// Whether the struct gives `algorithm = ".."`: signed with a `PrivateKey`, verified with a
    /// `PublicKey` (the keys of its stub impl too, when the value was refused).
    pub(crate) fn is_signature(&self) -> bool {
        self.attrs.keys.contains(&ALGORITHM)
    }

    /// `algorithm = ".."` of a struct that is only that (not also `mac` / `jwt`).
    pub(crate) fn signature_algorithm(&self) -> Option<SignatureAlgorithm> {
        let algorithm = self.attrs.algorithm.as_ref()?;
        self.is_mac().then_some(algorithm.value)
    }

    /// Whether the struct is (only) a JWT claim set.
    pub(crate) fn is_jwt(&self) -> bool {
        self.family == Some(Family::Jwt)
    }

    /// `mac = ".."` (`hmac-sha256` only stands in for a value already refused).
    pub(crate) fn mac(&self) -> MacAlgorithm {
        self.attrs
            .mac
            .as_ref()
            .map_or(MacAlgorithm::HmacSha256, |m| m.value)
    }

    /// `encoding = ".."`, `"hex"` by default; `http_signature(..)` writes a structured-field
    /// byte sequence, which is base64.
    pub(crate) fn encoding(&self) -> Encoding {
        let default = if self.attrs.http_signature.is_some() {
            Encoding::Base64
        } else {
            Encoding::Hex
        };
        self.attrs.encoding.as_ref().map_or(default, |e| e.value)
    }

    /// The field sent as header `name` (compared without regard to case).
    pub(crate) fn header_field(&self, name: &str) -> Option<&Field<'_>> {
        self.fields.iter().find(|f| {
            f.attrs
                .header
                .as_ref()
                .is_some_and(|h| h.value.value().eq_ignore_ascii_case(name))
        })
    }

    /// The field that is a response's status code (`#[signed(status)]`), if any.
    pub(crate) fn status_field(&self) -> Option<&Field<'_>> {
        self.fields.iter().find(|f| f.attrs.status.is_some())
    }

    /// `escape = ".."`, `"strict"` by default.
    pub(crate) fn escape(&self) -> Escape {
        self.attrs
            .escape
            .as_ref()
            .map_or(Escape::Strict, |e| e.value)
    }

    /// `key_encoding = ".."`, `"utf8"` by default.
    pub(crate) fn key_encoding(&self) -> KeyEncoding {
        self.attrs
            .key_encoding
            .as_ref()
            .map_or(KeyEncoding::Utf8, |e| e.value)
    }

    /// `pair_separator = ".."`, `"&"` by default.
    pub(crate) fn pair_separator(&self) -> String {
        self.attrs
            .pair_separator
            .as_ref()
            .map_or_else(|| "&".to_owned(), |s| s.value.value())
    }

    /// `kv_separator = ".."`, `"="` by default.
    pub(crate) fn kv_separator(&self) -> String {
        self.attrs
            .kv_separator
            .as_ref()
            .map_or_else(|| "=".to_owned(), |s| s.value.value())
    }

    /// How `{@query}` escapes names and values: `canonical_query(escape_names = "..",
    /// escape_values = "..")`, else `canonical_query(escape = "..")`, else the container's
    /// `escape`.
    pub(crate) fn query_escapes(&self) -> (Escape, Escape) {
        let escape = self.escape();
        match &self.attrs.canonical_query {
            Some(q) => (
                q.value.escape_names.unwrap_or(escape),
                q.value.escape_values.unwrap_or(escape),
            ),
            None => (escape, escape),
        }
    }

    /// `(before each, between, name-value)` of `{@query}`: `("", pair_separator, kv_separator)`,
    /// or `("\n", "", ":")` under `canonical_query(layout = "lines")`.
    pub(crate) fn query_layout(&self) -> (String, String, String) {
        let lines = self.attrs.canonical_query.as_ref().is_some_and(|q| {
            q.value
                .layout
                .as_ref()
                .is_some_and(|l| l.value == crate::model::QueryLayout::Lines)
        });
        if lines {
            ("\n".to_owned(), String::new(), ":".to_owned())
        } else {
            (String::new(), self.pair_separator(), self.kv_separator())
        }
    }

    /// The name a field has in the query form: `rename`, else `rename_all` applied, else its
    /// own name.
    pub(crate) fn query_name(&self, field: &Field) -> String {
        if let Some(rename) = &field.attrs.rename {
            return rename.value.value();
        }
        match &self.attrs.rename_all {
            Some(rule) => rule.value.apply(&field.name),
            None => field.name.clone(),
        }
    }

    /// The fields of the query form, in message order (sorted by name under `sort`).
    pub(crate) fn query_fields(&self) -> Vec<(String, &Field<'_>)> {
        let mut pairs: Vec<(String, &Field)> = self
            .fields
            .iter()
            .filter(|f| self.is_query_pair(f))
            .map(|f| (self.query_name(f), f))
            .collect();
        if self.attrs.sort.is_some() {
            pairs.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        }
        pairs
    }

    /// Whether the template names `{@query}` (at any depth).
    pub(crate) fn names_query(&self) -> bool {
        self.names_placeholder(QUERY_PLACEHOLDER)
    }

    /// Whether the template names `{@headers}` or `{@signed_headers}` (at any depth).
    pub(crate) fn names_headers(&self) -> bool {
        self.names_placeholder(HEADERS_PLACEHOLDER)
            || self.names_placeholder(SIGNED_HEADERS_PLACEHOLDER)
    }

    /// Whether a `query(.., format = "..")` names `{@signed_headers}`.
    pub(crate) fn queries_name_headers(&self) -> bool {
        self.attrs.queries.iter().any(|q| {
            q.value
                .format
                .pieces
                .iter()
                .any(|p| matches!(p, Piece::Declared(name) if name == SIGNED_HEADERS_PLACEHOLDER))
        })
    }

    /// Whether the template names `{@placeholder}` (at any depth).
    fn names_placeholder(&self, placeholder: &str) -> bool {
        fn any(pieces: &[Piece], placeholder: &str) -> bool {
            pieces.iter().any(|p| match p {
                Piece::Declared(name) => name == placeholder,
                Piece::Digest(group) => any(&group.pieces, placeholder),
                Piece::Literal(_) | Piece::Field(_) => false,
            })
        }
        self.attrs
            .template
            .as_ref()
            .is_some_and(|t| any(&t.value.pieces, placeholder))
    }

    /// With a template: the fields sent as one query parameter each (`#[signed(query)]`), with
    /// their names, in declaration order.
    pub(crate) fn query_params(&self) -> Vec<(String, &Field<'_>)> {
        self.fields
            .iter()
            .filter(|f| f.attrs.query.is_some() && f.attrs.flatten.is_none())
            .map(|f| (self.query_name(f), f))
            .collect()
    }

    /// The fields holding query parameters (`#[signed(flatten)]`), in declaration order.
    pub(crate) fn flattened(&self) -> Vec<&Field<'_>> {
        self.fields
            .iter()
            .filter(|f| f.attrs.flatten.is_some())
            .collect()
    }

    /// The field that is the request's path (`#[signed(path)]`), if any.
    pub(crate) fn path_field(&self) -> Option<&Field<'_>> {
        self.fields.iter().find(|f| f.attrs.path.is_some())
    }

    /// The field that is the request's method (`#[signed(method)]`), if any.
    pub(crate) fn method_field(&self) -> Option<&Field<'_>> {
        self.fields.iter().find(|f| f.attrs.method.is_some())
    }

    /// The field that holds the key (`#[signed(key)]`), if any.
    pub(crate) fn key_field(&self) -> Option<&Field<'_>> {
        self.fields.iter().find(|f| f.attrs.key.is_some())
    }

    /// The text `{@name}` stands for.
    pub(crate) fn declared(&self, name: &str) -> Option<String> {
        let value = match name {
            "method" => self.attrs.method.as_ref(),
            "path" => self.attrs.path.as_ref(),
            _ => None,
        };
        value.map(|v| v.value.value())
    }

    /// `{@content_digest}` / `{@repr_digest}`: the header and declaration it writes, when the
    /// struct declares that field.
    pub(crate) fn digest_placeholder(
        &self,
        name: &str,
    ) -> Option<(&'static str, &DigestFieldDecl)> {
        let header = match name {
            "content_digest" => "Content-Digest",
            "repr_digest" => "Repr-Digest",
            _ => return None,
        };
        self.digest_fields().into_iter().find(|(h, _)| *h == header)
    }

    /// `pieces` with `{@method}` / `{@path}` replaced by their text, merged into the literal
    /// text around them (an undeclared one, already reported, becomes empty). `{@query}`,
    /// `{@headers}` and `{@signed_headers}` are written at run time and stay.
    pub(crate) fn resolve_declared(&self, pieces: &[Piece]) -> Vec<Piece> {
        let mut out: Vec<Piece> = Vec::with_capacity(pieces.len());
        for piece in pieces {
            let piece = match piece {
                Piece::Declared(name) if RUNTIME_PLACEHOLDERS.contains(&name.as_str()) => {
                    piece.clone()
                }
                // `{@method}` of a `#[signed(method)]` field is that field's value.
                Piece::Declared(name) if name == "method" && self.method_field().is_some() => {
                    Piece::Field(
                        self.method_field()
                            .map(|f| f.name.clone())
                            .unwrap_or_default(),
                    )
                }
                // `{@content_digest}`: the body's digest field, written at run time.
                Piece::Declared(name) if self.digest_placeholder(name).is_some() => piece.clone(),
                // `{@path}` of a `#[signed(path)]` field is written at run time too.
                Piece::Declared(name) if name == "path" && self.path_field().is_some() => {
                    piece.clone()
                }
                Piece::Declared(name) => Piece::Literal(self.declared(name).unwrap_or_default()),
                Piece::Digest(group) => {
                    let pieces = self.resolve_declared(&group.pieces);
                    match (group.kind, pieces.as_slice()) {
                        // `{lowercase:{@method}}`: the declared text, lowered here.
                        (GroupKind::Lowercase, [Piece::Literal(text)]) => {
                            Piece::Literal(text.to_ascii_lowercase())
                        }
                        _ => Piece::Digest(Group {
                            pieces,
                            ..group.clone()
                        }),
                    }
                }
                other => other.clone(),
            };
            match (out.last_mut(), piece) {
                (Some(Piece::Literal(before)), Piece::Literal(text)) => before.push_str(&text),
                (_, Piece::Literal(text)) if text.is_empty() => {}
                (_, piece) => out.push(piece),
            }
        }
        out
    }

    /// Whether the field is a pair of the query form: not skipped, a key, a header, the body, or
    /// sent in a parameter of the signature header (`keyId="{key_id}"`), as header fields are.
    pub(crate) fn is_query_pair(&self, field: &Field) -> bool {
        field.in_query_form() && !self.in_signature_params(field)
    }

    /// The signature header's name and `format`, for `signature = header(.., format = "..")`.
    pub(crate) fn header_format(&self) -> Option<(&LitStr, &SignatureFormat)> {
        match self.attrs.signature.as_ref().map(|s| &s.value) {
            Some(Signature::Header {
                name,
                format: Some(format),
                ..
            }) => Some((name, format)),
            _ => None,
        }
    }

    /// Whether a parameter of the signature header's `format` writes the field.
    pub(crate) fn in_signature_params(&self, field: &Field) -> bool {
        let Some((_, format)) = self.header_format() else {
            return false;
        };
        let mut names = Vec::new();
        for item in format.items.iter().filter(|i| i.signature.is_none()) {
            crate::template::fields_into(&item.value, &mut names);
        }
        names.contains(&field.name.as_str())
    }

    /// The signature header's name and, for each parameter of its `format` whose value is one
    /// whole field (`t={timestamp}`), `(field, parameter)`: those fields are read from the
    /// header by `FromSignedQuery`.
    pub(crate) fn header_params(&self) -> Option<(&LitStr, Vec<(&str, &str)>)> {
        let (name, format) = self.header_format()?;
        let params = format
            .items
            .iter()
            .filter(|item| item.signature.is_none())
            .filter_map(|item| match item.value.as_slice() {
                [Piece::Field(field)] => Some((field.as_str(), item.name.as_str())),
                _ => None,
            })
            .collect();
        Some((name, params))
    }

    /// The parameter of the signature header that carries `field`, if any.
    pub(crate) fn header_param(&self, field: &Field) -> Option<(&LitStr, &str)> {
        let (header, params) = self.header_params()?;
        let (_, param) = params.into_iter().find(|(f, _)| *f == field.name)?;
        Some((header, param))
    }

    /// The parameter of the signature header that carries `field` among other fields with
    /// literal text between them (`Credential={access_key}/{date}/{region}/s3/aws4_request`):
    /// the header, the parameter, the literal text around and between the fields (one more than
    /// the fields) and which field it is. Only for a value of fields and literal text where two
    /// fields always have text between them (else where one ends cannot be told).
    pub(crate) fn header_param_part(&self, field: &Field) -> Option<HeaderParamPart<'_>> {
        let (name, format) = self.header_format()?;
        format
            .items
            .iter()
            .filter(|item| item.signature.is_none())
            .find_map(|item| {
                let (literals, part) = parts_of(&item.value, &field.name)?;
                Some(HeaderParamPart {
                    header: name,
                    param: &item.name,
                    literals,
                    part,
                })
            })
    }

    /// The `query("Name", format = "..")` parameter that carries `field` among literal text and
    /// other fields (`X-Amz-Credential` = `{access_key}/{date}/{region}/s3/aws4_request`): the
    /// parameter's name, the literal text around and between the fields, and which field it is
    /// (as [`Input::header_param_part`]).
    pub(crate) fn query_format_part(&self, field: &Field) -> Option<(&LitStr, Vec<String>, usize)> {
        self.attrs.queries.iter().find_map(|query| {
            let (literals, part) = parts_of(&query.value.format.pieces, &field.name)?;
            Some((&query.value.name, literals, part))
        })
    }
}

impl Field<'_> {
    /// Whether the field is a pair of the query form (not skipped, a key, a header or the body).
    pub(crate) fn in_query_form(&self) -> bool {
        let a = &self.attrs;
        a.skip.is_none()
            && a.key.is_none()
            && a.header.is_none()
            && a.body.is_none()
            && a.flatten.is_none()
            && a.path.is_none()
            && a.method.is_none()
    }

    /// Whether a template may name the field (a `flatten` field holds many values: only
    /// `{@query}` writes them).
    pub(crate) fn nameable(&self) -> bool {
        self.attrs.skip.is_none() && self.attrs.key.is_none() && self.attrs.flatten.is_none()
    }

    /// `T` for a header field of several values: `header = ".."` on a `Vec<T>`, `&[T]` or
    /// `[T; N]` field written value by value (not through `digest` or `with`, which take the
    /// field whole). Each value is sent as a header line of its own and `{@headers}` joins them.
    pub(crate) fn header_values(&self) -> Option<&syn::Type> {
        let a = &self.attrs;
        if a.header.is_none() || a.digest.is_some() || a.with.is_some() {
            return None;
        }
        self.sequence
    }

    /// The type one value of the field has: `T` of `Option<T>` or of a header field of several
    /// values, else the field's type.
    pub(crate) fn value_ty(&self) -> &syn::Type {
        self.header_values().or(self.option).unwrap_or(self.ty)
    }

    /// Whether a template may sign the field where `{@headers}` / `{@query}` write it: not an
    /// `unsigned` field.
    pub(crate) fn signed(&self) -> bool {
        self.attrs.unsigned.is_none()
    }

    /// `digest_encoding = ".."`, `"hex"` by default.
    pub(crate) fn digest_encoding(&self) -> DigestEncoding {
        self.attrs
            .digest_encoding
            .as_ref()
            .map_or(DigestEncoding::Hex, |e| e.value)
    }
}

/// Where a field is read from a parameter of the signature header written from several fields
/// (see [`Input::header_param_part`]).
pub(crate) struct HeaderParamPart<'a> {
    pub(crate) header: &'a LitStr,
    pub(crate) param: &'a str,
    pub(crate) literals: Vec<String>,
    pub(crate) part: usize,
}

/// For a value of fields and literal text in which two fields always have text between them:
/// the literal text before the first field, between each two and after the last, and which
/// field is `field`; `None` when `field` is not there or the value is not of that shape.
fn parts_of(pieces: &[Piece], field: &str) -> Option<(Vec<String>, usize)> {
    let mut literals = vec![String::new()];
    let mut part = None;
    for piece in pieces {
        match piece {
            Piece::Literal(text) => literals.last_mut()?.push_str(text),
            Piece::Field(name) => {
                if literals.len() > 1 && literals.last()?.is_empty() {
                    return None;
                }
                if name == field {
                    part = Some(literals.len() - 1);
                }
                literals.push(String::new());
            }
            _ => return None,
        }
    }
    Some((literals, part?))
}
