//! Helpers shared by the `jwt_*` tests.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use signing_runtime::__private::KeyDecl;
use signing_runtime::jwt::{JwtAlgorithm, JwtSpec};
use signing_runtime::{Placement, Timestamp};

/// The claim set most tests sign.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct Claims {
    pub sub: String,
    pub aud: String,
}

pub const AUD: &str = "https://api.example.com";

pub fn claims() -> Claims {
    Claims {
        sub: "client-1".into(),
        aud: AUD.into(),
    }
}

/// 2023-11-14T22:13:20Z, the "now" of the deterministic tests.
pub const T0: i64 = 1_700_000_000;

pub fn at(seconds: i64) -> Timestamp {
    Timestamp::from_unix_seconds(seconds)
}

/// A fixture in `tests/keys` (see its README for how each was made).
pub fn key_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/keys")
        .join(name)
}

pub fn key_text(name: &str) -> Vec<u8> {
    std::fs::read(key_path(name)).expect("fixture")
}

pub fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn unb64(text: &str) -> Vec<u8> {
    URL_SAFE_NO_PAD.decode(text).expect("base64url")
}

/// What `#[signed(jwt = "..", lifetime = 60, max_lifetime = 60, iat)]` generates.
pub fn spec(algorithm: JwtAlgorithm) -> JwtSpec {
    JwtSpec {
        algorithm,
        lifetime: Some(60),
        max_lifetime: Some(60),
        kid: None,
        iat: true,
        jti: false,
        signature: Placement::None,
        method: None,
        path: None,
        key: KeyDecl::None,
    }
}

/// Runs openssl with `args`; `None` (after saying why) when it is not installed.
pub fn openssl(args: &[&str]) -> Option<Output> {
    match Command::new("openssl").args(args).output() {
        Ok(output) => Some(output),
        Err(e) => {
            eprintln!("skipped: openssl is not available ({e}); the independent check did not run");
            None
        }
    }
}

/// A file in the temp dir, unique to this process and `name`.
pub fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!("signing-jwt-{}-{name}", std::process::id()));
    std::fs::write(&path, bytes).expect("temp file");
    path
}

pub fn path_str(path: &std::path::Path) -> &str {
    path.to_str().expect("UTF-8 temp path")
}
