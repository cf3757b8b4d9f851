//! Covered components (RFC 9421 §2): header fields by lower-case name, and the derived
//! components `@method`, `@target-uri`, `@authority`, `@scheme`, `@request-target`, `@path`,
//! `@query`, `@query-param;name=".."` and `@status`; with the component parameters of RFC 9421
//! §2.1 and §2.4: `sf` (a structured field, strictly serialized), `key` (one member of a
//! dictionary field), `bs` (each field line wrapped as a byte sequence), `tr` (from the
//! trailers) and `req` (from the request a response answers).
//!
//! Injective by construction: each line of a signature base is `"<identifier>": <value>\n`,
//! where the identifier is an sf-string (its own quotes escaped) and a value can hold no newline
//! (header values cannot; `@query-param` values are percent-encoded), so the lines, and the
//! components they come from, are read back unambiguously; the final `@signature-params` line
//! names every covered component in order.

use core::fmt;

use crate::error::Error;
use crate::message::FORM;
use crate::structured_field::{self as sf, Item, Params};

use super::message::{joined, Message};

/// One covered component: its name (a lower-case field name, or a derived component starting
/// with `@`) and its parameters (`name` for `@query-param`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Component {
    name: String,
    params: Params,
}

impl fmt::Display for Component {
    /// The identifier as `Signature-Input` writes it: `"@query-param";name="id"`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        self.write_identifier(&mut out).map_err(|_| fmt::Error)?;
        f.write_str(&out)
    }
}

/// The derived components this crate computes (RFC 9421 §2.2).
const DERIVED: [&str; 9] = [
    "@method",
    "@target-uri",
    "@authority",
    "@scheme",
    "@request-target",
    "@path",
    "@query",
    "@query-param",
    "@status",
];

impl Component {
    /// `@method`: the request method, as sent (`POST`).
    pub fn method() -> Component {
        Component::derived("@method")
    }
    /// `@target-uri`: the absolute request URI.
    pub fn target_uri() -> Component {
        Component::derived("@target-uri")
    }
    /// `@authority`: host and port (the default port left out), lower case.
    pub fn authority() -> Component {
        Component::derived("@authority")
    }
    /// `@scheme`: `http` or `https`.
    pub fn scheme() -> Component {
        Component::derived("@scheme")
    }
    /// `@request-target`: path and query, as on an HTTP/1.1 request line.
    pub fn request_target() -> Component {
        Component::derived("@request-target")
    }
    /// `@path`: the absolute path (`/` when empty).
    pub fn path() -> Component {
        Component::derived("@path")
    }
    /// `@query`: `?` and the query (`?` alone when there is none).
    pub fn query() -> Component {
        Component::derived("@query")
    }
    /// `@query-param;name="<name>"`: the value of one query parameter, as
    /// `application/x-www-form-urlencoded` writes it (`name` is written the same way).
    pub fn query_param(name: &str) -> Component {
        Component {
            name: "@query-param".to_owned(),
            params: vec![(
                "name".to_owned(),
                Item::String(form_encode(name.as_bytes())),
            )],
        }
    }
    /// `@status`: a response's three-digit status code.
    pub fn status() -> Component {
        Component::derived("@status")
    }

    pub(crate) fn derived(name: &str) -> Component {
        Component {
            name: name.to_owned(),
            params: Vec::new(),
        }
    }

    /// Header field `name`, compared without regard to case (written in lower case).
    pub fn field(name: &str) -> Component {
        Component {
            name: name.to_ascii_lowercase(),
            params: Vec::new(),
        }
    }

    /// The component's name (`@method`, `content-digest`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The component's parameters, in order (`name`, `sf`, `key`, `bs`, `req`, `tr`).
    pub fn params(&self) -> &Params {
        &self.params
    }

    fn flag(mut self, name: &str) -> Component {
        if !self.has(name) {
            self.params.push((name.to_owned(), Item::Boolean(true)));
        }
        self
    }

    fn has(&self, name: &str) -> bool {
        sf::param(&self.params, name).is_some()
    }

