"""RFC 9421 through the Python package `http-message-signatures` (an independent implementation),
for tests/interop_python.rs.

    python rfc9421.py verify < input.json   # verifies signatures made by the Rust crate
    python rfc9421.py sign < input.json     # signs the cases; prints them with the headers

The input: {"keys": {keyid: path of a PEM private key, or of a base64 HMAC secret (.b64)},
"cases": [case...]}. A case: {"alg", "keyid", "label", "method", "url", "status", "headers": [[name, value]...],
"covered": [component ids as Signature-Input writes them], "created", "expires", "nonce", "tag",
"signature_input", "signature", "body"?}. With a "body" (text), `sign` has the package compute
the `Content-Digest` (sha-512) itself and cover it, and returns the headers with it. `verify` prints {"ok": n, "failures": [...]}; `sign` prints the
cases with "signature_input" and "signature" filled in.
"""

import base64
import datetime
import json
import sys

import http_message_signatures as hms
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from http_message_signatures import algorithms

ALGORITHMS = {
    "rsa-pss-sha512": algorithms.RSA_PSS_SHA512,
    "rsa-v1_5-sha256": algorithms.RSA_V1_5_SHA256,
    "hmac-sha256": algorithms.HMAC_SHA256,
    "ecdsa-p256-sha256": algorithms.ECDSA_P256_SHA256,
    "ecdsa-p384-sha384": algorithms.ECDSA_P384_SHA384,
    "ed25519": algorithms.ED25519,
}


class Message:
    def __init__(self, case):
        self.headers = {}
        for name, value in case["headers"]:
            self.headers[name] = value
        if case.get("status") is not None:
            self.status_code = case["status"]
        else:
            self.method = case["method"]
            self.url = case["url"]


class Keys(hms.HTTPSignatureKeyResolver):
    """Private keys from files; each public key is derived from its private key."""

    def __init__(self, paths):
        self.keys = {}
        for key_id, path in paths.items():
            with open(path, "rb") as f:
                data = f.read()
            if path.endswith(".b64"):
                self.keys[key_id] = (base64.b64decode(data.strip()),) * 2
            else:
                private = load_pem_private_key(data, password=None)
                self.keys[key_id] = (private, private.public_key())

    def resolve_public_key(self, key_id):
        return self.keys[key_id][1]

    def resolve_private_key(self, key_id):
        return self.keys[key_id][0]


def when(seconds):
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.timezone.utc)


def verify(cases, keys):
    ok, failures = 0, []
    for i, case in enumerate(cases):
        message = Message(case)
        message.headers["Signature-Input"] = case["signature_input"]
        message.headers["Signature"] = case["signature"]
        verifier = hms.HTTPMessageVerifier(signature_algorithm=ALGORITHMS[case["alg"]], key_resolver=keys)
        try:
            results = verifier.verify(message, max_age=None)
            assert len(results) == 1 and results[0].label == case["label"], results
            ok += 1
        except Exception as e:  # noqa: BLE001 - every failure is reported
            if len(failures) < 5:
                failures.append({"case": i, "error": f"{type(e).__name__}: {e}", "input": case["signature_input"]})
    return {"ok": ok, "failures": failures}


def sign(cases, keys):
    for case in cases:
        message = Message(case)
        signer = hms.HTTPMessageSigner(signature_algorithm=ALGORITHMS[case["alg"]], key_resolver=keys)
        signer.sign(
            message,
            key_id=case["keyid"],
            created=when(case["created"]),
            expires=when(case["expires"]) if case.get("expires") else None,
            nonce=case.get("nonce"),
            tag=case.get("tag"),
            label=case["label"],
            covered_component_ids=case["covered"],
            **({"body": case["body"].encode()} if "body" in case else {}),
        )
        if "body" in case:
            case["headers"] = [[n, v] for n, v in message.headers.items() if n.lower() not in ("signature", "signature-input")]
        case["signature_input"] = message.headers["Signature-Input"]
        case["signature"] = message.headers["Signature"]
    return cases


if __name__ == "__main__":
    mode = sys.argv[1]
    given = json.load(sys.stdin)
    keys = Keys(given["keys"])
    cases = given["cases"]
    json.dump(verify(cases, keys) if mode == "verify" else sign(cases, keys), sys.stdout)
