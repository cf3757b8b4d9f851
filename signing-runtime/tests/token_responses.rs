//! Reading token endpoints' answers: the three built-in shapes, a user's own shape, and every
//! way an answer can be wrong. Expected instants are the fixed `NOW` plus the lifetime, by hand.

use serde::Deserialize;
use signing_runtime::token::{
    AccessTokenResponse, CodeMsgResponse, OAuth2Response, Token, TokenResponse,
};
use signing_runtime::{Error, Timestamp, TimestampFormat};

/// 2023-11-14T22:13:20Z.
const NOW: Timestamp = Timestamp::from_unix_seconds(1_700_000_000);
/// A token value distinctive enough to look for in every message.
const TOKEN: &str = "tok-SECRET-3f9a";

fn body(json: &str) -> Vec<u8> {
    json.replace("TOKEN", TOKEN).into_bytes()
}

fn body_error(status: u16, reason_contains: &str) -> impl Fn(Error) {
    let reason_contains = reason_contains.to_owned();
    move |err| match &err {
        Error::TokenBody { reason } => {
            assert!(
                reason.contains(&reason_contains),
                "{status}: {reason} (wanted {reason_contains})"
            );
            assert!(!err.to_string().contains(TOKEN), "{err}");
        }
        other => panic!("expected TokenBody, got {other:?}"),
    }
}

