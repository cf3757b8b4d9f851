"""Expected values for the TC3, ACS3 and Azure SharedKey declarations, made by each provider's
official Python SDK (its own signing code, called as the SDK calls it; nothing re-implemented).

    python3 -m venv /tmp/sdks && /tmp/sdks/bin/pip install \
        tencentcloud-sdk-python-common==3.1.195 alibabacloud-openapi-util==0.2.4 \
        azure-storage-blob==12.31.1
    /tmp/sdks/bin/python tests/vectors/cloud-sdks/generate.py > tests/vectors/cloud-sdks/vectors.json

Each case records its inputs, the exact text the SDK hashed or MACed (captured by wrapping the
hash/MAC function the SDK calls), and the header the SDK wrote. Keys are made up.
"""
import hashlib
import json
import sys
import types
from unittest import mock


def tc3_cases():
    from tencentcloud.common import abstract_client
    from tencentcloud.common.common_client import CommonClient
    from tencentcloud.common.credential import Credential
    from tencentcloud.common.http.request import RequestInternal
    from tencentcloud.common.profile.client_profile import ClientProfile
    from tencentcloud.common.profile.http_profile import HttpProfile
    from tencentcloud.common.sign import Sign

    requests = [
        # (name, method, action, params, token, unsigned_payload)
        ("post-json", "POST", "DescribeInstances",
         {"Limit": 1, "Filters": [{"Name": "instance-name", "Values": ["unnamed"]}]}, None, False),
        ("get-query", "GET", "DescribeZones", {"Limit": 10, "Offset": 0}, None, False),
        ("get-query-escaped", "GET", "DescribeInstances",
         {"InstanceName": "测试 a+b/c=d&e", "Limit": 5}, None, False),
        ("post-session-token", "POST", "DescribeRegions", {}, "tok/en+=", False),
        ("post-unsigned-payload", "POST", "DescribeInstances", {"Offset": 20}, None, True),
    ]
    out = []
    for name, method, action, params, token, unsigned in requests:
        http = HttpProfile(reqMethod=method, endpoint="cvm.tencentcloudapi.com")
        profile = ClientProfile(httpProfile=http)
        profile.unsignedPayload = unsigned
        cred = Credential("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", token)
        client = CommonClient("cvm", "2017-03-12", cred, "ap-guangzhou", profile)
        req = RequestInternal(client._get_endpoint(), method, "/")
        hashed, signed = [], []
        real_sha256 = hashlib.sha256

        def sha256(data=b"", *a):
            hashed.append(data.decode("utf-8") if isinstance(data, bytes) else data)
            return real_sha256(data, *a)

        real_sign = Sign.sign_tc3

        def sign_tc3(key, date, service, str2sign):
            signed.append(str2sign)
            return real_sign(key, date, service, str2sign)

        fake_hashlib = types.SimpleNamespace(sha256=sha256)
        with mock.patch.object(abstract_client, "hashlib", fake_hashlib), \
                mock.patch.object(abstract_client.time, "time", return_value=1551113065), \
                mock.patch.object(Sign, "sign_tc3", staticmethod(sign_tc3)):
            client._build_req_with_tc3_signature(action, params, req)
        out.append({
            "name": name,
            "method": method,
            "params": params,
            # GET: the parameters in the order the SDK sends them (its _fix_params flattening).
            "query_pairs": [[k, str(v)] for k, v in client._fix_params(params).items()]
            if method == "GET" else [],
            "secret_id": cred.secret_id,
            "secret_key": cred.secret_key,
            "token": token,
            "service": "cvm",
            "region": "ap-guangzhou",
            "version": "2017-03-12",
            "timestamp": 1551113065,
            "headers": dict(req.header),
            "body": req.data if method == "POST" else "",
            "query": req.data if method == "GET" else "",
            "canonical_request": hashed[-1],
            "string_to_sign": signed[-1],
            "authorization": req.header["Authorization"],
        })
    return out


