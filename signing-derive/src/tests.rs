//! In-process tests of parsing and validation (darling's `tests/accrue_errors.rs` style): a
//! `DeriveInput` is built with `parse_quote!`, run through `ast` + `valid`, and the collected
//! errors are counted and read. trybuild (tests/ui) checks the same rules through rustc, with
//! spans.

use syn::{parse_quote, DeriveInput};

use crate::ast::Input;
use crate::attr::did_you_mean;
use crate::ctxt::Ctxt;

/// Every error message, in the order they were reported.
fn errors_of(node: &DeriveInput) -> Vec<String> {
    let cx = Ctxt::new();
    if let Some(input) = Input::from_syn(&cx, node) {
        input.validate(&cx);
    }
    match cx.check() {
        Ok(()) => Vec::new(),
        Err(combined) => combined.into_iter().map(|e| e.to_string()).collect(),
    }
}

#[test]
fn a_full_declaration_is_accepted() {
    let input: DeriveInput = parse_quote! {
        #[signed(mac = "hmac-sha512", encoding = "base64url-nopad", sort, rename_all = "SCREAMING-KEBAB-CASE",
                 escape = "form", pair_separator = "&", kv_separator = "=", key = file("/run/key"),
                 key_encoding = "hex", trim_key, strict_keys, signature = header("X-Sig", prefix = "v1="),
                 method = "POST", path = "/v1/orders")]
        struct Order<'a, T: Display> {
            #[signed(rename = "sym")] symbol: &'a str,
            amount: T,
            #[signed(timestamp = "rfc3339-micros")] at: Option<Timestamp>,
            #[signed(digest = "sha384", digest_encoding = "raw")] hash: Vec<u8>,
            #[signed(with = "fmt::write")] custom: u64,
            #[signed(header = "X-Api-Key")] api_key: &'a str,
            #[signed(body)] body: Vec<u8>,
            #[signed(skip)] note: String,
        }
    };
    assert_eq!(errors_of(&input), Vec::<String>::new());
}

#[test]
fn every_error_of_a_struct_is_reported() {
    let input: DeriveInput = parse_quote! {
        #[signed(mac = "hmac-sha265", encodng = "hex", lifetime = 10)]
        #[signed(mac = "hmac-sha1")]
        struct Request {
            #[signed(timestamp = "unix-milis", skip)] at: Timestamp,
            #[signed(rename = "x")] a: u8,
            #[signed(rename = "x")] b: u8,
        }
    };
    let errors = errors_of(&input);
    assert_eq!(errors.len(), 6, "{errors:#?}");
    assert_eq!(
        errors[0],
        "unknown `mac` value \"hmac-sha265\"; did you mean \"hmac-sha256\"?"
    );
    assert!(errors[1].contains("`encodng`") && errors[1].contains("did you mean `encoding`?"));
    assert_eq!(errors[2], "duplicate #[signed(mac)] attribute");
    assert!(errors[3].contains("did you mean \"unix-millis\"?"));
    assert!(errors[4].starts_with("`lifetime` only applies to jwt"));
    assert!(errors[5].starts_with("duplicate query name `x`"));
}

#[test]
fn shapes_other_than_named_structs() {
    let inputs: [DeriveInput; 4] = [
        parse_quote!(
            #[signed(mac = "hmac-sha256")]
            struct A(u8);
        ),
        parse_quote!(
            #[signed(mac = "hmac-sha256")]
            struct B;
        ),
        parse_quote!(
            #[signed(mac = "hmac-sha256")]
            enum C {
                X,
            }
        ),
        parse_quote!(#[signed(mac = "hmac-sha256")] union D { x: u8 }),
    ];
    for input in &inputs {
        let errors = errors_of(input);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].starts_with("#[derive(SignedRequest)] needs a struct with named fields"));
    }
}

#[test]
fn family_is_exactly_one_of_mac_and_jwt() {
    let both: DeriveInput = parse_quote!(
        #[signed(mac = "hmac-sha256", jwt = "RS256")]
        struct A {
            x: u8,
        }
    );
    assert!(errors_of(&both)[0].starts_with("`mac` and `jwt` cannot both be given"));
    let neither: DeriveInput = parse_quote!(
        struct A {
            x: u8,
        }
    );
    assert!(errors_of(&neither)[0].starts_with("missing #[signed(mac = \"..\")]"));
    // A refused value still counts as given: no "missing" on top of "unknown".
    let bad: DeriveInput = parse_quote!(
        #[signed(jwt = "RS257")]
        struct A {
            x: u8,
        }
    );
    assert_eq!(errors_of(&bad).len(), 1);
}

