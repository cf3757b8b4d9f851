//! The receiving side of the cloud declarations: a server reads an incoming SigV4 request back
//! into the same declaration the client signed it with (`#[derive(FromSignedQuery)]`), verifies
//! it, then checks its date window and that it is not a replay (`signing::replay`). The request
//! is the `http::Request` a server framework hands over; nothing here parses SigV4 by hand.
//!
//! The declaration reads: the path (`#[signed(path)]`, percent-decoded), the query parameters no
//! other field names (`#[signed(flatten)]`), header fields, and the fields of the
//! `Authorization` header's `Credential` parameter (`{access_key}/{date}/{region}/s3/..`, each
//! read between the literal text around it), past the `AWS4-HMAC-SHA256` scheme token.

use std::time::Duration;

use signing::derived_key::{ChainKey, KeyChain};
use signing::replay::{MemoryNonceStore, ReplayGuard};
use signing::{Error, FromSignedQuery, MacAlgorithm, Secret, SignedRequest, Timestamp};

const SIGV4: KeyChain = KeyChain {
    prefix: "AWS4",
    algorithm: MacAlgorithm::HmacSha256,
};

/// An S3 GET in the `Authorization` header form, as the client signs it and as the server
/// reads it back. `x-amz-content-sha256` is a header field sent as text (`UNSIGNED-PAYLOAD`,
/// or the body's hex SHA-256 a server compares with the body it receives) and the canonical
/// request's last line.
#[derive(SignedRequest, FromSignedQuery, Debug, Clone, PartialEq)]
#[signed(
    mac = "hmac-sha256",
    method = "GET",
    key_chain(prefix = "AWS4", scope = "{date}/{region}/s3/aws4_request"),
    escape = "rfc3986",
    sort,
    template = "AWS4-HMAC-SHA256\n{timestamp}\n{date}/{region}/s3/aws4_request\n\
                {sha256:{@method}\n{@path}\n{@query}\n{@headers}\n{@signed_headers}\n\
                {content_sha256}}",
    signature = header(
        "Authorization",
        scheme = "AWS4-HMAC-SHA256",
        format = "Credential={access_key}/{date}/{region}/s3/aws4_request, \
                  SignedHeaders={@signed_headers}, Signature={signature}"
    )
)]
struct S3Get {
    access_key: String,
    #[signed(path)]
    path: String,
    #[signed(flatten)]
    params: Vec<(String, String)>,
    #[signed(header = "Host")]
    host: String,
    #[signed(header = "X-Amz-Date", timestamp = "iso8601-basic")]
    timestamp: Timestamp,
    #[signed(header = "x-amz-content-sha256")]
    content_sha256: String,
    #[signed(timestamp = "date-basic")]
    date: Timestamp,
    region: String,
}

#[path = "support/s3_presigned.rs"]
mod s3_presigned;
use s3_presigned::S3PresignedGet;

/// 2015-08-30T12:36:00Z, the SigV4 suite's instant.
const AT: i64 = 1_440_938_160;

fn key(secret: &str) -> ChainKey {
    ChainKey::new(Secret::new(secret), SIGV4)
}

fn list_request(at: Timestamp) -> S3Get {
    S3Get {
        access_key: "AKIDEXAMPLE".into(),
        path: "/photos bucket/cats+dogs/ü.txt".into(),
        params: vec![
            ("prefix".into(), "cats/".into()),
            ("list-type".into(), "2".into()),
            ("empty".into(), String::new()),
        ],
        host: "s3.example.com".into(),
        timestamp: at,
        content_sha256: "UNSIGNED-PAYLOAD".into(),
        date: Timestamp::from_unix_seconds(at.unix_seconds() - at.unix_seconds() % 86_400),
        region: "eu-west-3".into(),
    }
}

/// What the client sends (what a server receives, for a presigned URL fetched: the URL and the
/// `Host` header): the declaration signed, as an `http::Request`.
fn sent<R: SignedRequest<SigningKey = ChainKey>>(
    request: &R,
    secret: &str,
) -> http::Request<Vec<u8>> {
    request
        .sign_with(&key(secret))
        .unwrap()
        .http_request("https://s3.example.com")
        .unwrap()
}

