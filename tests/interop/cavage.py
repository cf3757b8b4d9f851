"""draft-cavage-http-signatures-12 through the Python package `httpsig` 1.3.0 (an independent
implementation), for tests/interop_python.rs, as the fediverse uses it: a `Signature` header,
algorithm rsa-sha256, headers "(request-target) host date digest".

    python cavage.py verify < input.json   # verifies `Signature` headers made by the Rust crate
    python cavage.py sign < input.json     # signs the cases; prints each `Signature` value

The input: {"private_key": path of a PEM RSA key, "cases": [{"key_id", "method", "path" (with
the query), "headers": {name: value}, "signature"?}]}. The verifier pins the algorithm:
httpsig takes it from the header, so anything but rsa-sha256 is refused here first.
"""

import json
import sys

import httpsig
from cryptography.hazmat.primitives import serialization

HEADERS = ["(request-target)", "host", "date", "digest"]


def main():
    mode = sys.argv[1]
    given = json.load(sys.stdin)
    with open(given["private_key"], "rb") as f:
        private_pem = f.read()
    key = serialization.load_pem_private_key(private_pem, password=None)
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    if mode == "sign":
        out = []
        for case in given["cases"]:
            signer = httpsig.HeaderSigner(
                case["key_id"], private_pem, algorithm="rsa-sha256", headers=HEADERS, sign_header="signature"
            )
            signed = signer.sign(case["headers"], method=case["method"], path=case["path"])
            out.append(signed["signature"])
        json.dump(out, sys.stdout)
        return
    ok, failures = 0, []
    for i, case in enumerate(given["cases"]):
        headers = dict(case["headers"])
        headers["Signature"] = case["signature"]
        try:
            params = httpsig.utils.parse_signature_header(case["signature"])
            assert params["algorithm"] == "rsa-sha256", "algorithm is not rsa-sha256"
            assert params["keyId"] == case["key_id"], "another keyId"
            verifier = httpsig.HeaderVerifier(
                headers,
                public_pem,
                required_headers=HEADERS,
                method=case["method"],
                path=case["path"],
                sign_header="signature",
            )
            assert verifier.verify(), "signature does not verify"
            ok += 1
        except Exception as e:  # noqa: BLE001 - every failure is reported
            if len(failures) < 5:
                failures.append({"case": i, "error": f"{type(e).__name__}: {e}"})
    json.dump({"ok": ok, "failures": failures}, sys.stdout)


if __name__ == "__main__":
    main()
