//! The seed providers' token requests, declared once.
//!
//! The examples (`examples/circle_token.rs`, `bh_token.rs`, `user_key_token.rs`,
//! `client_assertion.rs`, `quickstart/src/main.rs`), the embedded [`Provider`](crate::Provider) and the
//! tests all use these declarations: the client signs with them, the provider verifies with
//! them. Use one as it is, or copy it as the start of your own. Each module also holds the demo
//! credentials the embedded provider knows: they are public, and only for demos and tests.
//!
//! | module | request | answer |
//! |---|---|---|
//! | [`circle`] | `GET /api/token?customerId=…&appKey=…&endUserId=…&nonce=<s>&signature=<base64>` | `{"accessToken","expiresInSeconds","tokenType"}` |
//! | [`bh`] | `GET /v2/token/generate?timestamp=<ms>&signature=<hex>`, `X-BH-APIKEY` | `{"code":0,"msg":"success","data":{"token","expireTime"}}` |
//! | [`user_key`] | `POST /api/user-token`, `X-Username`, `X-Api-Key`, `X-Timestamp`, `X-Signature: <hex>` | `{"accessToken","expiresInSeconds","tokenType"}` |
//! | [`assertion`] | `POST /v1/auth/token`, body: an RS256 JWT with `aud`, `clientKeyId`, `nbf`, `exp` | `{"accessToken","expiresInSeconds","tokenType"}` |
//! | [`exchange`] | `POST /api/v3/order?symbol=…&timestamp=<ms>&signature=<hex>`, `X-MBX-APIKEY` (Binance-style) | `{"orderId","symbol","side","status":"NEW"}` |
//! | [`webhooks`] | GitHub, Stripe and Slack webhooks, as a server receives them | |
//! | [`oauth2`] | `POST /oauth2/token`, a form with `grant_type` and a `private_key_jwt` client assertion | `{"access_token","token_type","expires_in"}` |

/// A Circle-style token URL: `customerId=…&appKey=…&endUserId=…&nonce=…`, HMAC-SHA256, base64,
/// appended as `&signature=`.
///
/// The provider's two documents disagree on the nonce's unit, so both are declared; the
/// embedded provider takes seconds ([`CircleToken`](circle::CircleToken)).
pub mod circle {
    use signing::{SignedRequest, Timestamp};

    /// The token call with the nonce in seconds. The key comes from `$CIRCLE_SECRET`, trimmed
    /// (a pasted trailing newline is the usual bug), or from [`sign_with`](SignedRequest::sign_with).
    #[derive(SignedRequest)]
    #[signed(mac = "hmac-sha256", encoding = "base64", signature = query("signature"),
             key = env("CIRCLE_SECRET"), trim_key, rename_all = "camelCase")]
    pub struct CircleToken<'a> {
        /// The customer.
        pub customer_id: &'a str,
        /// The application's key: it names the secret.
        pub app_key: &'a str,
        /// The end user the token is for.
        pub end_user_id: &'a str,
        /// The time of the request, in seconds.
        #[signed(timestamp = "unix-seconds")]
        pub nonce: Timestamp,
    }

    /// The same call with the nonce in milliseconds.
    #[derive(SignedRequest)]
    #[signed(mac = "hmac-sha256", encoding = "base64", signature = query("signature"),
             key = env("CIRCLE_SECRET"), trim_key, rename_all = "camelCase")]
    pub struct CircleTokenMillis<'a> {
        /// The customer.
        pub customer_id: &'a str,
        /// The application's key: it names the secret.
        pub app_key: &'a str,
        /// The end user the token is for.
        pub end_user_id: &'a str,
        /// The time of the request, in milliseconds.
        #[signed(timestamp = "unix-millis")]
        pub nonce: Timestamp,
    }

    /// The token endpoint's path.
    pub const TOKEN_PATH: &str = "/api/token";
    /// Demo customer id.
    pub const DEMO_CUSTOMER_ID: &str = "cust-42";
    /// Demo application key.
    pub const DEMO_APP_KEY: &str = "app-7";
    /// Demo secret of [`DEMO_APP_KEY`].
    pub const DEMO_SECRET: &str = "circle-demo-secret";
}

/// A BH-style token call: `GET /v2/token/generate?timestamp=<ms>&signature=<hex>` with the API
/// key in header `X-BH-APIKEY`; the answer is `{"code","msg","data":{"token","expireTime"}}`.
pub mod bh {
    use signing::{SignedRequest, Timestamp};

    /// The token request. Only `timestamp=<ms>` is signed; the API key travels as a header.
    #[derive(SignedRequest)]
    #[signed(mac = "hmac-sha256", encoding = "hex", signature = query("signature"),
             method = "GET", path = "/v2/token/generate")]
    pub struct BhTokenRequest<'a> {
        /// The time of the request, in milliseconds.
        #[signed(timestamp = "unix-millis")]
        pub timestamp: Timestamp,
        /// The API key: it names the secret.
        #[signed(header = "X-BH-APIKEY")]
        pub api_key: &'a str,
    }

    /// Demo API key.
    pub const DEMO_API_KEY: &str = "bh-demo-api-key";
    /// Demo secret of [`DEMO_API_KEY`].
    pub const DEMO_SECRET: &str = "bh-demo-secret";
}