#[test]
fn a_server_reads_back_and_verifies_the_header_form() {
    let request = list_request(Timestamp::from_unix_seconds(AT));
    let incoming = sent(&request, "server secret");
    // As sent: the path encoded once, the query in the URL, the scheme first.
    assert_eq!(
        incoming.uri().path(),
        "/photos%20bucket/cats%2Bdogs/%C3%BC.txt"
    );
    let authorization = incoming.headers()["authorization"].to_str().unwrap();
    assert!(
        authorization
            .starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/eu-west-3/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature="),
        "{authorization}"
    );

    let (read, signature) = S3Get::from_request(&incoming).unwrap();
    // Every field is read back, the parameters in the order received (the URL's: the order
    // given; `sort` orders only what is signed).
    assert_eq!(read, request);
    assert_eq!(&*signature, authorization);
    let verified = S3Get::verify_request(&incoming, &key("server secret")).unwrap();
    assert_eq!(verified.message().unwrap(), request.message().unwrap());
}

#[test]
fn a_server_refuses_what_was_not_signed() {
    let request = list_request(Timestamp::from_unix_seconds(AT));
    let server_key = key("server secret");
    let refused = |incoming: &http::Request<Vec<u8>>| {
        S3Get::verify_request(incoming, &server_key)
            .map(|_| ())
            .unwrap_err()
    };

    // Another secret.
    assert_eq!(
        refused(&sent(&request, "another secret")),
        Error::SignatureMismatch
    );

    // Changed on its way: the path, a parameter, a parameter added, a header.
    let changed = |edit: &dyn Fn(&mut http::Request<Vec<u8>>)| {
        let mut incoming = sent(&request, "server secret");
        edit(&mut incoming);
        refused(&incoming)
    };
    let uri = |r: &mut http::Request<Vec<u8>>, from: &str, to: &str| {
        *r.uri_mut() = r.uri().to_string().replace(from, to).parse().unwrap();
    };
    let authorization = |r: &mut http::Request<Vec<u8>>, from: &str, to: &str| {
        let value = r.headers()["authorization"]
            .to_str()
            .unwrap()
            .replace(from, to);
        r.headers_mut()
            .insert("authorization", value.parse().unwrap());
    };
    assert_eq!(
        changed(&|r| uri(r, "cats%2Bdogs", "cats%2Bcows")),
        Error::SignatureMismatch
    );
    assert_eq!(
        changed(&|r| uri(r, "prefix=cats%2F", "prefix=dogs%2F")),
        Error::SignatureMismatch
    );
    assert_eq!(
        changed(&|r| uri(r, "list-type=2", "list-type=2&max-keys=1")),
        Error::SignatureMismatch
    );
    assert_eq!(
        changed(&|r| {
            r.headers_mut()
                .insert("host", "evil.example.com".parse().unwrap());
        }),
        Error::SignatureMismatch
    );
    // The credential names another region: the key derived for it differs.
    assert_eq!(
        changed(&|r| authorization(r, "/eu-west-3/", "/us-east-1/")),
        Error::SignatureMismatch
    );

    // Malformed: typed errors naming what is wrong.
    let malformed = |edit: &dyn Fn(&mut http::Request<Vec<u8>>)| match changed(edit) {
        Error::MalformedRequest { field, .. } => field,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        malformed(&|r| {
            r.headers_mut().remove("x-amz-date");
        }),
        Some("X-Amz-Date".into())
    );
    assert_eq!(
        malformed(&|r| authorization(r, "/s3/aws4_request", "/sts/aws4_request")),
        Some("Credential".into())
    );
    assert_eq!(
        malformed(&|r| authorization(r, "20150830", "2015-08-30")),
        Some("Credential".into())
    );
    assert_eq!(
        malformed(&|r| uri(r, "cats%2Bdogs", "cats%zzdogs")),
        Some("path".into())
    );
    // Another scheme: the header is not this declaration's.
    assert!(matches!(
        changed(&|r| authorization(r, "AWS4-HMAC-SHA256 ", "AWS4-HMAC-SHA512 ")),
        Error::SignatureHeader { .. }
    ));
}

