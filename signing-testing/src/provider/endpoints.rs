//! The provider's routes: each token endpoint reads its request, verifies it with the seed
//! declaration, checks its freshness, and issues a token.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use super::{lock, Issued, Shared};
use crate::seeds::assertion::TokenAssertion;
use crate::seeds::bh::BhTokenRequest;
use crate::seeds::circle::CircleToken;
use crate::seeds::exchange::{self, NewOrder};
use crate::seeds::oauth2;
use crate::seeds::user_key::{UserKeyTokenGo, UserKeyTokenJs, UserKeyTokenPython};
use signing::client_assertion::CLIENT_ASSERTION_TYPE;
use signing::time::TimestampFormat;
use signing::{ClientAssertion, FromSignedQuery};
use signing::{Encoding, Error, Secret, SignedRequest, Timestamp};

type App = State<Arc<Shared>>;

/// The longest body the order endpoint reads.
const MAX_BODY_BYTES: usize = 64 * 1024;

pub(super) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/api/token", get(circle))
        .route("/v2/token/generate", get(bh))
        .route("/api/user-token", post(user_key))
        .route("/v1/auth/token", post(assertion))
        .route("/api/protected", get(protected))
        .route(exchange::ORDER_PATH, post(order))
        .route(oauth2::TOKEN_PATH, post(oauth2_token))
        .with_state(shared)
}

/// Why a request was refused: the HTTP status, a stable reason, and a sentence.
#[derive(Debug)]
struct Refusal {
    status: StatusCode,
    reason: &'static str,
    message: String,
    /// A `Retry-After` header to send with it.
    retry_after: Option<HeaderValue>,
}

impl Refusal {
    fn new(status: StatusCode, reason: &'static str, message: impl Into<String>) -> Refusal {
        Refusal {
            status,
            reason,
            message: message.into(),
            retry_after: None,
        }
    }

    fn unauthorized(reason: &'static str, message: impl Into<String>) -> Refusal {
        Refusal::new(StatusCode::UNAUTHORIZED, reason, message)
    }

    fn bad_request(message: impl Into<String>) -> Refusal {
        Refusal::new(StatusCode::BAD_REQUEST, "invalid_request", message)
    }

    /// The numeric code of the BH-style answer.
    fn code(&self) -> u32 {
        match self.reason {
            "signature_mismatch" => 1001,
            "malformed_signature" => 1002,
            "stale_timestamp" => 1003,
            "replayed" => 1004,
            "unknown_client" => 1005,
            "invalid_request" => 1006,
            "injected_fault" => 1007,
            _ => 1000,
        }
    }

    /// `{"code":1001,"msg":"signature_mismatch: …"}`, the BH endpoint's refusal.
    fn code_msg(self) -> Response {
        let body = json!({
            "code": self.code(),
            "msg": format!("{}: {}", self.reason, self.message),
        });
        let mut response = (self.status, Json(body)).into_response();
        if let Some(value) = self.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    }
}

impl From<Error> for Refusal {
    fn from(err: Error) -> Refusal {
        let reason = match err {
            Error::SignatureMismatch => "signature_mismatch",
            Error::MalformedSignature { .. } => "malformed_signature",
            Error::StaleTimestamp { .. } => "stale_timestamp",
            Error::Replayed => "replayed",
            Error::LifetimeTooLong { .. } => "lifetime_too_long",
            Error::TokenExpired { .. } | Error::TokenNotYetValid { .. } => "assertion_expired",
            Error::ReplayStoreFull { .. } => {
                return Refusal::new(StatusCode::SERVICE_UNAVAILABLE, "busy", err.to_string())
            }
            Error::StoreUnavailable { .. } => {
                return Refusal::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "replay_store_unavailable",
                    err.to_string(),
                )
            }
            Error::InvalidTimestamp { .. } | Error::MalformedRequest { .. } => {
                return Refusal::bad_request(err.to_string())
            }
            _ => "invalid_assertion",
        };
        Refusal::unauthorized(reason, err.to_string())
    }
}

impl IntoResponse for Refusal {
    /// `{"error":"signature_mismatch","message":"…"}`.
    fn into_response(self) -> Response {
        let mut response = (
            self.status,
            Json(json!({ "error": self.reason, "message": self.message })),
        )
            .into_response();
        if let Some(value) = self.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer error=\"invalid_token\""),
            );
        }
        response
    }
}

