//! Covered components (RFC 9421 §2): header fields by lower-case name, and the derived
//! components `@method`, `@target-uri`, `@authority`, `@scheme`, `@request-target`, `@path`,
//! `@query`, `@query-param;name=".."` and `@status`.
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

use super::message::Message;

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

    /// A component read from `Signature-Input`: an sf-string and its parameters.
    pub(crate) fn from_sf(item: &Item, params: &Params) -> Result<Component, &'static str> {
        let Item::String(name) = item else {
            return Err("a covered component is not a string");
        };
        if name.starts_with('@') {
            if !DERIVED.contains(&name.as_str()) {
                return Err("a derived component this verifier does not know");
            }
            let named = name == "@query-param";
            let params_ok = if named {
                matches!(params.as_slice(), [(k, Item::String(_))] if k == "name")
            } else {
                params.is_empty()
            };
            if !params_ok {
                return Err("a derived component with parameters it does not take");
            }
        } else if !params.is_empty() {
            // `sf`, `key`, `bs`, `req`, `tr` change how the value is read; not supported yet.
            return Err(
                "a field component with parameters (`sf`, `key`, `bs`, `req`, `tr`), not supported",
            );
        } else if name.is_empty()
            || name
                .bytes()
                .any(|b| b.is_ascii_uppercase() || !(0x21..=0x7e).contains(&b))
        {
            return Err("a field component that is not a lower-case field name");
        }
        Ok(Component {
            name: name.clone(),
            params: params.clone(),
        })
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
                let scheme = message.scheme().ok_or_else(missing)?.to_ascii_lowercase();
                let mut uri = format!(
                    "{scheme}://{}{}",
                    authority(message).ok_or_else(missing)?,
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
            field => line(out, &message.field(field)?.ok_or_else(missing)?),
        }
    }
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
