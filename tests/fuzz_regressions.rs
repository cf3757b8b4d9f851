//! Every input the fuzz targets (`fuzz/`) ever failed on, replayed through the same checks:
//! tests/fuzz_regressions/<target>/<what it found>. The fuzz crate itself is not needed here.

#[path = "support/fuzz_shapes.rs"]
mod shapes;

#[cfg(feature = "jwt")]
#[path = "support/fuzz_keys.rs"]
mod keys;

use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(target);
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        {
            continue;
        }
        let data = std::fs::read(&path).unwrap();
        println!("{}", path.display());
        check(&data);
        count += 1;
    }
    count
}

#[test]
fn from_query_regressions() {
    assert!(
        replay("from_query", |data| {
            shapes::check_query(data);
            shapes::check_request(data);
        }) > 0
    );
}

#[test]
fn verify_regressions() {
    replay("verify", shapes::check_verify);
}

#[cfg(feature = "jwt")]
#[test]
fn pem_keys_regressions() {
    replay("pem_keys", keys::check_pem);
}

#[cfg(feature = "jwt")]
#[test]
fn jwt_decode_regressions() {
    replay("jwt_decode", keys::check_jwt);
}
