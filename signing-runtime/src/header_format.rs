//! Signature headers whose value is a list of `name=value` parameters.
//!
//! Several providers put more than the signature into the signature header:
//! `Stripe-Signature: t=1492774577,v1=5257a8…,v1=…` (a timestamp, and one `v1` per live secret
//! while a secret is being rotated), RFC 9421's `Signature: sig1=:<base64>:`, GitHub's
//! `X-Hub-Signature-256: sha256=<hex>`. The declaration
//! `signature = header("Stripe-Signature", format = "t={timestamp},v1={signature}")` says how:
//! the value is parameters separated by `,`, each `name=value`, one of them carrying
//! `{signature}` between optional literal text, the others written from the request's fields.
//!
//! Signing writes the header from the format. `verify` takes the header as received: it reads
//! the parameters ([`params`]), ignores those the format does not name (Stripe's `v0`, other
//! RFC 9421 labels), requires every named one to carry the request's own value, and accepts the
//! signature if any of the signature parameters matches (each compared in constant time).
//!
//! A receiver that needs a parameter's value first (Stripe's `t`, to fill the request's
//! timestamp field) reads it with [`param`].
//!
//! ```
//! use signing_runtime::header_format::{param, params};
//! let header = "t=1492774577,v1=5257a8,v0=6ffbb5";
//! assert_eq!(param(header, "t"), Some("1492774577"));
//! assert_eq!(params(header).count(), 3);
//! ```

use crate::error::Error;

/// At most this many signature parameters are tried, so a hostile header cannot make `verify`
/// compute an unbounded number of comparisons.
pub const MAX_SIGNATURES: usize = 16;

/// The `name=value` parameters of a header value: items separated by `,`, spaces and tabs
/// around each item ignored, each split at its first `=`. Items without `=` are skipped.
pub fn params(value: &str) -> Params<'_> {
    Params {
        items: value.split(','),
    }
}

/// The value of the first parameter called `name`, if any (see [`params`]).
pub fn param<'a>(value: &'a str, name: &str) -> Option<&'a str> {
    params(value).find(|(n, _)| *n == name).map(|(_, v)| v)
}

/// Iterator over the parameters of a header value; see [`params`].
#[derive(Debug, Clone)]
pub struct Params<'a> {
    items: core::str::Split<'a, char>,
}

impl<'a> Iterator for Params<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<(&'a str, &'a str)> {
        for item in self.items.by_ref() {
            let item = item.trim_matches([' ', '\t']);
            if let Some((name, value)) = item.split_once('=') {
                return Some((name, value));
            }
        }
        None
    }
}

/// The parameter of a signature header that carries the signature (`v1` in
/// `t={timestamp},v1={signature}`), with the literal text around the signature in its value
/// (`:` and `:` in RFC 9421's `sig1=:{signature}:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignatureParam {
    /// The parameter's name.
    pub name: &'static str,
    /// Text written before the signature in the parameter's value.
    pub before: &'static str,
    /// Text written after the signature in the parameter's value.
    pub after: &'static str,
}

/// The parameters of a signature header in declaration order, as a request writes them: each
/// parameter's value, and an empty slot where the signature goes. Filled by generated code.
#[doc(hidden)]
#[derive(Debug, Clone, Default)]
pub struct SignatureParams {
    items: Vec<(&'static str, Option<Vec<u8>>)>,
    /// A scheme token written first (`AWS4-HMAC-SHA256`), `""` for none.
    scheme: &'static str,
    /// Between two parameters: `","` when `None`.
    separator: Option<&'static str>,
}

impl SignatureParams {
    /// Nothing was set: not the parameters of a `header(.., format = "..")`.
    pub(crate) fn is_empty(&self) -> bool {
        self.items.is_empty() && self.scheme.is_empty() && self.separator.is_none()
    }

    /// The header starts with the token `scheme` and a space (an `Authorization` header), and
    /// its parameters are joined by `separator` (`", "`).
    pub fn scheme(&mut self, scheme: &'static str, separator: &'static str) {
        self.scheme = scheme;
        self.separator = Some(separator);
    }