#[test]
fn access_token_shape() {
    let token = Token::from_json::<AccessTokenResponse>(
        200,
        &body(r#"{"accessToken":"TOKEN","expiresInSeconds":3600,"tokenType":"Bearer"}"#),
        NOW,
    )
    .unwrap();
    assert_eq!(token.expose(), TOKEN);
    assert_eq!(token.token_type(), "Bearer");
    // 1_700_000_000 + 3600
    assert_eq!(
        token.expires_at(),
        Some(Timestamp::from_unix_seconds(1_700_003_600))
    );
    assert_eq!(*token.expose_authorization(), format!("Bearer {TOKEN}"));

    // Lifetime as a string of digits, type left out or in lower case.
    for json in [
        r#"{"accessToken":"TOKEN","expiresInSeconds":"3600"}"#,
        r#"{"accessToken":"TOKEN","expiresInSeconds":3600.0,"tokenType":"bearer"}"#,
    ] {
        let token = Token::from_json::<AccessTokenResponse>(201, &body(json), NOW).unwrap();
        assert_eq!(
            token.expires_at(),
            Some(Timestamp::from_unix_seconds(1_700_003_600))
        );
        assert_eq!(token.token_type(), "Bearer");
    }
}

#[test]
fn code_msg_shape() {
    for json in [
        r#"{"code":0,"msg":"success","data":{"token":"TOKEN","expireTime":"1740568725231"}}"#,
        r#"{"code":"0","msg":"success","data":{"token":"TOKEN","expireTime":1740568725231}}"#,
    ] {
        let token = Token::from_json::<CodeMsgResponse>(200, &body(json), NOW).unwrap();
        assert_eq!(token.expose(), TOKEN);
        assert_eq!(token.token_type(), "Bearer");
        // An absolute instant in milliseconds: `now` plays no part.
        // node -e 'console.log(new Date(1740568725231).toJSON())'  -> 2025-02-26T11:18:45.231Z
        let expires_at = token.expires_at().unwrap();
        assert_eq!(expires_at, Timestamp::from_unix_millis(1_740_568_725_231));
        assert_eq!(
            expires_at.format(TimestampFormat::Rfc3339Millis),
            "2025-02-26T11:18:45.231Z"
        );
    }
}

#[test]
fn code_msg_refusals_carry_code_and_msg() {
    let err = Token::from_json::<CodeMsgResponse>(
        200,
        br#"{"code":40001,"msg":"sign verification failed","data":null}"#,
        NOW,
    )
    .unwrap_err();
    assert_eq!(
        err,
        Error::TokenResponse {
            status: Some(200),
            code: Some("40001".into()),
            message: "sign verification failed".into(),
        }
    );
    assert_eq!(
        err.to_string(),
        "token endpoint refused the request (HTTP 200, code `40001`): sign verification failed"
    );

    // A non-zero code wins even when data is there; code 0 without data is a refusal too.
    let err = Token::from_json::<CodeMsgResponse>(
        200,
        &body(r#"{"code":"E7","msg":"expired","data":{"token":"TOKEN","expireTime":1}}"#),
        NOW,
    )
    .unwrap_err();
    assert!(matches!(&err, Error::TokenResponse { code: Some(c), .. } if c == "E7"));
    let err =
        Token::from_json::<CodeMsgResponse>(200, br#"{"code":0,"msg":"odd"}"#, NOW).unwrap_err();
    assert_eq!(
        err,
        Error::TokenResponse {
            status: Some(200),
            code: Some("0".into()),
            message: "odd".into(),
        }
    );
}

#[test]
fn oauth2_shape() {
    let token = Token::from_json::<OAuth2Response>(
        200,
        &body(
            r#"{"access_token":"TOKEN","expires_in":3600,"token_type":"bearer",
                "refresh_token":"r","scope":"read"}"#,
        ),
        NOW,
    )
    .unwrap();
    assert_eq!(token.expose(), TOKEN);
    assert_eq!(token.token_type(), "Bearer");
    assert_eq!(
        token.expires_at(),
        Some(Timestamp::from_unix_seconds(1_700_003_600))
    );

    // expires_in is only RECOMMENDED (RFC 6749 §5.1): without it the token has no expiry.
    let token =
        Token::from_json::<OAuth2Response>(200, &body(r#"{"access_token":"TOKEN"}"#), NOW).unwrap();
    assert_eq!(token.expires_at(), None);
    // 1_700_000_000 + 86_400, given as a string.
    let token = Token::from_json::<OAuth2Response>(
        200,
        &body(r#"{"access_token":"TOKEN","expires_in":"86400","token_type":"DPoP"}"#),
        NOW,
    )
    .unwrap();
    assert_eq!(
        token.expires_at(),
        Some(Timestamp::from_unix_seconds(1_700_086_400))
    );
    assert_eq!(*token.expose_authorization(), format!("DPoP {TOKEN}"));
}

#[test]
fn oauth2_error_carries_error_and_description() {
    let json = br#"{"error":"invalid_client","error_description":"Client authentication failed"}"#;
    for status in [400, 401, 200] {
        let err = Token::from_json::<OAuth2Response>(status, json, NOW).unwrap_err();
        assert_eq!(
            err,
            Error::TokenResponse {
                status: Some(status),
                code: Some("invalid_client".into()),
                message: "Client authentication failed".into(),
            }
        );
    }
    let err =
        Token::from_json::<OAuth2Response>(400, br#"{"error":"invalid_grant"}"#, NOW).unwrap_err();
    assert_eq!(
        err.to_string(),
        "token endpoint refused the request (HTTP 400, code `invalid_grant`)"
    );
}

#[test]
fn server_error_with_html_body() {
    let html = format!(
        "<html>\r\n<head><title>500 Internal Server Error</title></head>\r\n<body>{}</body></html>",
        "x".repeat(300)
    );
    for err in [
        Token::from_json::<AccessTokenResponse>(500, html.as_bytes(), NOW).unwrap_err(),
        Token::from_json::<CodeMsgResponse>(500, html.as_bytes(), NOW).unwrap_err(),
        Token::from_json::<OAuth2Response>(500, html.as_bytes(), NOW).unwrap_err(),
    ] {
        let Error::TokenResponse {
            status: Some(500),
            code: None,
            message,
        } = &err
        else {
            panic!("{err:?}");
        };
        // Trimmed, one line, cut to 200 characters and marked as cut.
        assert!(
            message.starts_with("<html>  <head><title>500 Internal Server Error</title>"),
            "{message}"
        );
        assert_eq!(message.chars().count(), 201);
        assert!(message.ends_with('…'));
    }
    // An empty body says only the status.
    let err = Token::from_json::<AccessTokenResponse>(503, b"", NOW).unwrap_err();
    assert_eq!(
        err.to_string(),
        "token endpoint refused the request (HTTP 503)"
    );
}

#[test]
fn failure_status_with_a_usual_json_error() {
    let err = Token::from_json::<AccessTokenResponse>(
        401,
        br#"{"code":"UNAUTHORIZED","message":"bad signature","requestId":"r-1"}"#,
        NOW,
    )
    .unwrap_err();
    assert_eq!(
        err,
        Error::TokenResponse {
            status: Some(401),
            code: Some("UNAUTHORIZED".into()),
            message: "bad signature".into(),
        }
    );
    // JSON that says nothing usable is not echoed.
    let err =
        Token::from_json::<AccessTokenResponse>(403, br#"{"detail":{"x":1}}"#, NOW).unwrap_err();
    assert_eq!(
        err,
        Error::TokenResponse {
            status: Some(403),
            code: None,
            message: String::new(),
        }
    );
    // A failure status never yields the token, nor shows it.
    let err = Token::from_json::<AccessTokenResponse>(
        404,
        &body(r#"{"accessToken":"TOKEN","expiresInSeconds":3600}"#),
        NOW,
    )
    .unwrap_err();
    assert!(matches!(
        err,
        Error::TokenResponse {
            status: Some(404),
            ..
        }
    ));
    assert!(!format!("{err} {err:?}").contains(TOKEN));
}

#[test]
fn truncated_json() {
    let full = r#"{"accessToken":"TOKEN","expiresInSeconds":3600}"#;
    let full = body(full);
    // Every cut of a good answer is an error that never quotes the body.
    for len in 0..full.len() {
        let err = Token::from_json::<AccessTokenResponse>(200, &full[..len], NOW).unwrap_err();
        assert!(matches!(err, Error::TokenBody { .. }), "{len}: {err:?}");
        assert!(!format!("{err} {err:?}").contains("tok-"), "{len}: {err}");
    }
    Token::from_json::<AccessTokenResponse>(200, &body(r#"{"accessToken":"TOKEN""#), NOW)
        .map_err(body_error(
            200,
            "EOF while parsing an object (line 1, column",
        ))
        .unwrap_err();
}

#[test]
fn wrong_types_and_missing_fields() {
    let cases: [(&str, &str); 10] = [
        (
            r#"{"accessToken":42,"expiresInSeconds":3600}"#,
            "invalid type: integer, expected a string",
        ),
        (
            r#"{"accessToken":"TOKEN","expiresInSeconds":true}"#,
            "`expiresInSeconds` as a whole number",
        ),
        (
            r#"{"accessToken":"TOKEN","expiresInSeconds":"soon"}"#,
            "`expiresInSeconds` is not a whole",
        ),
        (
            r#"{"accessToken":"TOKEN","expiresInSeconds":-5}"#,
            "`expiresInSeconds` is not a whole",
        ),
        (
            r#"{"accessToken":"TOKEN","expiresInSeconds":1.5}"#,
            "`expiresInSeconds` is not a whole",
        ),
        (
            r#"{"accessToken":"TOKEN","expiresInSeconds":[3600]}"#,
            "invalid type: sequence",
        ),
        (r#"{"expiresInSeconds":3600}"#, "missing `accessToken`"),
        (r#"{"accessToken":"TOKEN"}"#, "missing `expiresInSeconds`"),
        (
            r#"{"accessToken":"","expiresInSeconds":3600}"#,
            "`accessToken` is empty",
        ),
        (
            r#""TOKEN""#,
            "invalid type: string, expected struct AccessTokenResponse",
        ),
    ];
    for (json, reason) in cases {
        Token::from_json::<AccessTokenResponse>(200, &body(json), NOW)
            .map_err(body_error(200, reason))
            .unwrap_err();
    }
    // A string where a number belongs is not quoted back (it could be the token).
    Token::from_json::<AccessTokenResponse>(
        200,
        &body(r#"{"accessToken":{"v":"TOKEN"},"expiresInSeconds":3600}"#),
        NOW,
    )
    .map_err(body_error(200, "invalid type: map, expected a string"))
    .unwrap_err();

    let code_msg: [(&str, &str); 3] = [
        (
            r#"{"code":0,"data":{"token":"TOKEN","expireTime":"soon"}}"#,
            "`data.expireTime` is not a whole",
        ),
        (
            r#"{"code":0,"data":{"token":"TOKEN"}}"#,
            "missing `data.expireTime`",
        ),
        (
            r#"{"code":0,"data":{"expireTime":1}}"#,
            "missing `data.token`",
        ),
    ];
    for (json, reason) in code_msg {
        Token::from_json::<CodeMsgResponse>(200, &body(json), NOW)
            .map_err(body_error(200, reason))
            .unwrap_err();
    }
    Token::from_json::<OAuth2Response>(200, &body(r#"{"token_type":"Bearer"}"#), NOW)
        .map_err(body_error(200, "missing `access_token`"))
        .unwrap_err();
    Token::from_json::<OAuth2Response>(200, b"<html>OK</html>", NOW)
        .map_err(body_error(200, "expected value (line 1, column 1)"))
        .unwrap_err();
}

#[test]
fn huge_lifetimes_saturate() {
    let token = Token::from_json::<AccessTokenResponse>(
        200,
        &body(r#"{"accessToken":"TOKEN","expiresInSeconds":"99999999999999999999999"}"#),
        NOW,
    )
    .unwrap();
    assert!(!token.is_expired_at(Timestamp::from_unix_seconds(i64::MAX / 2_000_000)));
    let token = Token::from_json::<CodeMsgResponse>(
        200,
        &body(r#"{"code":0,"data":{"token":"TOKEN","expireTime":18446744073709551615}}"#),
        NOW,
    )
    .unwrap();
    assert!(token.expires_at().is_some());
}

#[test]
fn no_input_panics() {
    let bodies: [&[u8]; 12] = [
        b"",
        b"null",
        b"0",
        b"\"text\"",
        b"{}",
        b"[]",
        b"{\"code\":null,\"data\":{}}",
        b"{\"error\":5}",
        b"{\"error\":null,\"access_token\":null}",
        b"\xff\xfe\x00garbage",
        b"{\"accessToken\":\"\\ud800\"}",
        b"{\"expires_in\":1e400}",
    ];
    for status in [0, 100, 200, 204, 302, 401, 429, 500, u16::MAX] {
        for body in bodies {
            let _ = Token::from_json::<AccessTokenResponse>(status, body, NOW);
            let _ = Token::from_json::<CodeMsgResponse>(status, body, NOW);
            let _ = Token::from_json::<OAuth2Response>(status, body, NOW);
        }
    }
}

#[test]
fn token_value_never_shown() {
    let token = Token::from_json::<OAuth2Response>(
        200,
        &body(r#"{"access_token":"TOKEN","expires_in":60}"#),
        NOW,
    )
    .unwrap();
    let shown = format!("{token:?} {token:#?}");
    assert!(!shown.contains(TOKEN), "{shown}");
    assert!(shown.contains("Bearer"), "{shown}");
    // `Token` has no `Display` (see its docs); the header value is marked sensitive.
    let header = token.authorization_header().unwrap();
    assert!(header.is_sensitive());
    assert_eq!(format!("{header:?}"), "Sensitive");
    // The parsed shapes' Debug leaves the token out too.
    let shape: OAuth2Response =
        serde_json::from_slice(&body(r#"{"access_token":"TOKEN","expires_in":60}"#)).unwrap();
    assert!(!format!("{shape:?}").contains(TOKEN));
}

/// A provider whose shape is not built in: `{"result":{"jwt":"…","ttl":"15m"}}`.
#[derive(Deserialize)]
struct Session {
    result: Option<SessionResult>,
    #[serde(default)]
    fault: Option<String>,
}

#[derive(Deserialize)]
struct SessionResult {
    jwt: String,
    ttl: String,
}

impl TokenResponse for Session {
    fn into_token(self, now: Timestamp) -> Result<Token, Error> {
        let Some(result) = self.result else {
            return Err(Error::TokenResponse {
                status: None,
                code: None,
                message: self.fault.unwrap_or_default(),
            });
        };
        let minutes = result
            .ttl
            .strip_suffix('m')
            .and_then(|m| m.parse::<i64>().ok())
            .ok_or_else(|| Error::TokenBody {
                reason: "`result.ttl` is not like `15m`".into(),
            })?;
        Ok(Token::new(result.jwt, Some(now.add_seconds(minutes * 60))))
    }
}

#[test]
fn user_declared_shape() {
    let token =
        Token::from_json::<Session>(200, &body(r#"{"result":{"jwt":"TOKEN","ttl":"15m"}}"#), NOW)
            .unwrap();
    // 1_700_000_000 + 15 * 60
    assert_eq!(
        token.expires_at(),
        Some(Timestamp::from_unix_seconds(1_700_000_900))
    );
    // The status is filled in on the refusal the shape reports.
    let err = Token::from_json::<Session>(200, br#"{"fault":"quota exceeded"}"#, NOW).unwrap_err();
    assert_eq!(
        err,
        Error::TokenResponse {
            status: Some(200),
            code: None,
            message: "quota exceeded".into(),
        }
    );
}
