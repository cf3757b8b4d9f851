//! SigV4 declarations against a real S3-compatible server on 127.0.0.1.
//!
//! The server is `s3s-fs` (s3s's file-system store, built for integration tests), run in this
//! process with `SimpleAuth`: it verifies AWS Signature Version 4 itself, in the header form
//! (`Authorization`, `x-amz-content-sha256` checked against the body) and the presigned query
//! form (`X-Amz-Expires` checked against its own clock). Every request below is signed by a
//! `#[derive(SignedRequest)]` declaration; the test writes no canonical request, key or header
//! code. The refusals asserted are the server's own S3 error codes from its XML answer.

use std::net::SocketAddr;
use std::path::PathBuf;

use signing::derived_key::{ChainKey, KeyChain};
use signing::{FromSignedQuery, MacAlgorithm, Secret, SignedRequest, Timestamp, TimestampFormat};

const ACCESS_KEY: &str = "AKIDS3SFSTEST";
const SECRET: &str = "s3s-fs test secret/with+symbols";
const REGION: &str = "us-east-1";

const SIGV4: KeyChain = KeyChain {
    prefix: "AWS4",
    algorithm: MacAlgorithm::HmacSha256,
};

/// An S3 request in the `Authorization` header form, one declaration per method (the method is
/// written by `{@method}` and sent as declared). The payload hash is a header field
/// (`x-amz-content-sha256`, the body's SHA-256) that is both signed among `{@headers}` and the
/// canonical request's last line.
macro_rules! s3_request {
    ($name:ident, $method:tt) => {
        #[derive(SignedRequest)]
        #[signed(
            mac = "hmac-sha256",
            method = $method,
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
        struct $name<'a> {
            access_key: &'a str,
            #[signed(path)]
            path: &'a str,
            #[signed(flatten)]
            params: Vec<(&'a str, &'a str)>,
            #[signed(header = "Host")]
            host: &'a str,
            #[signed(header = "X-Amz-Date", timestamp = "iso8601-basic")]
            timestamp: Timestamp,
            #[signed(header = "x-amz-content-sha256", digest = "sha256")]
            content_sha256: &'a [u8],
            #[signed(timestamp = "date-basic")]
            date: Timestamp,
            region: &'a str,
            #[signed(body)]
            body: &'a [u8],
        }
    };
}

s3_request!(S3Put, "PUT");
s3_request!(S3Get, "GET");

#[path = "support/s3_presigned.rs"]
mod s3_presigned;
use s3_presigned::S3PresignedGet;

/// The s3s-fs server on 127.0.0.1 (port chosen by the system), its data in a fresh directory;
/// dropped, it stops serving and removes the directory.
struct Server {
    addr: SocketAddr,
    root: PathBuf,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    async fn start() -> Server {
        use hyper_util::rt::{TokioExecutor, TokioIo};
        use hyper_util::server::conn::auto::Builder;

        // One directory per server: the tests run at once, in one process.
        static SERVERS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let root = std::env::temp_dir().join(format!(
            "signing-s3s-fs-{}-{}-{}",
            std::process::id(),
            SERVERS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            Timestamp::now().unix_millis()
        ));
        std::fs::create_dir_all(&root).unwrap();
        let fs = s3s_fs::FileSystem::new(&root).unwrap();
        let mut builder = s3s::service::S3ServiceBuilder::new(fs);
        builder.set_auth(s3s::auth::SimpleAuth::from_single(ACCESS_KEY, SECRET));
        let service = builder.build();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let task = tokio::spawn(async move {
            let http = Builder::new(TokioExecutor::new());
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    continue;
                };
                let conn = http
                    .serve_connection(TokioIo::new(socket), service.clone())
                    .into_owned();
                tokio::spawn(async move {
                    let _ = conn.await;
                });
            }
        });
        Server { addr, root, task }
    }

    fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn host(&self) -> String {
        self.addr.to_string()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// The parts of a request that are not the declaration's own: where, when, with which key.
struct Client {
    http: reqwest::Client,
    base: String,
    host: String,
    key: ChainKey,
}

/// The server's answer: status, S3 error code (if any), body.
struct Answer {
    status: u16,
    body: Vec<u8>,
}

impl Answer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The `<Code>` of an S3 error answer.
    fn code(&self) -> Option<String> {
        let text = self.text();
        let start = text.find("<Code>")? + "<Code>".len();
        let end = start + text[start..].find("</Code>")?;
        Some(text[start..end].to_owned())
    }
}

impl Client {
    fn new(server: &Server, secret: &str) -> Client {
        Client {
            http: reqwest::Client::new(),
            base: server.base(),
            host: server.host(),
            key: ChainKey::new(Secret::new(secret), SIGV4),
        }
    }

    async fn send(&self, request: http::Request<Vec<u8>>) -> Answer {
        let answer = signing::client::send(&self.http, request).await.unwrap();
        Answer {
            status: answer.status().as_u16(),
            body: answer.into_body(),
        }
    }