#[test]
fn template_rules() {
    let input: DeriveInput = parse_quote! {
        #[signed(mac = "hmac-sha256", template = "{a}{b}:{c}:{k}", sort)]
        struct T {
            #[signed(rename = "A")] a: u8,
            b: u8,
            d: u8,
            #[signed(header = "X-H")] h: u8,
            #[signed(key)] k: Secret,
        }
    };
    let errors = errors_of(&input);
    assert_eq!(errors.len(), 6, "{errors:#?}");
    assert!(errors[0].starts_with("`sort` has no effect with `template`"));
    assert!(errors[1].starts_with("`rename` has no effect with `template`"));
    assert_eq!(
        errors[2],
        "template placeholder `{c}` names no field; did you mean `{a}`?"
    );
    assert!(errors[3].contains("names field `k`, which holds the key"));
    // `h` is a header: a template may leave it out.
    assert!(errors[4].starts_with("field `d` is not in the template"));
    assert!(errors[5].starts_with("placeholders `{a}` and `{b}` are adjacent"));

    let none: DeriveInput = parse_quote! {
        #[signed(mac = "hmac-sha256", template = "{a}{b}", escape = "none")]
        struct T { a: u8, b: u8 }
    };
    assert_eq!(errors_of(&none), Vec::<String>::new());
}

