//! Kraken spot REST: `API-Sign` is base64 HMAC-SHA512, keyed with the base64-decoded secret, of
//! the binary message `URI path || SHA-256(nonce || POST data)`; the public key goes in
//! `API-Key`. The inner hash covers only part of the message: a digest group.

use signing::{Secret, SignedRequest};

/// `POST /0/private/AddOrder`. Kraken concatenates the nonce and the POST data with nothing in
/// between (and the data repeats the nonce), so the declaration vouches for them with
/// `escape = "none"`.
#[derive(SignedRequest)]
#[signed(mac = "hmac-sha512", encoding = "base64",
         template = "{@path}{sha256(raw):{nonce}{post_data}}", escape = "none",
         signature = header("API-Sign"), key = env("KRAKEN_API_SECRET"), key_encoding = "base64",
         method = "POST", path = "/0/private/AddOrder")]
struct AddOrder<'a> {
    nonce: u64,
    #[signed(body)]
    post_data: &'a str,
    #[signed(header = "API-Key")]
    api_key: &'a str,
}

/// Kraken's published example (docs.kraken.com/api/docs/guides/spot-rest-auth, "Examples").
const SECRET: &str =
    "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==";
const POST_DATA: &str =
    "nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25";
// The API-Sign of that example, recomputed with
// python3 -c "import hmac,hashlib,base64;s=base64.b64decode('kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==');m=b'/0/private/AddOrder'+hashlib.sha256(b'1616492376594nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25').digest();print(base64.b64encode(hmac.new(s,m,hashlib.sha512).digest()).decode())"
const API_SIGN: &str =
    "4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==";

fn order() -> AddOrder<'static> {
    AddOrder {
        nonce: 1_616_492_376_594,
        post_data: POST_DATA,
        api_key: "kraken-public-key",
    }
}

#[test]
fn published_example() {
    let signed = order()
        .sign_with(&Secret::from_base64(SECRET).unwrap())
        .unwrap();
    let message = signed.message();
    assert_eq!(&message[..19], b"/0/private/AddOrder");
    // python3 -c "import hashlib;print(hashlib.sha256(b'1616492376594nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25').hexdigest())"
    assert_eq!(
        hex::encode(&message[19..]),
        "23a1c1b34c6a11d641af0f24684896cb90f66fb991125c83dc357bdc3dc146f1"
    );
    assert_eq!(signed.signature(), API_SIGN);
    assert_eq!(
        signed.headers().collect::<Vec<_>>(),
        [("API-Key", "kraken-public-key"), ("API-Sign", API_SIGN)]
    );
    assert_eq!(signed.body(), Some(POST_DATA.as_bytes()));
}

/// The only test that sets `KRAKEN_API_SECRET`.
#[test]
fn the_declared_key_is_base64_text() {
    std::env::set_var("KRAKEN_API_SECRET", SECRET);
    assert_eq!(order().sign().unwrap().signature(), API_SIGN);
}