    /// `;sf`: the field's value strictly re-serialized as a structured field (RFC 9421 §2.1.1):
    /// a field this crate knows the type of (`Signature-Input`, `Content-Digest`, `Priority`,
    /// `Cache-Status`, ...), or else the first of List, Dictionary and Item its value parses
    /// as (their serializations agree wherever two of them parse).
    #[must_use]
    pub fn sf(self) -> Component {
        self.flag("sf")
    }

    /// `;key="<member>"`: one member of a Dictionary field, its value strictly serialized (RFC
    /// 9421 §2.1.2): `"example-dict";key="b": 2;x=1;y=2`.
    #[must_use]
    pub fn key(mut self, member: &str) -> Component {
        self.params.retain(|(n, _)| n != "key");
        self.params
            .push(("key".to_owned(), Item::String(member.to_owned())));
        self
    }

    /// `;bs`: each line of the field wrapped as a byte sequence, so that lines holding commas
    /// cannot be confused with one line (RFC 9421 §2.1.3).
    #[must_use]
    pub fn bs(self) -> Component {
        self.flag("bs")
    }

    /// `;req`: the component of the request a signed response answers (RFC 9421 §2.4; give
    /// the request with [`Message::with_request`]).
    #[must_use]
    pub fn req(self) -> Component {
        self.flag("req")
    }

    /// `;tr`: the field from the message's trailers (RFC 9421 §2.1.4; give them with
    /// [`Message::with_trailers`]).
    #[must_use]
    pub fn tr(self) -> Component {
        self.flag("tr")
    }