#[test]
fn separators_under_percent_encoding() {
    let rfc: DeriveInput = parse_quote! {
        #[signed(mac = "hmac-sha256", escape = "rfc3986", pair_separator = "~", kv_separator = "+")]
        struct Q { a: u8 }
    };
    let errors_rfc = errors_of(&rfc);
    assert_eq!(errors_rfc.len(), 1, "{errors_rfc:#?}");
    assert!(errors_rfc[0].starts_with("`pair_separator` \"~\" is made only of characters"));
    // `~` is escaped by the form encoding, so it is a fine separator there.
    let form: DeriveInput = parse_quote! {
        #[signed(mac = "hmac-sha256", escape = "form", pair_separator = "~", kv_separator = ".")]
        struct Q { a: u8 }
    };
    // The kv separator gets the same check (issue 16, finding 4): names are fixed and may not
    // contain it as written, which alone keeps the pairs apart, and a kv separator no value
    // or name can be written as keeps the reasoning local.
    let errors_form = errors_of(&form);
    assert_eq!(errors_form.len(), 1, "{errors_form:#?}");
    assert!(errors_form[0].starts_with("`kv_separator` \".\" is made only of characters"));
    let name: DeriveInput = parse_quote! {
        #[signed(mac = "hmac-sha256", kv_separator = ".")]
        struct Q { #[signed(rename = "a.b")] a: u8 }
    };
    assert!(errors_of(&name)[0].starts_with("query name `a.b` contains the kv separator"));
    let empty: DeriveInput = parse_quote! {
        #[signed(mac = "hmac-sha256", pair_separator = "", kv_separator = "")]
        struct Q { a: u8 }
    };
    assert_eq!(errors_of(&empty).len(), 1);
    let empty_none: DeriveInput = parse_quote! {
        #[signed(mac = "hmac-sha256", pair_separator = "", kv_separator = "", escape = "none")]
        struct Q { a: u8 }
    };
    assert_eq!(errors_of(&empty_none), Vec::<String>::new());
}

#[test]
fn jwt_rules() {
    let input: DeriveInput = parse_quote! {
        #[signed(jwt = "EdDSA", lifetime = 600, max_lifetime = 60, template = "{a}", key_encoding = "hex")]
        struct C {
            #[signed(rename = "b")] a: u8,
            #[signed(key)] key: PrivateKey,
        }
    };
    let errors = errors_of(&input);
    assert_eq!(errors.len(), 4, "{errors:#?}");
    assert!(errors[0].starts_with("`template` only applies to MAC requests"));
    assert!(errors[1].starts_with("`key_encoding` only applies to MAC requests"));
    assert!(errors[2].starts_with("`lifetime = 600` is longer than `max_lifetime = 60`"));
    assert!(errors[3].starts_with("#[signed(rename)] only applies to MAC requests"));
}

#[test]
fn field_rules() {
    let input: DeriveInput = parse_quote! {
        #[signed(mac = "hmac-sha256", key = env("K"))]
        struct R {
            #[signed(skip, header = "X")] a: u8,
            #[signed(key, rename = "k")] b: Secret,
            #[signed(timestamp = "rfc3339", digest = "sha256")] c: Timestamp,
            #[signed(digest_encoding = "hex")] d: u8,
            #[signed(header = "X-E", body)] e: Vec<u8>,
            #[signed(body)] f: Vec<u8>,
            #[signed(with = "1 + 1")] g: u8,
            #[signed(sort)] h: u8,
            #[signed(skip = true)] i: u8,
        }
    };
    let errors = errors_of(&input);
    let expected = [
        "`with` expects a path",
        "`sort` is a container attribute",
        "`skip` takes no value",
        "`key` given twice",
        "a request has one body, and field `e` already is it",
        "`skip` and `header` cannot both be given",
        "`key` and `rename` cannot both be given",
        "`timestamp` and `digest` cannot both be given",
        "`digest_encoding` needs `digest",
        "`header` and `body` cannot both be given",
    ];
    assert_eq!(errors.len(), expected.len(), "{errors:#?}");
    for (error, start) in errors.iter().zip(expected) {
        assert!(
            error.starts_with(start),
            "{error:?} should start with {start:?}"
        );
    }
}

#[test]
fn suggestions() {
    let keys = ["encoding", "escape", "key", "kid"];
    assert_eq!(did_you_mean("encodng", keys.into_iter()), Some("encoding"));
    assert_eq!(did_you_mean("ky", keys.into_iter()), Some("key"));
    assert_eq!(did_you_mean("frobnicate", keys.into_iter()), None);
    assert_eq!(
        did_you_mean("CAMELCASE", ["camelCase"].into_iter()),
        Some("camelCase")
    );
    assert_eq!(
        did_you_mean("hmac-sha265", ["hmac-sha1", "hmac-sha256"].into_iter()),
        Some("hmac-sha256")
    );
}

#[test]
fn expansion_is_errors_plus_a_stub_on_error_and_an_impl_otherwise() {
    let bad: DeriveInput = parse_quote!(
        #[signed(mac = "nope")]
        struct A {
            x: u8,
        }
    );
    let tokens = crate::expand::derive(&bad).to_string();
    assert!(tokens.contains("compile_error"));
    assert!(tokens.contains(":: signing :: __private :: SignedRequest for A"));
    let good: DeriveInput = parse_quote!(
        #[signed(mac = "hmac-sha1")]
        struct A {
            x: u8,
        }
    );
    let tokens = crate::expand::derive(&good).to_string();
    assert!(!tokens.contains("compile_error"));
    assert!(tokens.contains(":: signing :: __private :: MacRequest for A"));
    assert!(tokens.contains(":: signing :: __private :: MacAlgorithm :: HmacSha1"));
    assert!(!tokens.contains("DeclaredKey"));
}

#[test]
fn an_unknown_header_option_does_not_hide_the_rest_of_the_attribute() {
    // Signature header: the option is reported and skipped, the keys after it still read.
    let input: DeriveInput = parse_quote! {
        #[signed(mac = "hmac-sha256", signature = header("X-Sig", prefx = "v1=", format = "{signature}"), encodng = "hex")]
        struct R { a: u8 }
    };
    let errors = errors_of(&input);
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert!(errors[0].starts_with("unknown `header(..)` option `prefx`"));
    assert!(errors[1].starts_with("parameter 1 of `format` is not `name=value`"));
    assert!(errors[2].contains("did you mean `encoding`?"));
    // Container header: the header is dropped, the keys after it still read.
    let input: DeriveInput = parse_quote! {
        #[signed(mac = "hmac-sha256", header("X-H", fromat = "{a}"), escape = "nope")]
        struct R { a: u8 }
    };
    let errors = errors_of(&input);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(errors[0].starts_with("unknown `header(..)` option `fromat`"));
    assert!(errors[1].starts_with("unknown `escape` value \"nope\""));
}

#[test]
fn from_signed_query_reports_attribute_errors_too() {
    // Derived alone, FromSignedQuery must not turn a mistake into a stub that compiles.
    let bad: DeriveInput = parse_quote!(
        #[signed(mac = "hmac-sha256", signature = query("s"), escape = "nope")]
        struct A {
            x: u8,
        }
    );
    let tokens = crate::expand::derive_from_query(&bad).to_string();
    assert!(tokens.contains("compile_error"), "{tokens}");
    assert!(tokens.contains("unknown `escape` value"), "{tokens}");
    assert!(tokens.contains(":: signing :: __private :: FromSignedQuery for A"));
}

/// `attr.rs`'s list of derived components is the runtime's: each is the name of the runtime's
/// component of that name (a proc-macro crate cannot depend on the runtime, so the list is
/// written twice and checked here).
#[test]
fn derived_components_are_the_runtimes() {
    use signing_runtime::httpsig::Component;
    let runtime = [
        Component::method(),
        Component::target_uri(),
        Component::authority(),
        Component::scheme(),
        Component::request_target(),
        Component::path(),
        Component::query(),
        Component::query_param("x"),
        Component::status(),
    ];
    let names: Vec<&str> = runtime.iter().map(Component::name).collect();
    assert_eq!(names, crate::attr::DERIVED_COMPONENTS);
}

/// An `algorithm` declaration with `http_signature(..)` and every parameter is accepted.
#[test]
fn an_http_signature_declaration_is_accepted() {
    let input: DeriveInput = parse_quote! {
        #[signed(algorithm = "ed25519", method = "POST", path = "/foo", key = env("K"),
                 key_format = "jwk",
                 http_signature(label = "sig-a", components("@method", "@path", "@query",
                     "@authority", "@scheme", "@target-uri", "@request-target",
                     "@query-param;name=\"Pet\"", "content-type"),
                     created = "{created}", expires = "1700000300", keyid = "{key_id}",
                     nonce = "{nonce}", tag = "app", alg, scheme = "https"))]
        struct Request {
            #[signed(header = "Host")]
            host: String,
            #[signed(header = "Content-Type")]
            content_type: String,
            #[signed(query, rename = "Pet")]
            pet: String,
            created: Timestamp,
            key_id: String,
            nonce: Option<String>,
        }
    };
    assert_eq!(errors_of(&input), Vec::<String>::new());
}