impl Shared {
    /// Counts a token request; an injected fault answers it instead.
    fn token_request(&self) -> Result<(), Refusal> {
        self.token_requests.fetch_add(1, Ordering::SeqCst);
        let mut faults = lock(&self.faults);
        if faults.remaining == 0 {
            return Ok(());
        }
        faults.remaining -= 1;
        let status =
            StatusCode::from_u16(faults.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut refusal = Refusal::new(
            status,
            "injected_fault",
            "a fault injected with ProviderHandle::fail_next",
        );
        refusal.retry_after = faults
            .retry_after
            .as_deref()
            .and_then(|value| HeaderValue::from_str(value).ok());
        Err(refusal)
    }

    /// Refuses a request whose time is outside the window, or that was accepted before.
    /// Called once its signature verified: `id` is the signature.
    async fn fresh(
        &self,
        id: impl AsRef<[u8]> + Send,
        signed_at: Timestamp,
    ) -> Result<(), Refusal> {
        Ok(self
            .guard
            .check_async(id, signed_at, Timestamp::now())
            .await?)
    }

    /// A new random token for `subject`.
    fn issue(&self, scheme: &'static str, subject: String) -> Result<Grant, Refusal> {
        let mut bytes = [0u8; 16];
        getrandom::getrandom(&mut bytes).map_err(|_| {
            Refusal::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "no_randomness",
                "the OS random source failed",
            )
        })?;
        let token = format!("tok_{}", Encoding::Hex.encode(&bytes));
        let seconds = self.token_lifetime.as_secs();
        let now = Timestamp::now();
        let expires_at = now.add_seconds(i64::try_from(seconds).unwrap_or(i64::MAX));
        let mut issued = lock(&self.issued);
        issued.retain(|_, record| record.expires_at > now);
        issued.insert(
            token.clone(),
            Issued {
                scheme,
                subject,
                expires_at,
            },
        );
        drop(issued);
        self.tokens_issued.fetch_add(1, Ordering::SeqCst);
        Ok(Grant {
            token,
            seconds,
            expires_at,
        })
    }
}

/// An issued token, its lifetime in seconds and its expiry.
struct Grant {
    token: String,
    seconds: u64,
    expires_at: Timestamp,
}

/// `{"accessToken","expiresInSeconds","tokenType":"Bearer"}`.
fn access_token(grant: Grant) -> Response {
    Json(json!({
        "accessToken": grant.token,
        "expiresInSeconds": grant.seconds,
        "tokenType": "Bearer",
    }))
    .into_response()
}

fn unknown_client(what: &str) -> Refusal {
    Refusal::unauthorized("unknown_client", format!("no client with this {what}"))
}

/// The one value of header `name`, as text.
fn header<'a>(headers: &'a HeaderMap, name: &str) -> Result<&'a str, Refusal> {
    let mut values = headers.get_all(name).iter();
    match (values.next(), values.next()) {
        (Some(value), None) => value
            .to_str()
            .map_err(|_| Refusal::bad_request(format!("header {name} is not visible ASCII"))),
        (None, _) => Err(Refusal::bad_request(format!("header {name} is missing"))),
        (Some(_), Some(_)) => Err(Refusal::bad_request(format!(
            "header {name} is given more than once"
        ))),
    }
}

fn query<T>(query: Result<Query<T>, QueryRejection>) -> Result<T, Refusal> {
    query
        .map(|Query(query)| query)
        .map_err(|rejection| Refusal::bad_request(rejection.body_text()))
}

/// The Circle query, as sent. Unknown parameters are refused: they would not be signed.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CircleQuery {
    customer_id: String,
    app_key: String,
    end_user_id: String,
    nonce: String,
    signature: String,
}

async fn circle(State(app): App, sent: Result<Query<CircleQuery>, QueryRejection>) -> Response {
    circle_token(&app, sent)
        .await
        .map_or_else(IntoResponse::into_response, access_token)
}

async fn circle_token(
    app: &Shared,
    sent: Result<Query<CircleQuery>, QueryRejection>,
) -> Result<Grant, Refusal> {
    app.token_request()?;
    let sent = query(sent)?;
    let (customer_id, app_key, secret) = &app.credentials.circle;
    if sent.app_key != *app_key || sent.customer_id != *customer_id {
        return Err(unknown_client("customerId and appKey"));
    }
    let nonce = Timestamp::parse(&sent.nonce, TimestampFormat::UnixSeconds)?;
    let request = CircleToken {
        customer_id: &sent.customer_id,
        app_key: &sent.app_key,
        end_user_id: &sent.end_user_id,
        nonce,
    };
    request.verify(&sent.signature, secret)?;
    app.fresh(&sent.signature, nonce).await?;
    app.issue(
        "circle",
        format!("{}/{}", sent.customer_id, sent.end_user_id),
    )
}