#[test]
fn the_date_window_and_the_replay_guard() {
    // S3 allows 15 minutes between X-Amz-Date and the server's clock.
    let guard = ReplayGuard::new(MemoryNonceStore::new(1_000), Duration::from_secs(900));
    let server_key = key("server secret");
    let now = Timestamp::from_unix_seconds(AT + 60);
    let accept = |incoming: &http::Request<Vec<u8>>| -> Result<S3Get, Error> {
        let request = S3Get::verify_request(incoming, &server_key)?;
        // Keyed by the message: one request has one message, however its text is spelled.
        guard.check(request.message()?, request.timestamp, now)?;
        Ok(request)
    };

    let incoming = sent(
        &list_request(Timestamp::from_unix_seconds(AT)),
        "server secret",
    );
    accept(&incoming).unwrap();
    // The same request again: a replay.
    assert_eq!(accept(&incoming).map(|_| ()), Err(Error::Replayed));
    // Signed a second later, it is another request.
    let next = sent(
        &list_request(Timestamp::from_unix_seconds(AT + 1)),
        "server secret",
    );
    accept(&next).unwrap();
    // Outside the window, either way: a valid signature, refused by the clock.
    for at in [AT + 60 - 901, AT + 60 + 901] {
        let stale = sent(
            &list_request(Timestamp::from_unix_seconds(at)),
            "server secret",
        );
        assert!(S3Get::verify_request(&stale, &server_key).is_ok());
        assert!(matches!(
            accept(&stale),
            Err(Error::StaleTimestamp {
                max_skew_seconds: 900,
                ..
            })
        ));
    }
}

fn presigned(at: Timestamp, expires: u32) -> S3PresignedGet {
    S3PresignedGet {
        access_key: "AKIDEXAMPLE".into(),
        path: "/photos bucket/cats+dogs/ü.txt".into(),
        timestamp: at,
        expires,
        host: "s3.example.com".into(),
        date: Timestamp::from_unix_seconds(at.unix_seconds() - at.unix_seconds() % 86_400),
        region: "eu-west-3".into(),
    }
}

#[test]
fn a_server_reads_back_and_verifies_a_presigned_url() {
    let request = presigned(Timestamp::from_unix_seconds(AT), 3600);
    let incoming = sent(&request, "server secret");
    let query = incoming.uri().query().unwrap();
    assert!(
        query.contains("X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Feu-west-3%2Fs3%2Faws4_request"),
        "{query}"
    );
    let (read, _) = S3PresignedGet::from_request(&incoming).unwrap();
    assert_eq!(read, request);
    S3PresignedGet::verify_request(&incoming, &key("server secret")).unwrap();

    let server_key = key("server secret");
    let refused = |incoming: &http::Request<Vec<u8>>| {
        S3PresignedGet::verify_request(incoming, &server_key)
            .map(|_| ())
            .unwrap_err()
    };
    assert_eq!(
        refused(&sent(&request, "another secret")),
        Error::SignatureMismatch
    );
    let changed = |from: &str, to: &str| {
        let mut incoming = sent(&request, "server secret");
        let uri = incoming.uri().to_string();
        assert!(uri.contains(from), "{uri}");
        *incoming.uri_mut() = uri.replace(from, to).parse().unwrap();
        refused(&incoming)
    };
    // A longer life, another region, another object: not what was signed.
    assert_eq!(
        changed("X-Amz-Expires=3600", "X-Amz-Expires=604800"),
        Error::SignatureMismatch
    );
    assert_eq!(
        changed("%2Feu-west-3%2F", "%2Fus-east-1%2F"),
        Error::SignatureMismatch
    );
    assert_eq!(
        changed("cats%2Bdogs", "cats%2Bcows"),
        Error::SignatureMismatch
    );
    // Malformed: typed errors naming the parameter.
    let field = |err: Error| match err {
        Error::MalformedRequest { field, .. } => field,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        field(changed("%2Fs3%2Faws4_request", "%2Fsts%2Faws4_request")),
        Some("X-Amz-Credential".into())
    );
    assert_eq!(
        field(changed("X-Amz-SignedHeaders=host&", "")),
        Some("X-Amz-SignedHeaders".into())
    );
    // Signed headers other than those the header fields give (the message is rebuilt from the
    // fields, so this one would verify without being what was signed), another algorithm.
    assert_eq!(
        field(changed(
            "X-Amz-SignedHeaders=host",
            "X-Amz-SignedHeaders=host%3Brange"
        )),
        Some("X-Amz-SignedHeaders".into())
    );
    assert_eq!(
        field(changed("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA512")),
        Some("X-Amz-Algorithm".into())
    );
    assert_eq!(
        field(changed("X-Amz-Expires=3600", "X-Amz-Expires=soon")),
        Some("X-Amz-Expires".into())
    );
    // A parameter the declaration does not name is refused (it would not be signed).
    assert_eq!(
        field(changed("X-Amz-Expires=3600", "X-Amz-Expires=3600&extra=1")),
        Some("extra".into())
    );
}

