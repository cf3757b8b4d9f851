//! Compile-time checks of `#[derive(SignedRequest)]`: each tests/ui/<what-is-wrong>.rs must fail
//! with exactly the error in its .stderr, spanned on the offending token.

#[rustversion::attr(not(stable(1.95)), ignore = "ui tests are pinned to the CI toolchain")] // STABLE
#[cfg_attr(miri, ignore)]
#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
