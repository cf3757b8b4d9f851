#!/usr/bin/env bash
# README's test command. On a fresh machine it first installs what the tests need, then runs
#   cargo test --workspace --all-features
# (extra arguments are passed on to it, e.g. `bash scripts/test.sh --test fleet_replay`).
#
# What the tests need besides Rust:
# - redis-server (Debian's package): the fleet tests (tests/fleet_*.rs) start their own servers
#   on 127.0.0.1 and a free port;
# - a Python virtualenv (target/pyenv) with the independent implementations pinned in
#   tests/interop/requirements.txt, which tests/interop_python.rs checks signatures against.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! command -v redis-server >/dev/null 2>&1; then
  echo "== installing redis-server (Debian)"
  apt_install redis-server
  # Debian's package starts a system-wide redis on port 6379; the tests use their own.
  (as_root service redis-server stop || as_root systemctl stop redis-server) >/dev/null 2>&1 || true
fi
echo "== $(redis-server --version)"

# A virtualenv copied or moved from elsewhere keeps dead paths: make it anew when it does not run.
if ! target/pyenv/bin/python -m pip --version >/dev/null 2>&1; then
  rm -rf target/pyenv
  echo "== python virtualenv target/pyenv"
  mkdir -p target
  if ! python3 -m venv target/pyenv >/dev/null 2>&1; then
    # Debian splits venv (ensurepip) out of python3.
    apt_install python3-venv
    rm -rf target/pyenv
    python3 -m venv target/pyenv
  fi
fi
target/pyenv/bin/python -m pip install -q --disable-pip-version-check -r tests/interop/requirements.txt
export SIGNING_PYTHON="$PWD/target/pyenv/bin/python"

echo "== cargo test --workspace --all-features $*"
exec cargo test --workspace --all-features "$@"