    /// Adds the parameter `name` with its value.
    pub fn param(&mut self, name: &'static str, value: Vec<u8>) {
        self.items.push((name, Some(value)));
    }

    /// Marks where the signature parameter goes.
    pub fn signature_slot(&mut self, name: &'static str) {
        self.items.push((name, None));
    }

    /// The header value: the parameters joined by `,`, the signature in its slot.
    pub(crate) fn render(&self, slot: SignatureParam, signature: &str) -> String {
        let mut out = String::new();
        if !self.scheme.is_empty() {
            out.push_str(self.scheme);
            out.push(' ');
        }
        for (i, (name, value)) in self.items.iter().enumerate() {
            if i > 0 {
                out.push_str(self.separator.unwrap_or(","));
            }
            out.push_str(name);
            out.push('=');
            match value {
                Some(value) => out.push_str(&String::from_utf8_lossy(value)),
                None => {
                    out.push_str(slot.before);
                    out.push_str(signature);
                    out.push_str(slot.after);
                }
            }
        }
        out
    }

    /// Checks a received header value against these parameters and returns the signature
    /// texts it carries, in order (at most [`MAX_SIGNATURES`]).
    ///
    /// # Errors
    /// [`Error::SignatureHeader`] when a parameter of the format is missing or differs from
    /// the request's value, when no signature parameter is present, when one lacks the text
    /// the format puts around the signature, or when there are more than [`MAX_SIGNATURES`].
    pub(crate) fn check<'r>(
        &self,
        received: &'r str,
        header: &'static str,
        slot: SignatureParam,
    ) -> Result<Vec<&'r str>, Error> {
        let fail = |reason: String| Error::SignatureHeader { header, reason };
        // A declared scheme token comes first (compared without regard to case, RFC 9110 §11.1).
        let received = if self.scheme.is_empty() {
            received
        } else {
            let (scheme, rest) = received
                .trim_start_matches([' ', '\t'])
                .split_once(' ')
                .unwrap_or((received, ""));
            if !scheme.eq_ignore_ascii_case(self.scheme) {
                return Err(fail(format!(
                    "the header does not start with the scheme `{}`",
                    self.scheme
                )));
            }
            rest
        };
        let mut seen = vec![false; self.items.len()];
        let mut signatures = Vec::new();
        for (name, value) in params(received) {
            if name == slot.name {
                if signatures.len() == MAX_SIGNATURES {
                    return Err(fail(format!(
                        "more than {MAX_SIGNATURES} `{}` parameters",
                        slot.name
                    )));
                }
                // A value without the declared text around it is not written as the format
                // writes it: refused (it was passed on as is, so `sig1=<base64>` verified where
                // the format says `sig1=:<base64>:`; issue 16, finding 7).
                let inner = value
                    .strip_prefix(slot.before)
                    .and_then(|v| v.strip_suffix(slot.after))
                    .ok_or_else(|| {
                        fail(format!(
                            "a `{}` parameter not written `{}…{}` as the format says",
                            slot.name, slot.before, slot.after
                        ))
                    })?;
                signatures.push(inner);
                continue;
            }
            for (i, (expected_name, expected)) in self.items.iter().enumerate() {
                if let (true, Some(expected)) = (*expected_name == name, expected) {
                    if value.as_bytes() != expected.as_slice() {
                        return Err(fail(format!(
                            "parameter `{expected_name}` differs from the request's value"
                        )));
                    }
                    seen[i] = true;
                }
            }
        }
        for ((name, value), seen) in self.items.iter().zip(&seen) {
            if value.is_some() && !seen {
                return Err(fail(format!("parameter `{name}` is missing")));
            }
        }
        if signatures.is_empty() {
            return Err(fail(format!(
                "no `{}` parameter carries a signature",
                slot.name
            )));
        }
        Ok(signatures)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scheme_token_and_separator() {
        // ../shared/vectors/aws-sigv4-suite/get-vanilla/header-signed-request.txt
        let mut p = SignatureParams::default();
        p.scheme("AWS4-HMAC-SHA256", ", ");
        p.param(
            "Credential",
            b"AKIDEXAMPLE/20150830/us-east-1/service/aws4_request".to_vec(),
        );
        p.param("SignedHeaders", b"host;x-amz-date".to_vec());
        p.signature_slot("Signature");
        let slot = SignatureParam {
            name: "Signature",
            before: "",
            after: "",
        };
        let sig = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
        let header = p.render(slot, sig);
        assert_eq!(
            header,
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
             SignedHeaders=host;x-amz-date, \
             Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        );
        assert_eq!(p.check(&header, "Authorization", slot).unwrap(), vec![sig]);
        assert!(p
            .check(
                &header.replace("AWS4-HMAC-SHA256", "TC3-HMAC-SHA256"),
                "Authorization",
                slot
            )
            .is_err());
    }