#[test]
fn a_presigned_url_lives_until_its_expiry_once() {
    // Signed at AT for 600 s; clients' clocks may run 60 s ahead of the server's.
    let guard = ReplayGuard::new(MemoryNonceStore::new(1_000), Duration::from_secs(60));
    let server_key = key("server secret");
    let accept = |incoming: &http::Request<Vec<u8>>, now: i64| -> Result<(), Error> {
        let request = S3PresignedGet::verify_request(incoming, &server_key)?;
        let expires_at = Timestamp::from_unix_seconds(
            request.timestamp.unix_seconds() + i64::from(request.expires),
        );
        guard.check_until(
            request.message()?,
            request.timestamp,
            expires_at,
            Timestamp::from_unix_seconds(now),
        )
    };
    let url = sent(
        &presigned(Timestamp::from_unix_seconds(AT), 600),
        "server secret",
    );
    assert_eq!(
        accept(&url, AT + 600),
        Err(Error::SignatureExpired {
            expires: AT + 600,
            now: AT + 600
        })
    );
    assert!(matches!(
        accept(&url, AT - 61),
        Err(Error::StaleTimestamp { .. })
    ));
    assert_eq!(accept(&url, AT + 599), Ok(()));
    assert_eq!(accept(&url, AT + 10), Err(Error::Replayed));
}

/// The same declarations behind a real server on 127.0.0.1: axum with `signing::server`'s
/// `Verified<T>` extractor (feature `axum`), the client the same declarations over reqwest.
#[cfg(feature = "axum")]
mod over_http {
    use std::sync::Arc;

    use axum::extract::FromRef;
    use axum::routing::get;
    use axum::Router;
    use signing::server::{Keys, Verified, Verifier};

    use super::*;

    #[derive(Clone)]
    struct Routes {
        header_form: Arc<Verifier<S3Get>>,
        presigned: Arc<Verifier<S3PresignedGet>>,
    }

    impl FromRef<Routes> for Arc<Verifier<S3Get>> {
        fn from_ref(routes: &Routes) -> Self {
            Arc::clone(&routes.header_form)
        }
    }

    impl FromRef<Routes> for Arc<Verifier<S3PresignedGet>> {
        fn from_ref(routes: &Routes) -> Self {
            Arc::clone(&routes.presigned)
        }
    }

    /// A store that answers with what it read back: the key and, for a listing, the prefix.
    async fn get_object(request: Verified<S3Get>) -> String {
        let prefix = request.params.iter().find(|(name, _)| name == "prefix");
        format!("{} {:?}", request.path, prefix.map(|(_, v)| v))
    }

    async fn get_presigned(request: Verified<S3PresignedGet>) -> String {
        format!("{} by {}", request.path, request.access_key)
    }