/// The BH query, as sent.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BhQuery {
    timestamp: String,
    signature: String,
}

async fn bh(
    State(app): App,
    headers: HeaderMap,
    sent: Result<Query<BhQuery>, QueryRejection>,
) -> Response {
    match bh_token(&app, &headers, sent).await {
        Ok(grant) => {
            let expire_ms = grant.expires_at.unix_millis().to_string();
            Json(json!({
                "code": 0,
                "msg": "success",
                "data": { "token": grant.token, "expireTime": expire_ms },
            }))
            .into_response()
        }
        Err(refusal) => refusal.code_msg(),
    }
}

async fn bh_token(
    app: &Shared,
    headers: &HeaderMap,
    sent: Result<Query<BhQuery>, QueryRejection>,
) -> Result<Grant, Refusal> {
    app.token_request()?;
    let sent = query(sent)?;
    let api_key = header(headers, "X-BH-APIKEY")?;
    let (known_key, secret) = &app.credentials.bh;
    if api_key != *known_key {
        return Err(unknown_client("X-BH-APIKEY"));
    }
    let timestamp = Timestamp::parse(&sent.timestamp, TimestampFormat::UnixMillis)?;
    BhTokenRequest { timestamp, api_key }.verify(&sent.signature, secret)?;
    app.fresh(&sent.signature, timestamp).await?;
    app.issue("bh", api_key.to_owned())
}

async fn user_key(State(app): App, headers: HeaderMap) -> Response {
    user_key_token(&app, &headers)
        .await
        .map_or_else(IntoResponse::into_response, access_token)
}

async fn user_key_token(app: &Shared, headers: &HeaderMap) -> Result<Grant, Refusal> {
    app.token_request()?;
    let username = header(headers, "X-Username")?;
    let api_key = header(headers, "X-Api-Key")?;
    let sent_at = header(headers, "X-Timestamp")?;
    let signature = header(headers, "X-Signature")?;
    let (known_user, known_key, secret) = &app.credentials.user_key;
    if username != *known_user || api_key != *known_key {
        return Err(unknown_client("X-Username and X-Api-Key"));
    }
    let timestamp = Timestamp::parse(sent_at, TimestampFormat::Rfc3339)?;
    verify_user_key(username, api_key, sent_at, timestamp, signature, secret)?;
    app.fresh(signature, timestamp).await?;
    app.issue("user_key", username.to_owned())
}

/// Verifies with the declaration whose timestamp form is the one sent: the message holds the
/// timestamp as the client wrote it.
fn verify_user_key(
    username: &str,
    api_key: &str,
    sent_at: &str,
    timestamp: Timestamp,
    signature: &str,
    secret: &Secret,
) -> Result<(), Refusal> {
    let forms = [
        TimestampFormat::Rfc3339Millis,
        TimestampFormat::Rfc3339Micros,
        TimestampFormat::Rfc3339,
    ];
    let verified = match forms.into_iter().find(|&f| timestamp.format(f) == sent_at) {
        Some(TimestampFormat::Rfc3339Millis) => UserKeyTokenJs {
            username,
            api_key,
            timestamp,
        }
        .verify(signature, secret),
        Some(TimestampFormat::Rfc3339Micros) => UserKeyTokenPython {
            username,
            api_key,
            timestamp,
        }
        .verify(signature, secret),
        Some(_) => UserKeyTokenGo {
            username,
            api_key,
            timestamp,
        }
        .verify(signature, secret),
        None => {
            return Err(Refusal::bad_request(
                "X-Timestamp is not in a form of the provider's samples: \
                 2025-02-26T11:18:45.231Z, 2025-02-26T11:18:45.231000+00:00 or 2025-02-26T11:18:45Z",
            ))
        }
    };
    Ok(verified?)
}

async fn assertion(State(app): App, body: Bytes) -> Response {
    assertion_token(&app, &body)
        .await
        .map_or_else(IntoResponse::into_response, access_token)
}

/// The claims read before the signature is checked: only to find the client's key.
#[derive(Deserialize)]
struct Unverified {
    #[serde(rename = "clientKeyId")]
    client_key_id: String,
}