    /// A component read from `Signature-Input`: an sf-string and its parameters.
    pub(crate) fn from_sf(item: &Item, params: &Params) -> Result<Component, &'static str> {
        let Item::String(name) = item else {
            return Err("a covered component is not a string");
        };
        let derived = name.starts_with('@');
        if derived {
            if !DERIVED.contains(&name.as_str()) {
                return Err("a derived component this verifier does not know");
            }
        } else if name.is_empty()
            || name
                .bytes()
                .any(|b| b.is_ascii_uppercase() || !(0x21..=0x7e).contains(&b))
        {
            return Err("a field component that is not a lower-case field name");
        }
        for (param, value) in params {
            let known = match (param.as_str(), value) {
                ("req", Item::Boolean(true)) => name != "@status",
                ("name", Item::String(_)) => name == "@query-param",
                ("sf" | "bs" | "tr", Item::Boolean(true)) | ("key", Item::String(_)) => !derived,
                _ => false,
            };
            if !known {
                return Err("a component parameter this component does not take");
            }
        }
        let component = Component {
            name: name.clone(),
            params: params.clone(),
        };
        if name == "@query-param" && !component.has("name") {
            return Err("`@query-param` without its `name`");
        }
        if component.has("bs") && (component.has("sf") || component.has("key")) {
            return Err("`bs` combined with `sf` or `key` (RFC 9421 §2.1)");
        }
        Ok(component)
    }

    pub(crate) fn write_identifier(&self, out: &mut String) -> Result<(), sf::SfError> {
        sf::write_string(out, &self.name)?;
        sf::write_params(out, &self.params)
    }

    pub(crate) fn as_sf(&self) -> (Item, Params) {
        (Item::String(self.name.clone()), self.params.clone())
    }

    /// Appends this component's signature base lines (§2.5): `"<id>": <value>\n`, once per
    /// value (a query parameter given twice gives two lines).
    pub(crate) fn write_lines(&self, message: &Message<'_>, out: &mut String) -> Result<(), Error> {
        let missing = || Error::MissingComponent {
            component: self.to_string(),
            reason: "not in the message",
        };
        let line = |out: &mut String, value: &str| -> Result<(), Error> {
            self.write_identifier(out).map_err(|_| missing())?;
            out.push_str(": ");
            out.push_str(value);
            out.push('\n');
            Ok(())
        };
        let message = &if self.has("req") {
            if !message.is_response() {
                return Err(Error::MissingComponent {
                    component: self.to_string(),
                    reason: "`req` names the request of a response, and this is a request",
                });
            }
            *message.related_request().ok_or(Error::MissingComponent {
                component: self.to_string(),
                reason: "the request this response answers is not known (Message::with_request)",
            })?
        } else {
            *message
        };
        match self.name.as_str() {
            "@method" => line(out, message.method().ok_or_else(missing)?),
            "@authority" => line(out, &authority(message).ok_or_else(missing)?),
            "@scheme" => line(
                out,
                &message.scheme().ok_or_else(missing)?.to_ascii_lowercase(),
            ),
            "@path" => line(out, path(message.path().ok_or_else(missing)?)),
            "@query" => {
                message.path().ok_or_else(missing)?;
                line(out, &format!("?{}", message.query().unwrap_or("")))
            }
            "@request-target" => {
                let mut target = path(message.path().ok_or_else(missing)?).to_owned();
                if let Some(query) = message.query() {
                    target.push('?');
                    target.push_str(query);
                }
                line(out, &target)
            }
            "@target-uri" => {
                // The full target URI (§2.2.2), its authority as the request gives it: unlike
                // `@authority` (§2.2.3), it is not normalized, so `:443` stays (as Python's
                // `http-message-signatures` reads it; tests/interop_python.rs).
                let scheme = message.scheme().ok_or_else(missing)?.to_ascii_lowercase();
                let mut uri = format!(
                    "{scheme}://{}{}",
                    message.authority().ok_or_else(missing)?,
                    path(message.path().ok_or_else(missing)?)
                );
                if let Some(query) = message.query() {
                    uri.push('?');
                    uri.push_str(query);
                }
                line(out, &uri)
            }
            "@status" => line(out, &message.status().ok_or_else(missing)?.to_string()),
            "@query-param" => {
                let Some(Item::String(wanted)) = sf::param(&self.params, "name") else {
                    return Err(missing());
                };
                let mut values = form_pairs(message.query().unwrap_or(""))
                    .filter(|(name, _)| name == wanted)
                    .map(|(_, value)| value);
                let value = values.next().ok_or_else(missing)?;
                if values.next().is_some() {
                    // §2.2.8: "If a parameter name occurs multiple times in a request, the named
                    // query parameter MUST NOT be included."
                    return Err(Error::MissingComponent {
                        component: self.to_string(),
                        reason: "given more than once in the query, so it cannot be signed",
                    });
                }
                line(out, &value)
            }
            field => line(out, &self.field_value(message, field)?),
        }
    }

    /// A field's component value (§2.1): its lines joined, or each wrapped (`bs`), then
    /// re-serialized (`sf`) or one member taken (`key`); from the trailers with `tr`.
    fn field_value(&self, message: &Message<'_>, field: &str) -> Result<String, Error> {
        let err = |reason: &'static str| Error::MissingComponent {
            component: self.to_string(),
            reason,
        };
        let fields = if self.has("tr") {
            message.trailers().ok_or(err(
                "the message's trailers are not known (Message::with_trailers)",
            ))?
        } else {
            message.headers()
        };
        if self.has("bs") {
            let mut wrapped = Vec::new();
            for value in fields.get_all(field) {
                let bytes = value.as_bytes();
                let start = bytes.iter().position(|b| !matches!(b, b' ' | b'\t'));
                let end = bytes.iter().rposition(|b| !matches!(b, b' ' | b'\t'));
                let trimmed = match (start, end) {
                    (Some(start), Some(end)) => &bytes[start..=end],
                    _ => &[][..],
                };
                wrapped.push(sf::Member::Item(Item::Bytes(trimmed.to_vec()), Vec::new()));
            }
            if wrapped.is_empty() {
                return Err(err("not in the message"));
            }
            let mut out = String::new();
            sf::write_list(&mut out, &wrapped).map_err(|_| err("cannot be wrapped"))?;
            return Ok(out);
        }
        let value = joined(fields, field)?.ok_or(err("not in the message"))?;
        if let Some(member) = sf::param(&self.params, "key") {
            let Item::String(member) = member else {
                return Err(err("`key` is not a string"));
            };
            let dictionary = sf::parse_dictionary(&value)
                .map_err(|_| err("`key` names a member, and the field is not a dictionary"))?;
            let (_, value) = dictionary
                .iter()
                .find(|(k, _)| k == member)
                .ok_or(err("the dictionary has no member of that key"))?;
            let mut out = String::new();
            value
                .write(&mut out)
                .map_err(|_| err("the member cannot be serialized"))?;
            return Ok(out);
        }
        if self.has("sf") {
            return strict(field, &value).ok_or(err(
                "`sf`, and the field does not parse as a structured field of its type",
            ));
        }
        Ok(value)
    }
}

