#!/bin/sh
# Mutation testing of the security-critical runtime files (issue 16): every mutant cargo-mutants
# makes there must be killed by a test, or be argued equivalent in a comment at the code.
#
# Not run by CI: all the files below take about an hour on two cores. Run it before changing
# what they promise, on the files you touched:
#
#   scripts/mutants.sh                                   # every file below
#   scripts/mutants.sh signing-runtime/src/jwt/verify.rs # one file
#   MUTANTS_JOBS=2 scripts/mutants.sh ...                # more parallel builds
#
# Needs `cargo install cargo-mutants`. Results land in mutants.out/ (missed.txt, caught.txt,
# timeout.txt, unviable.txt); the exit status is non-zero when a mutant was missed.
set -eu
cd "$(dirname "$0")/.."

command -v cargo-mutants >/dev/null 2>&1 || {
    echo "cargo-mutants is not installed: cargo install cargo-mutants" >&2
    exit 2
}

if [ "$#" -eq 0 ]; then
    set -- \
        signing-runtime/src/message/mod.rs \
        signing-runtime/src/message/values.rs \
        signing-runtime/src/encoding.rs \
        signing-runtime/src/mac.rs \
        signing-runtime/src/request.rs \
        signing-runtime/src/header_format.rs \
        signing-runtime/src/parse.rs \
        signing-runtime/src/time.rs \
        signing-runtime/src/replay/mod.rs \
        signing-runtime/src/replay/memory.rs \
        signing-runtime/src/jwt/verify.rs \
        signing-runtime/src/jwt/keys.rs
fi

files=""
for file in "$@"; do
    [ -f "$file" ] || { echo "no such file: $file" >&2; exit 2; }
    files="$files --file $file"
done

# The tests that pin these files are spread over the workspace (tests/*.rs of the root package
# and signing-runtime's own), so the whole workspace's tests run against each mutant.
# shellcheck disable=SC2086
exec nice cargo mutants \
    --package signing-runtime \
    --test-workspace=true \
    --jobs "${MUTANTS_JOBS:-1}" \
    --timeout "${MUTANTS_TIMEOUT:-300}" \
    $files \
    -- --all-features