    /// The server on 127.0.0.1 (a port the system picks): `/h/..` takes the header form,
    /// `/p/..` presigned URLs, each with the replay guard (900 s of skew, S3's) and, for
    /// presigned URLs, the expiry they carry.
    async fn serve() -> (String, tokio::task::JoinHandle<()>) {
        let guard = || ReplayGuard::new(MemoryNonceStore::new(1_000), Duration::from_secs(900));
        let routes = Routes {
            header_form: Arc::new(
                Verifier::new(Keys::new(key("server secret")), guard())
                    .timestamp(|request: &S3Get| Some(request.timestamp)),
            ),
            presigned: Arc::new(
                Verifier::new(Keys::new(key("server secret")), guard())
                    .timestamp(|url: &S3PresignedGet| Some(url.timestamp))
                    .expires(|url: &S3PresignedGet| {
                        Some(url.timestamp.add_seconds(url.expires.into()))
                    }),
            ),
        };
        let router = Router::new()
            .route("/h/{*key}", get(get_object))
            .route("/p/{*key}", get(get_presigned))
            .with_state(routes);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let task = tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        (base, task)
    }

    async fn send(request: http::Request<Vec<u8>>) -> (u16, String) {
        let client = reqwest::Client::new();
        let answer = signing::client::send(&client, request).await.unwrap();
        (
            answer.status().as_u16(),
            String::from_utf8(answer.into_body()).unwrap(),
        )
    }

    #[tokio::test]
    async fn a_receiving_server_verifies_both_forms() {
        let (base, task) = serve().await;
        let host = base.trim_start_matches("http://").to_owned();
        let now = Timestamp::now();

        // The header form: accepted once, with its path and query read back.
        let request = S3Get {
            path: "/h/photos bucket/cats+dogs/ü.txt".into(),
            host: host.clone(),
            ..list_request(now)
        };
        let signed = request.sign_with(&key("server secret")).unwrap();
        let (status, body) = send(signed.http_request(&base).unwrap()).await;
        assert_eq!(
            (status, body.as_str()),
            (200, "/h/photos bucket/cats+dogs/ü.txt Some(\"cats/\")")
        );
        let (status, body) = send(signed.http_request(&base).unwrap()).await;
        assert_eq!(status, 401, "{body}");
        assert!(body.contains("replayed"), "{body}");
        let other = request.sign_with(&key("another secret")).unwrap();
        let (status, body) = send(other.http_request(&base).unwrap()).await;
        assert_eq!(status, 401, "{body}");
        assert!(body.contains("signature_mismatch"), "{body}");
        let stale = S3Get {
            host: host.clone(),
            path: "/h/old".into(),
            ..list_request(now.add_seconds(-1_000))
        };
        let signed = stale.sign_with(&key("server secret")).unwrap();
        let (status, body) = send(signed.http_request(&base).unwrap()).await;
        assert_eq!(status, 401, "{body}");
        assert!(body.contains("stale_timestamp"), "{body}");

        // A presigned URL, fetched without any header of ours: accepted once until it
        // expires; an expired one refused.
        let url = S3PresignedGet {
            path: "/p/cats/tabby.txt".into(),
            host: host.clone(),
            ..presigned(now, 300)
        }
        .sign_with(&key("server secret"))
        .unwrap()
        .url(&base)
        .unwrap();
        let client = reqwest::Client::new();
        let fetch = |url: String| {
            let client = client.clone();
            async move {
                let answer = client.get(url).send().await.unwrap();
                (answer.status().as_u16(), answer.text().await.unwrap())
            }
        };
        let (status, body) = fetch(url.clone()).await;
        assert_eq!(
            (status, body.as_str()),
            (200, "/p/cats/tabby.txt by AKIDEXAMPLE")
        );
        let (status, body) = fetch(url).await;
        assert_eq!(status, 401, "{body}");
        assert!(body.contains("replayed"), "{body}");
        let expired = S3PresignedGet {
            path: "/p/cats/tabby.txt".into(),
            host,
            ..presigned(now.add_seconds(-120), 60)
        }
        .sign_with(&key("server secret"))
        .unwrap()
        .url(&base)
        .unwrap();
        let (status, body) = fetch(expired).await;
        assert_eq!(status, 401, "{body}");
        assert!(body.contains("stale_timestamp"), "{body}");
        task.abort();
    }
}