    fn put_request(&self, path: &str, body: &[u8]) -> http::Request<Vec<u8>> {
        let now = Timestamp::now();
        S3Put {
            access_key: ACCESS_KEY,
            path,
            params: vec![],
            host: &self.host,
            timestamp: now,
            content_sha256: body,
            date: now,
            region: REGION,
            body,
        }
        .sign_with(&self.key)
        .unwrap()
        .http_request(&self.base)
        .unwrap()
    }

    fn get_request(&self, path: &str, params: Vec<(&str, &str)>) -> http::Request<Vec<u8>> {
        let now = Timestamp::now();
        S3Get {
            access_key: ACCESS_KEY,
            path,
            params,
            host: &self.host,
            timestamp: now,
            content_sha256: b"",
            date: now,
            region: REGION,
            body: b"",
        }
        .sign_with(&self.key)
        .unwrap()
        .http_request(&self.base)
        .unwrap()
    }

    async fn put(&self, path: &str, body: &[u8]) -> Answer {
        self.send(self.put_request(path, body)).await
    }

    async fn get(&self, path: &str, params: Vec<(&str, &str)>) -> Answer {
        self.send(self.get_request(path, params)).await
    }

    /// A presigned GET URL for `path`, signed at `at`, valid `expires` seconds.
    fn presign(&self, path: &str, at: Timestamp, expires: u32) -> String {
        S3PresignedGet {
            access_key: ACCESS_KEY.into(),
            path: path.into(),
            timestamp: at,
            expires,
            date: at,
            region: REGION.into(),
            host: self.host.clone(),
        }
        .sign_with(&self.key)
        .unwrap()
        .url(&self.base)
        .unwrap()
    }

    /// Fetches a URL as it is, with no signature of its own (a browser following a link).
    async fn fetch(&self, url: &str) -> Answer {
        let response = self.http.get(url).send().await.unwrap();
        Answer {
            status: response.status().as_u16(),
            body: response.bytes().await.unwrap().to_vec(),
        }
    }
}

#[tokio::test]
async fn declarations_drive_a_real_s3_server() {
    let server = Server::start().await;
    let s3 = Client::new(&server, SECRET);

    // CreateBucket, then PutObject of three objects, two under one prefix.
    let created = s3.put("/photos-bucket", b"").await;
    assert_eq!(created.status, 200, "{}", created.text());
    let objects: [(&str, &[u8]); 3] = [
        ("/photos-bucket/cats/tabby.txt", b"a tabby cat"),
        (
            "/photos-bucket/cats/black and white.txt",
            b"a cat in two colours",
        ),
        ("/photos-bucket/dogs/beagle.txt", b"a beagle"),
    ];
    for (path, body) in objects {
        let put = s3.put(path, body).await;
        assert_eq!(put.status, 200, "{path}: {}", put.text());
    }

    // GetObject returns what was put (a key with spaces included).
    for (path, body) in objects {
        let got = s3.get(path, vec![]).await;
        assert_eq!(got.status, 200, "{path}: {}", got.text());
        assert_eq!(got.body, body, "{path}");
    }

    // ListObjectsV2 with a prefix: the query parameters are a `flatten` field, signed by
    // `{@query}` and sent in the URL.
    let listed = s3
        .get(
            "/photos-bucket",
            vec![("list-type", "2"), ("prefix", "cats/")],
        )
        .await;
    assert_eq!(listed.status, 200, "{}", listed.text());
    let listing = listed.text();
    assert!(listing.contains("<Key>cats/tabby.txt</Key>"), "{listing}");
    assert!(
        listing.contains("<Key>cats/black and white.txt</Key>"),
        "{listing}"
    );
    assert!(!listing.contains("dogs/"), "{listing}");
    assert!(listing.contains("<KeyCount>2</KeyCount>"), "{listing}");

    // A presigned URL, fetched with no header of ours.
    let url = s3.presign("/photos-bucket/cats/tabby.txt", Timestamp::now(), 300);
    assert!(url.contains("X-Amz-Signature="), "{url}");
    let fetched = s3.fetch(&url).await;
    assert_eq!(fetched.status, 200, "{}", fetched.text());
    assert_eq!(fetched.body, b"a tabby cat");
    // The receiving side of the same declaration accepts what s3s accepted, and reads back
    // who signed it for which object.
    let received = http::Request::get(&url)
        .header("host", server.host())
        .body(Vec::new())
        .unwrap();
    let read = S3PresignedGet::verify_request(&received, &s3.key).unwrap();
    assert_eq!(
        (
            read.access_key.as_str(),
            read.path.as_str(),
            read.region.as_str()
        ),
        (ACCESS_KEY, "/photos-bucket/cats/tabby.txt", REGION)
    );
}