/// The Dictionary fields this crate knows (RFC 9421, RFC 9530, RFC 9218, RFC 9209's lists are
/// below); other fields are read as the first of List, Dictionary, Item that parses.
const DICTIONARIES: [&str; 8] = [
    "signature-input",
    "signature",
    "accept-signature",
    "content-digest",
    "repr-digest",
    "want-content-digest",
    "want-repr-digest",
    "priority",
];
/// The List fields this crate knows.
const LISTS: [&str; 2] = ["cache-status", "proxy-status"];

/// `value` strictly serialized as the structured field `field` is (§2.1.1).
fn strict(field: &str, value: &str) -> Option<String> {
    let mut out = String::new();
    let as_list = |out: &mut String| {
        sf::parse_list(value)
            .ok()
            .and_then(|list| sf::write_list(out, &list).ok())
    };
    let as_dictionary = |out: &mut String| {
        sf::parse_dictionary(value)
            .ok()
            .and_then(|dict| sf::write_dictionary(out, &dict).ok())
    };
    let as_item = |out: &mut String| {
        sf::parse_item(value).ok().and_then(|(item, params)| {
            item.write(out).ok()?;
            sf::write_params(out, &params).ok()
        })
    };
    let done = if DICTIONARIES.contains(&field) {
        as_dictionary(&mut out)
    } else if LISTS.contains(&field) {
        as_list(&mut out)
    } else {
        as_list(&mut out)
            .or_else(|| {
                out.clear();
                as_dictionary(&mut out)
            })
            .or_else(|| {
                out.clear();
                as_item(&mut out)
            })
    };
    done.map(|()| out)
}

fn path(path: &str) -> &str {
    if path.is_empty() {
        "/"
    } else {
        path
    }
}

/// `@authority`: lower case, without the scheme's default port (§2.2.3).
fn authority(message: &Message<'_>) -> Option<String> {
    let authority = message.authority()?.to_ascii_lowercase();
    let default = match message.scheme() {
        Some(s) if s.eq_ignore_ascii_case("https") => Some(":443"),
        Some(s) if s.eq_ignore_ascii_case("http") => Some(":80"),
        _ => None,
    };
    Some(match default {
        Some(port) if authority.ends_with(port) => {
            authority[..authority.len() - port.len()].to_owned()
        }
        _ => authority,
    })
}

/// `bytes` percent-encoded with the form serializer's set (WHATWG URL §5.2: all but
/// alphanumerics and `*-._`), a space as `%20` (RFC 9421 §2.2.8's example: `with%20plus`).
fn form_encode(bytes: &[u8]) -> String {
    percent_encoding::percent_encode(bytes, FORM).to_string()
}

/// A query's `(name, value)` pairs, parsed as `application/x-www-form-urlencoded` (`+` is a
/// space, `%XX` decoded) and encoded again by [`form_encode`] (§2.2.8).
fn form_pairs(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    let reencode = |text: &str| {
        let spaced = text.replace('+', " ");
        let decoded: Vec<u8> = percent_encoding::percent_decode_str(&spaced).collect();
        form_encode(&decoded)
    };
    query
        .split('&')
        .filter(|item| !item.is_empty())
        .map(move |item| {
            let (name, value) = item.split_once('=').unwrap_or((item, ""));
            (reencode(name), reencode(value))
        })
}
