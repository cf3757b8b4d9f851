//! `Authorization` header values made of a scheme token and parameters (RFC 9110 §11.4):
//! `AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/service/aws4_request,
//! SignedHeaders=host;x-amz-date, Signature=<hex>` (SigV4 and TC3 separate the parameters with
//! `, `, ACS3 with `,`).
//!
//! [`AuthorizationFormat::write`] writes one; [`AuthorizationFormat::read`] reads one back for a
//! server: the scheme must be the declared one (compared without regard to case, as RFC 9110 says
//! for scheme tokens), and the parameters come out by name, with spaces around them ignored.
//!
//! ```
//! use signing_runtime::authorization::AuthorizationFormat;
//! let format = AuthorizationFormat { scheme: "AWS4-HMAC-SHA256", separator: ", " };
//! let mut header = String::new();
//! format.write(&mut header, &[("Credential", "AKID/20150830/r/s/aws4_request"), ("Signature", "ab")]);
//! assert_eq!(header, "AWS4-HMAC-SHA256 Credential=AKID/20150830/r/s/aws4_request, Signature=ab");
//! let params = format.read(&header).unwrap();
//! assert_eq!(params.get("Signature"), Some("ab"));
//! ```

use crate::header_format::{params, Params};

/// How an `Authorization` header is written: its scheme token, then `name=value` parameters
/// joined by `separator`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AuthorizationFormat {
    /// The scheme token (`AWS4-HMAC-SHA256`, `TC3-HMAC-SHA256`, `ACS3-HMAC-SHA256`).
    pub scheme: &'static str,
    /// What goes between two parameters (`", "` or `","`).
    pub separator: &'static str,
}

impl AuthorizationFormat {
    /// Appends the header value to `out`: the scheme, a space, and the parameters.
    pub fn write(&self, out: &mut String, parameters: &[(&str, &str)]) {
        out.push_str(self.scheme);
        out.push(' ');
        for (i, (name, value)) in parameters.iter().enumerate() {
            if i > 0 {
                out.push_str(self.separator);
            }
            out.push_str(name);
            out.push('=');
            out.push_str(value);
        }
    }

    /// The parameters of a received header value, if its scheme is this one.
    pub fn read<'a>(&self, value: &'a str) -> Option<AuthorizationParams<'a>> {
        let value = value.trim_start_matches([' ', '\t']);
        let (scheme, rest) = value.split_once(' ')?;
        scheme
            .eq_ignore_ascii_case(self.scheme)
            .then_some(AuthorizationParams { rest })
    }
}

/// The parameters of a received `Authorization` header; see [`AuthorizationFormat::read`].
#[derive(Debug, Clone, Copy)]
pub struct AuthorizationParams<'a> {
    rest: &'a str,
}

impl<'a> AuthorizationParams<'a> {
    /// The value of the parameter `name` when it appears exactly once (`None` when it is missing
    /// or repeated: a repeated parameter is refused rather than guessed at).
    pub fn get(&self, name: &str) -> Option<&'a str> {
        let mut found = self.iter().filter(|(n, _)| *n == name).map(|(_, v)| v);
        let first = found.next()?;
        found.next().is_none().then_some(first)
    }

    /// Every `name=value` parameter, in order.
    pub fn iter(&self) -> Params<'a> {
        params(self.rest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIGV4: AuthorizationFormat = AuthorizationFormat {
        scheme: "AWS4-HMAC-SHA256",
        separator: ", ",
    };

    #[test]
    fn writes_the_suite_header() {
        // ../shared/vectors/aws-sigv4-suite/get-vanilla/header-signed-request.txt
        let mut out = String::new();
        SIGV4.write(
            &mut out,
            &[
                (
                    "Credential",
                    "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request",
                ),
                ("SignedHeaders", "host;x-amz-date"),
                (
                    "Signature",
                    "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
                ),
            ],
        );
        assert_eq!(
            out,
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
             SignedHeaders=host;x-amz-date, \
             Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        );
    }

    #[test]
    fn reads_a_header_back() {
        let params = SIGV4
            .read("aws4-hmac-sha256 Credential=A/B,SignedHeaders=host ,  Signature=ff")
            .unwrap();
        assert_eq!(params.get("Credential"), Some("A/B"));
        assert_eq!(params.get("SignedHeaders"), Some("host"));
        assert_eq!(params.get("Signature"), Some("ff"));
        assert_eq!(params.get("Missing"), None);
        assert!(SIGV4.read("TC3-HMAC-SHA256 Signature=ff").is_none());
        assert!(SIGV4.read("AWS4-HMAC-SHA256").is_none());
        let twice = SIGV4
            .read("AWS4-HMAC-SHA256 Signature=aa, Signature=bb")
            .unwrap();
        assert_eq!(twice.get("Signature"), None);
    }
}