/// The claims the freshness check reads, once the signature verified.
#[derive(Deserialize)]
struct Lifetime {
    nbf: i64,
}

async fn assertion_token(app: &Shared, body: &[u8]) -> Result<Grant, Refusal> {
    app.token_request()?;
    let token = core::str::from_utf8(body)
        .map_err(|_| Refusal::bad_request("the body is not a JWT (not UTF-8)"))?
        .trim();
    let claims = payload(token)?;
    let unverified: Unverified = serde_json::from_slice(&claims)
        .map_err(|_| Refusal::bad_request("the JWT's claims have no clientKeyId string"))?;
    let (key_id, key) = &app.credentials.assertion;
    if unverified.client_key_id != *key_id {
        return Err(unknown_client("clientKeyId"));
    }
    let expected = TokenAssertion {
        aud: [app.base_url.as_str()],
        client_key_id: key_id,
    };
    // The signature, `alg`, `nbf`/`exp`, a lifetime of at most 60 s, `aud` and `clientKeyId`.
    expected.verify(token, key)?;
    let Lifetime { nbf } = serde_json::from_slice(&claims)
        .map_err(|_| Refusal::unauthorized("invalid_assertion", "the JWT has no nbf"))?;
    app.fresh(token, Timestamp::from_unix_seconds(nbf)).await?;
    app.issue("client_assertion", (*key_id).to_owned())
}

/// The decoded payload (second part) of a compact JWT.
fn payload(token: &str) -> Result<Vec<u8>, Refusal> {
    let malformed = || Refusal::bad_request("the body is not a compact JWT");
    let part = token.split('.').nth(1).ok_or_else(malformed)?;
    let mut bytes = vec![0; part.len()];
    let len = Encoding::Base64UrlNoPad
        .decode_into(part, &mut bytes)
        .ok_or_else(malformed)?;
    bytes.truncate(len);
    Ok(bytes)
}

async fn protected(State(app): App, headers: HeaderMap) -> Response {
    match bearer(&app, &headers) {
        Ok((scheme, subject, seconds)) => Json(json!({
            "ok": true,
            "scheme": scheme,
            "subject": subject,
            "expiresInSeconds": seconds,
        }))
        .into_response(),
        Err(refusal) => refusal.into_response(),
    }
}

/// The record of the bearer token the request carries: scheme, subject, seconds left.
fn bearer(app: &Shared, headers: &HeaderMap) -> Result<(&'static str, String, i64), Refusal> {
    let value = header(headers, "Authorization")
        .map_err(|_| Refusal::unauthorized("invalid_token", "no Authorization header"))?;
    let token = value
        .strip_prefix("Bearer ")
        .ok_or_else(|| Refusal::unauthorized("invalid_token", "not a Bearer token"))?;
    let now = Timestamp::now();
    let issued = lock(&app.issued);
    let record = issued.get(token).ok_or_else(|| {
        Refusal::unauthorized("invalid_token", "a token this provider never issued")
    })?;
    if record.expires_at <= now {
        return Err(Refusal::unauthorized(
            "token_expired",
            "the token has expired",
        ));
    }
    let left = record.expires_at.unix_seconds() - now.unix_seconds();
    Ok((record.scheme, record.subject.clone(), left))
}

/// A Binance-style order ([`NewOrder`]): read back with `FromSignedQuery`, verified, fresh.
async fn order(State(app): App, request: axum::extract::Request) -> Response {
    match new_order(&app, request).await {
        Ok(order) => Json(json!({
            "orderId": app.orders.fetch_add(1, Ordering::SeqCst) + 1,
            "symbol": order.symbol,
            "side": order.side,
            "status": "NEW",
        }))
        .into_response(),
        Err(refusal) => refusal.into_response(),
    }
}

async fn new_order(app: &Shared, request: axum::extract::Request) -> Result<NewOrder, Refusal> {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, MAX_BODY_BYTES)
        .await
        .map_err(|_| Refusal::bad_request("the body is too long or cut short"))?;
    let request = axum::http::Request::from_parts(parts, body);
    let (order, signature) = NewOrder::from_request(&request)?;
    if order.api_key != exchange::DEMO_API_KEY {
        return Err(unknown_client("X-MBX-APIKEY"));
    }
    order.verify(&signature, &app.credentials.exchange)?;
    app.fresh(order.message()?, order.timestamp).await?;
    Ok(order)
}