/// `username:api_key@timestamp` tokens: HMAC-SHA256, hex, with the ISO timestamps the
/// provider's own samples produce: JavaScript `toJSON()`, Python `isoformat()`, Go
/// `time.RFC3339`.
///
/// The three values travel as headers (`X-Username`, `X-Api-Key`, `X-Timestamp`) and the
/// signature as `X-Signature`, in `POST /api/user-token`. The embedded provider accepts each of
/// the three timestamp forms.
pub mod user_key {
    use signing::{SignedRequest, Timestamp};

    /// As the provider's JavaScript sample signs it: `2025-02-26T11:18:45.231Z`.
    #[derive(SignedRequest)]
    #[signed(mac = "hmac-sha256", template = "{username}:{api_key}@{timestamp}",
             signature = header("X-Signature"), method = "POST", path = "/api/user-token")]
    pub struct UserKeyTokenJs<'a> {
        /// The user.
        #[signed(header = "X-Username")]
        pub username: &'a str,
        /// The user's API key: it names the secret.
        #[signed(header = "X-Api-Key")]
        pub api_key: &'a str,
        /// The time of the request.
        #[signed(header = "X-Timestamp", timestamp = "rfc3339-millis")]
        pub timestamp: Timestamp,
    }

    /// As the provider's Python sample signs it: `2025-02-26T11:18:45.231000+00:00`.
    #[derive(SignedRequest)]
    #[signed(mac = "hmac-sha256", template = "{username}:{api_key}@{timestamp}",
             signature = header("X-Signature"), method = "POST", path = "/api/user-token")]
    pub struct UserKeyTokenPython<'a> {
        /// The user.
        #[signed(header = "X-Username")]
        pub username: &'a str,
        /// The user's API key: it names the secret.
        #[signed(header = "X-Api-Key")]
        pub api_key: &'a str,
        /// The time of the request.
        #[signed(header = "X-Timestamp", timestamp = "rfc3339-micros")]
        pub timestamp: Timestamp,
    }

    /// As the provider's Go sample signs it: `2025-02-26T11:18:45Z`.
    #[derive(SignedRequest)]
    #[signed(mac = "hmac-sha256", template = "{username}:{api_key}@{timestamp}",
             signature = header("X-Signature"), method = "POST", path = "/api/user-token")]
    pub struct UserKeyTokenGo<'a> {
        /// The user.
        #[signed(header = "X-Username")]
        pub username: &'a str,
        /// The user's API key: it names the secret.
        #[signed(header = "X-Api-Key")]
        pub api_key: &'a str,
        /// The time of the request.
        #[signed(header = "X-Timestamp", timestamp = "rfc3339")]
        pub timestamp: Timestamp,
    }

    /// Demo user.
    pub const DEMO_USERNAME: &str = "alice";
    /// Demo API key.
    pub const DEMO_API_KEY: &str = "ak-123";
    /// Demo secret of [`DEMO_API_KEY`].
    pub const DEMO_SECRET: &str = "uk-demo-secret";
}

/// The RS256 client-assertion flow: the client signs a short-lived JWT with its RSA key and
/// POSTs it, as the whole body, to `/v1/auth/token`.
///
/// - header: `{"alg":"RS256","typ":"JWT"}`
/// - claims: `{"aud":["<provider base URL>"],"clientKeyId":"…","nbf":…,"exp":…}`, `exp` at
///   most 60 seconds after `nbf`
pub mod assertion {
    use signing::SignedRequest;

    /// The claims of the assertion. `nbf`/`exp` are added at signing time (`lifetime = 60`), and
    /// `verify` refuses a token that lives longer than `max_lifetime = 60`.
    #[derive(SignedRequest, serde::Serialize)]
    #[signed(jwt = "RS256", lifetime = 60, max_lifetime = 60,
             signature = body, method = "POST", path = "/v1/auth/token")]
    pub struct TokenAssertion<'a> {
        /// The audience, an array with one entry: the provider's base URL.
        pub aud: [&'a str; 1],
        /// The id the provider gave the registered public key.
        #[serde(rename = "clientKeyId")]
        pub client_key_id: &'a str,
    }

    /// The demo client's key id.
    pub const DEMO_CLIENT_KEY_ID: &str = "ck_demo_0001";
    /// The demo client's RSA 2048 private key (PKCS#8 PEM), made with
    /// `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048`. Public: demos only.
    pub const DEMO_PRIVATE_KEY_PEM: &str = include_str!("demo-client.pem");
    /// Its public half (`openssl pkey -in demo-client.pem -pubout`), which the embedded
    /// provider knows.
    pub const DEMO_PUBLIC_KEY_PEM: &str = include_str!("demo-client.pub.pem");
}

pub mod exchange;
pub mod oauth2;
pub mod webhooks;