    const V1: SignatureParam = SignatureParam {
        name: "v1",
        before: "",
        after: "",
    };

    fn stripe() -> SignatureParams {
        let mut p = SignatureParams::default();
        p.param("t", b"1700000000".to_vec());
        p.signature_slot("v1");
        p
    }

    #[test]
    fn parameters_are_split_and_trimmed() {
        let found: Vec<_> = params(" a=1 ,b=x=y,,flag,\tc= ").collect();
        assert_eq!(found, [("a", "1"), ("b", "x=y"), ("c", "")]);
        assert_eq!(param("sig1=:YWJj:, sig2=:ZGVm:", "sig2"), Some(":ZGVm:"));
        assert_eq!(param("a=1", "b"), None);
    }

    #[test]
    fn renders_in_declaration_order() {
        assert_eq!(stripe().render(V1, "abc"), "t=1700000000,v1=abc");
        let mut p = SignatureParams::default();
        p.signature_slot("sig1");
        let slot = SignatureParam {
            name: "sig1",
            before: ":",
            after: ":",
        };
        assert_eq!(p.render(slot, "YWJj"), "sig1=:YWJj:");
    }

    #[test]
    fn every_signature_is_returned_and_others_ignored() {
        let got = stripe()
            .check("t=1700000000,v1=aa,v0=ff,v1=bb", "S", V1)
            .unwrap();
        assert_eq!(got, ["aa", "bb"]);
    }

    #[test]
    fn named_parameters_must_match() {
        let err = |r: Result<Vec<&str>, Error>| match r {
            Err(Error::SignatureHeader { reason, .. }) => reason,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            err(stripe().check("t=1700000001,v1=aa", "S", V1)),
            "parameter `t` differs from the request's value"
        );
        assert_eq!(
            err(stripe().check("v1=aa", "S", V1)),
            "parameter `t` is missing"
        );
        assert_eq!(
            err(stripe().check("t=1700000000", "S", V1)),
            "no `v1` parameter carries a signature"
        );
        // The text around the signature is required: `sig1=:<b64>:` is not `sig1=<b64>`.
        let mut sig1 = SignatureParams::default();
        sig1.signature_slot("sig1");
        let slot = SignatureParam {
            name: "sig1",
            before: ":",
            after: ":",
        };
        assert_eq!(sig1.check("sig1=:YWJj:", "S", slot).unwrap(), ["YWJj"]);
        for bad in [
            "sig1=YWJj",
            "sig1=:YWJj",
            "sig1=YWJj:",
            "sig1=:",
            "sig1=:YWJj:,sig1=YWJj",
        ] {
            assert_eq!(
                err(sig1.check(bad, "S", slot)),
                "a `sig1` parameter not written `:…:` as the format says",
                "{bad}"
            );
        }
        assert_eq!(sig1.check("sig1=::", "S", slot).unwrap(), [""]);
        let many = format!("t=1700000000{}", ",v1=aa".repeat(MAX_SIGNATURES + 1));
        assert_eq!(
            err(stripe().check(&many, "S", V1)),
            "more than 16 `v1` parameters"
        );
    }
}