def acs3_cases():
    import alibabacloud_openapi_util.client as util
    from alibabacloud_openapi_util.client import Client

    requests = [
        ("get-query", "GET", "/", {"RegionId": "cn-hangzhou", "PageSize": "10"}, ""),
        ("get-query-escaped", "GET", "/", {"InstanceName": "测试 a+b/c*d~e", "Tag.1.Key": "k=v&w"}, ""),
        ("post-json", "POST", "/", {}, '{"RegionId":"cn-hangzhou"}'),
        ("get-path", "GET", "/v1/instances/i-123", {"Verbose": "true"}, ""),
        ("post-query-and-body", "POST", "/", {"Action2": "", "b": "2", "a": "1"}, "x=1"),
    ]
    out = []
    for name, method, path, query, body in requests:
        payload = hashlib.sha256(body.encode("utf-8")).hexdigest()
        headers = {
            "host": "ecs.cn-hangzhou.aliyuncs.com",
            "x-acs-action": "DescribeInstances",
            "x-acs-version": "2014-05-26",
            "x-acs-date": "2023-10-26T10:22:32Z",
            "x-acs-signature-nonce": "3156853299f313e23d1673dc12e1703d",
            "x-acs-content-sha256": payload,
        }
        if body:
            headers["content-type"] = "application/json" if body.startswith("{") else \
                "application/x-www-form-urlencoded"
        request = types.SimpleNamespace(method=method, pathname=path, query=query, headers=headers)
        captured = []
        real_hash = Client.hash

        def capture(raw, sign_type):
            captured.append(raw.decode("utf-8"))
            return real_hash(raw, sign_type)

        signed = []
        real_method = util.signature_method

        def signature_method(secret, source, sign_type):
            signed.append(source)
            return real_method(secret, source, sign_type)

        with mock.patch.object(Client, "hash", staticmethod(capture)), \
                mock.patch.object(util, "signature_method", signature_method):
            auth = Client.get_authorization(request, "ACS3-HMAC-SHA256", payload,
                                            "YourAccessKeyId", "YourAccessKeySecret")
        out.append({
            "name": name,
            "method": method,
            "path": path,
            "query": query,
            "query_pairs": [[k, v] for k, v in query.items()],
            "headers": headers,
            "body": body,
            "access_key_id": "YourAccessKeyId",
            "access_key_secret": "YourAccessKeySecret",
            "canonical_request": captured[-1],
            "string_to_sign": signed[-1],
            "authorization": auth,
        })
    return out


def azure_cases():
    from azure.core.pipeline import PipelineContext, PipelineRequest
    from azure.core.rest import HttpRequest
    from azure.storage.blob._shared import authentication

    key = "ZmFrZSBhenVyZSBzdG9yYWdlIGFjY291bnQga2V5IGZvciB0ZXN0cyBvbmx5ISE="
    requests = [
        ("get-blob", "GET", "/mycontainer/photo.jpg", {}, {}, b""),
        ("list-blobs", "GET", "/mycontainer", {"restype": "container", "comp": "list", "prefix": "a b/"},
         {}, b""),
        ("put-blob", "PUT", "/mycontainer/notes.txt", {},
         {"x-ms-blob-type": "BlockBlob", "Content-Type": "text/plain", "Content-Length": "5",
          "x-ms-meta-Owner": "Ann"}, b"hello"),
        ("get-range", "GET", "/mycontainer/big.bin", {"timeout": "30"},
         {"x-ms-range": "bytes=0-1023", "If-Match": "\"0x8D\""}, b""),
        ("header-order", "PUT", "/mycontainer/x", {"comp": "metadata"},
         {"x-ms-meta-a-b": "1", "x-ms-meta-ab": "2", "x-ms-meta-a_c": "3", "x-ms-meta-a": "4"}, b""),
    ]
    out = []
    for name, method, path, query, extra, body in requests:
        headers = {"x-ms-date": "Sun, 30 Aug 2015 12:36:00 GMT", "x-ms-version": "2025-01-05"}
        headers.update(extra)
        from urllib.parse import urlencode, quote
        url = "https://myaccount.blob.core.windows.net" + quote(path)
        if query:
            url += "?" + urlencode(query, quote_via=quote)
        http_request = HttpRequest(method, url, headers=headers, content=body or None)
        request = PipelineRequest(http_request, PipelineContext(None))
        signed = []
        real_sign = authentication.sign_string

        def sign_string(k, string_to_sign, **kw):
            signed.append(string_to_sign)
            return real_sign(k, string_to_sign, **kw)

        with mock.patch.object(authentication, "sign_string", sign_string):
            authentication.SharedKeyCredentialPolicy("myaccount", key).on_request(request)
        out.append({
            "name": name,
            "method": method,
            "url": url,
            "path": path,
            "query_pairs": [[k, v] for k, v in query.items()],
            "headers": dict(http_request.headers),
            "body": body.decode("utf-8"),
            "account": "myaccount",
            "key_base64": key,
            "string_to_sign": signed[-1],
            "authorization": http_request.headers["Authorization"],
        })
    return out


json.dump({"tc3": tc3_cases(), "acs3": acs3_cases(), "azure_shared_key": azure_cases()},
          sys.stdout, ensure_ascii=False, indent=1)
print()