/// The OAuth 2.0 token request's form.
#[derive(Deserialize)]
struct OAuthForm {
    grant_type: Option<String>,
    client_assertion_type: Option<String>,
    client_assertion: Option<String>,
    subject_token: Option<String>,
    subject_token_type: Option<String>,
    #[allow(dead_code)]
    scope: Option<String>,
    #[allow(dead_code)]
    client_id: Option<String>,
}

/// An OAuth 2.0 refusal: `{"error","error_description"}` (RFC 6749 §5.2).
fn oauth_refusal(status: StatusCode, error: &str, description: impl Into<String>) -> Response {
    let description = description.into();
    (
        status,
        Json(json!({ "error": error, "error_description": description })),
    )
        .into_response()
}

async fn oauth2_token(
    State(app): App,
    form: Result<axum::Form<OAuthForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let Ok(axum::Form(form)) = form else {
        return oauth_refusal(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "the body is not an application/x-www-form-urlencoded form",
        );
    };
    match oauth2_grant(&app, &form).await {
        Ok((grant, issued_type)) => {
            let mut answer = json!({
                "access_token": grant.token,
                "token_type": "Bearer",
                "expires_in": grant.seconds,
            });
            if let Some(issued_type) = issued_type {
                answer["issued_token_type"] = json!(issued_type);
            }
            Json(answer).into_response()
        }
        Err((status, error, description)) => oauth_refusal(status, error, description),
    }
}

type OAuthError = (StatusCode, &'static str, String);

async fn oauth2_grant(
    app: &Shared,
    form: &OAuthForm,
) -> Result<(Grant, Option<&'static str>), OAuthError> {
    let invalid_request =
        |what: &str| (StatusCode::BAD_REQUEST, "invalid_request", what.to_owned());
    app.token_request()
        .map_err(|r| (r.status, r.reason, r.message))?;
    if form.client_assertion_type.as_deref() != Some(CLIENT_ASSERTION_TYPE) {
        return Err((
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            format!("client_assertion_type must be {CLIENT_ASSERTION_TYPE}"),
        ));
    }
    let assertion = form
        .client_assertion
        .as_deref()
        .ok_or_else(|| invalid_request("client_assertion is missing"))?;
    let (client_id, key) = &app.credentials.oauth2;
    let token_url = format!("{}{}", app.base_url, oauth2::TOKEN_PATH);
    // The signature, `iss`, `sub`, `aud`, `nbf`/`exp`, a lifetime of at most 60 s.
    let invalid_client = |err: Error| (StatusCode::UNAUTHORIZED, "invalid_client", err.to_string());
    ClientAssertion::new(*client_id, token_url)
        .verify(assertion, key)
        .map_err(invalid_client)?;
    let claims = payload(assertion).map_err(|r| (r.status, r.reason, r.message))?;
    let Lifetime { nbf } = serde_json::from_slice(&claims).map_err(|_| {
        (
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "the assertion has no nbf".to_owned(),
        )
    })?;
    // Each assertion once (its `jti` makes each one different).
    app.fresh(assertion, Timestamp::from_unix_seconds(nbf))
        .await
        .map_err(|r| (StatusCode::UNAUTHORIZED, "invalid_client", r.message))?;
    match form.grant_type.as_deref() {
        Some("client_credentials") => Ok((
            app.issue("oauth2_client_credentials", (*client_id).to_owned())
                .map_err(|r| (r.status, r.reason, r.message))?,
            None,
        )),
        Some(oauth2::TOKEN_EXCHANGE_GRANT) => {
            if form.subject_token_type.as_deref() != Some(oauth2::ACCESS_TOKEN_TYPE) {
                return Err(invalid_request(
                    "subject_token_type must be an access token's",
                ));
            }
            let subject_token = form
                .subject_token
                .as_deref()
                .ok_or_else(|| invalid_request("subject_token is missing"))?;
            let subject = {
                let issued = lock(&app.issued);
                let now = Timestamp::now();
                issued
                    .get(subject_token)
                    .filter(|record| record.expires_at > now)
                    .map(|record| record.subject.clone())
            }
            .ok_or_else(|| {
                (
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "subject_token is not a live token of this provider".to_owned(),
                )
            })?;
            Ok((
                app.issue("oauth2_token_exchange", subject)
                    .map_err(|r| (r.status, r.reason, r.message))?,
                Some(oauth2::ACCESS_TOKEN_TYPE),
            ))
        }
        _ => Err((
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "grant_type must be client_credentials or token exchange".to_owned(),
        )),
    }
}