#[tokio::test]
async fn the_server_refuses_what_the_declarations_did_not_sign() {
    let server = Server::start().await;
    let s3 = Client::new(&server, SECRET);
    assert_eq!(s3.put("/bucket", b"").await.status, 200);
    assert_eq!(s3.put("/bucket/object", b"the object").await.status, 200);

    // Signed with another secret: the server's SignatureDoesNotMatch, in both forms.
    let wrong = Client::new(&server, "not the secret");
    for answer in [
        wrong.get("/bucket/object", vec![]).await,
        wrong.put("/bucket/other", b"x").await,
        wrong
            .fetch(&wrong.presign("/bucket/object", Timestamp::now(), 300))
            .await,
    ] {
        assert_eq!(answer.status, 403, "{}", answer.text());
        assert_eq!(
            answer.code().as_deref(),
            Some("SignatureDoesNotMatch"),
            "{}",
            answer.text()
        );
    }

    // A presigned URL signed 120 s ago for 60 s: the server's own clock says it has expired.
    let expired = s3.presign(
        "/bucket/object",
        Timestamp::from_unix_seconds(Timestamp::now().unix_seconds() - 120),
        60,
    );
    let answer = s3.fetch(&expired).await;
    assert_eq!(answer.status, 403, "{}", answer.text());
    assert_eq!(
        answer.code().as_deref(),
        Some("AccessDenied"),
        "{}",
        answer.text()
    );
    assert!(answer.text().contains("expired"), "{}", answer.text());

    // The server checks what was signed, not only that a signature is there. Each request
    // below was signed correctly and then changed on its way; each is refused.
    // - Another body under the same signed headers: `x-amz-content-sha256` no longer matches
    //   it. s3s-fs checks the hash while it stores the body, answers 500 InternalError and
    //   keeps nothing.
    let mut request = s3.put_request("/bucket/tampered", b"the object");
    *request.body_mut() = b"another object".to_vec();
    let answer = s3.send(request).await;
    assert!(answer.status >= 400, "{}", answer.text());
    let answer = s3.get("/bucket/tampered", vec![]).await;
    assert_eq!(answer.status, 404, "{}", answer.text());
    assert_eq!(answer.code().as_deref(), Some("NoSuchKey"));
    // - A signed header changed (`X-Amz-Date` one second later).
    let mut request = s3.get_request("/bucket/object", vec![]);
    let date = request.headers()["x-amz-date"].to_str().unwrap().to_owned();
    let later = Timestamp::parse(&date, TimestampFormat::Iso8601Basic).unwrap();
    let later = Timestamp::from_unix_seconds(later.unix_seconds() + 1)
        .format(TimestampFormat::Iso8601Basic);
    request
        .headers_mut()
        .insert("x-amz-date", later.parse().unwrap());
    let answer = s3.send(request).await;
    assert_eq!(answer.status, 403, "{}", answer.text());
    assert_eq!(answer.code().as_deref(), Some("SignatureDoesNotMatch"));
    // - Another query than the one signed.
    let mut request = s3.get_request("/bucket", vec![("list-type", "2"), ("prefix", "obj")]);
    *request.uri_mut() = request
        .uri()
        .to_string()
        .replace("prefix=obj", "prefix=other")
        .parse()
        .unwrap();
    let answer = s3.send(request).await;
    assert_eq!(answer.status, 403, "{}", answer.text());
    assert_eq!(answer.code().as_deref(), Some("SignatureDoesNotMatch"));
    // - Another object than the one presigned.
    assert_eq!(s3.put("/bucket/secret", b"not for you").await.status, 200);
    let url = s3.presign("/bucket/object", Timestamp::now(), 300);
    let answer = s3
        .fetch(&url.replace("/bucket/object", "/bucket/secret"))
        .await;
    assert_eq!(answer.status, 403, "{}", answer.text());
    assert_eq!(answer.code().as_deref(), Some("SignatureDoesNotMatch"));
    // The receiving side of the declaration refuses the same URL, and the one signed with
    // another secret; the expired one verifies (its signature is good) and its window refuses
    // it, as s3s's clock did.
    let ours = |url: &str| {
        let received = http::Request::get(url)
            .header("host", server.host())
            .body(Vec::new())
            .unwrap();
        S3PresignedGet::verify_request(&received, &s3.key)
    };
    assert!(ours(&url).is_ok());
    assert_eq!(
        ours(&url.replace("/bucket/object", "/bucket/secret")).err(),
        Some(signing::Error::SignatureMismatch)
    );
    assert_eq!(
        ours(&wrong.presign("/bucket/object", Timestamp::now(), 300)).err(),
        Some(signing::Error::SignatureMismatch)
    );
    let read = ours(&expired).unwrap();
    let guard = signing::replay::ReplayGuard::new(
        signing::replay::MemoryNonceStore::new(16),
        std::time::Duration::from_secs(900),
    );
    assert!(matches!(
        guard.check_until(
            read.message().unwrap(),
            read.timestamp,
            read.timestamp.add_seconds(read.expires.into()),
            Timestamp::now(),
        ),
        Err(signing::Error::SignatureExpired { .. })
    ));
    // - No signature at all.
    let answer = s3.fetch(&format!("{}/bucket/object", server.base())).await;
    assert_eq!(answer.status, 403, "{}", answer.text());
    assert_eq!(answer.code().as_deref(), Some("AccessDenied"));
}
