//! The Python interpreter of the interop virtualenv (target/pyenv, the packages pinned in
//! tests/interop/requirements.txt) and a runner for the scripts in tests/interop, shared by the
//! tests that check signatures against independent Python implementations.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use serde_json::Value;

/// The workspace root.
pub const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The Python interpreter of the virtualenv holding the pinned packages (made once).
pub fn python() -> &'static PathBuf {
    static PYTHON: OnceLock<PathBuf> = OnceLock::new();
    PYTHON.get_or_init(|| {
        if let Some(python) = std::env::var_os("SIGNING_PYTHON") {
            return PathBuf::from(python);
        }
        let env = PathBuf::from(ROOT).join("target/pyenv");
        let python = env.join("bin/python");
        if !python.exists() {
            let status = Command::new("python3")
                .args(["-m", "venv"])
                .arg(&env)
                .status()
                .expect("python3 is needed for the interop tests");
            assert!(status.success(), "python3 -m venv failed");
            let status = Command::new(env.join("bin/pip"))
                .args(["install", "-q", "-r"])
                .arg(PathBuf::from(ROOT).join("tests/interop/requirements.txt"))
                .status()
                .unwrap();
            assert!(status.success(), "pip install failed");
        }
        python
    })
}

/// Runs tests/interop/<script> `mode` with `input` as JSON on stdin; returns its JSON output.
pub fn run_python(script: &str, mode: &str, input: &Value) -> Value {
    let started = std::time::Instant::now();
    let mut child = Command::new(python())
        .arg(PathBuf::from(ROOT).join("tests/interop").join(script))
        .arg(mode)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let text = serde_json::to_vec(input).unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(&text).unwrap());
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(out.status.success(), "{script} {mode} failed");
    eprintln!("{script} {mode}: {:?}", started.elapsed());
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The POST request to `url` that one `rfc9421.py sign` answer describes: its headers, then
/// its `Signature-Input` and `Signature`, with `body`.
#[allow(dead_code)] // used by the tests that verify the package's signatures here
pub fn signed_post<B>(url: &str, signed: &Value, body: B) -> http::Request<B> {
    let mut request = http::Request::post(url);
    for pair in signed["headers"].as_array().unwrap() {
        request = request.header(pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
    }
    request
        .header(
            "signature-input",
            signed["signature_input"].as_str().unwrap(),
        )
        .header("signature", signed["signature"].as_str().unwrap())
        .body(body)
        .unwrap()
}
