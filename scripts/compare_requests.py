#!/usr/bin/env python3
"""Send the same requests to two servers running the same Next.js project and report every difference.

Usage: compare_requests.py PROJECT_DIR NAME_A=URL_A NAME_B=URL_B

Both servers run PROJECT_DIR (its .env.local gives the JWT secret used to forge test tokens). Each server
gets the same sequence; values that are random by design (tokens, session ids, dates) are normalised
before comparing, and a JWT is compared by its header, claim names and lifetime. Headers that only
describe the transport (date, connection, keep-alive, transfer-encoding, content-length) are ignored.
Exit status: 0 no difference, 1 differences, 2 a server could not be reached.
"""

import base64
import hashlib
import hmac
import http.client
import json
import os
import re
import sys
import time
from urllib.parse import urlsplit

TRANSPORT_HEADERS = {"date", "connection", "keep-alive", "transfer-encoding", "content-length"}
JWT_RE = re.compile(r"eyJ[\w-]+\.[\w-]+\.[\w-]*")


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(claims: dict, key: bytes, alg: str = "HS256") -> str:
    digest = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}[alg]
    signing_input = b64(json.dumps({"alg": alg, "typ": "JWT"}).encode()) + "." + b64(json.dumps(claims).encode())
    return signing_input + "." + b64(hmac.new(key, signing_input.encode(), digest).digest())


def describe_jwt(token: str) -> str:
    try:
        header, payload, _ = token.split(".")
        header, payload = json.loads(unb64(header)), json.loads(unb64(payload))
        ttl = payload["exp"] - payload["iat"] if "exp" in payload and "iat" in payload else None
        return f"<JWT {json.dumps(header, sort_keys=True)} claims={sorted(payload)} ttl={ttl}>"
    except Exception:  # a token we cannot read is compared as such
        return "<JWT unreadable>"


def normalise(text: str) -> str:
    text = JWT_RE.sub(lambda m: describe_jwt(m.group(0)), text)
    text = re.sub(r"(nextjs-session=)[\w-]{16,}", r"\1<ID>", text)
    text = re.sub(r"Expires=[^;]+", lambda m: "Expires=<1970>" if "1970" in m.group(0) else "Expires=<DATE>", text)
    return text


def secret_of(project: str) -> bytes:
    with open(os.path.join(project, ".env.local"), encoding="utf-8") as env:
        for line in env:
            if line.startswith("JWT_SECRET="):
                return line.strip().split("=", 1)[1].encode()
    raise SystemExit("no JWT_SECRET in .env.local")


def requests(key: bytes):
    """(name, method, path, headers, body) in order; {TOKEN}, {SID} and {OLD_SID} are filled in as they appear."""
    now = int(time.time())
    json_post = {"Content-Type": "application/json", "Origin": "{ORIGIN}", "Sec-Fetch-Site": "same-origin"}
    creds = '{"username":"user1","password":"pass123"}'
    none_token = b64(b'{"alg":"none","typ":"JWT"}') + "." + b64(json.dumps({"sub": "1", "iat": now, "exp": now + 600}).encode()) + "."
    return [
        ("OPTIONS", "OPTIONS", "/api/auth", {}, None),
        ("PUT (no handler)", "PUT", "/api/auth", {}, None),
        ("HEAD without credentials", "HEAD", "/api/auth", {}, None),
        ("GET without credentials", "GET", "/api/auth", {}, None),
        ("unknown route", "GET", "/api/nothing", {}, None),
        ("login", "POST", "/api/auth", json_post, creds),
        ("login as text/plain", "POST", "/api/auth", {"Content-Type": "text/plain"}, creds),
        ("login as a form", "POST", "/api/auth", {"Content-Type": "application/x-www-form-urlencoded"}, "username=user1&password=pass123"),
        ("login from another origin", "POST", "/api/auth", {"Content-Type": "application/json", "Origin": "https://evil.example"}, creds),
        ("login, Sec-Fetch-Site cross-site", "POST", "/api/auth", {"Content-Type": "application/json", "Sec-Fetch-Site": "cross-site"}, creds),
        ("malformed JSON", "POST", "/api/auth", json_post, '{"username": '),
        ("password as a number", "POST", "/api/auth", json_post, '{"username":"user1","password":123}'),
        ("wrong password", "POST", "/api/auth", json_post, '{"username":"user1","password":"nope"}'),
        ("unknown user", "POST", "/api/auth", json_post, '{"username":"nobody","password":"nope"}'),
        ("login with a planted session id", "POST", "/api/auth", {**json_post, "Cookie": "nextjs-session=planted-by-an-attacker"}, creds),
        ("Bearer token", "GET", "/api/auth", {"Authorization": "Bearer {TOKEN}"}, None),
        ("bearer (lower case)", "GET", "/api/auth", {"Authorization": "bearer {TOKEN}"}, None),
        ("HEAD with a Bearer token", "HEAD", "/api/auth", {"Authorization": "Bearer {TOKEN}"}, None),
        ("session cookie", "GET", "/api/auth", {"Cookie": "nextjs-session={SID}"}, None),
        ("JWT cookie", "GET", "/api/auth", {"Cookie": "nextjs-jwt={TOKEN}"}, None),
        ("tampered payload", "GET", "/api/auth", {"Authorization": "Bearer {TAMPERED}"}, None),
        ("another secret", "GET", "/api/auth", {"Authorization": "Bearer " + sign({"sub": "1", "iat": now, "exp": now + 600}, b"another-secret-another-secret-123")}, None),
        ("expired", "GET", "/api/auth", {"Authorization": "Bearer " + sign({"sub": "1", "iat": now - 1500, "exp": now - 600}, key)}, None),
        ("no exp", "GET", "/api/auth", {"Authorization": "Bearer " + sign({"sub": "1", "iat": now}, key)}, None),
        ("alg none", "GET", "/api/auth", {"Authorization": "Bearer " + none_token}, None),
        ("HS512 with the same secret", "GET", "/api/auth", {"Authorization": "Bearer " + sign({"sub": "1", "iat": now, "exp": now + 600}, key, "HS512")}, None),
        ("not a JWT", "GET", "/api/auth", {"Authorization": "Bearer not-a-jwt"}, None),
        ("Basic scheme", "GET", "/api/auth", {"Authorization": "Basic dXNlcjE6cGFzczEyMw=="}, None),
        ("unknown session id", "GET", "/api/auth", {"Cookie": "nextjs-session=" + b64(os.urandom(32))}, None),
        ("logout as text/plain", "POST", "/api/auth/logout", {"Content-Type": "text/plain", "Cookie": "nextjs-session={SID}"}, ""),
        ("logout from another origin", "POST", "/api/auth/logout", {"Content-Type": "application/json", "Origin": "https://evil.example", "Cookie": "nextjs-session={SID}"}, ""),
        ("logout", "POST", "/api/auth/logout", {**json_post, "Cookie": "nextjs-session={SID}; nextjs-jwt={TOKEN}"}, ""),
        ("session cookie after logout", "GET", "/api/auth", {"Cookie": "nextjs-session={SID}"}, None),
        ("JWT after logout", "GET", "/api/auth", {"Authorization": "Bearer {TOKEN}"}, None),
    ]


def run(base: str, key: bytes):
    url = urlsplit(base)
    values = {"ORIGIN": f"http://{url.netloc}"}
    answers = []
    for name, method, path, headers, body in requests(key):
        fill = lambda text: re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), text)
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
        connection.request(method, path, body=None if body is None else fill(body).encode(),
                           headers={k: fill(v) for k, v in headers.items()})
        response = connection.getresponse()
        raw_body = response.read().decode("utf-8", "replace")
        header_list = [(k.lower(), v) for k, v in response.getheaders()]
        connection.close()
        if name == "login":
            values["TOKEN"] = json.loads(raw_body)["token"]
            header, payload, signature = values["TOKEN"].split(".")
            claims = json.loads(unb64(payload))
            claims.update({"admin": True, "exp": claims["exp"] + 365 * 86400})
            values["TAMPERED"] = header + "." + b64(json.dumps(claims).encode()) + "." + signature
            for key_name, value in header_list:
                match = re.match(r"nextjs-session=([^;]+)", value) if key_name == "set-cookie" else None
                if match:
                    values["SID"] = match.group(1)
        kept = sorted((k, normalise(v)) for k, v in header_list if k not in TRANSPORT_HEADERS)
        answers.append((name, response.status, kept, normalise(raw_body)))
    return answers


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    project = sys.argv[1]
    (name_a, url_a), (name_b, url_b) = (arg.split("=", 1) for arg in sys.argv[2:])
    key = secret_of(project)
    try:
        answers_a, answers_b = run(url_a, key), run(url_b, key)
    except OSError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    differences = 0
    for (name, status_a, headers_a, body_a), (_, status_b, headers_b, body_b) in zip(answers_a, answers_b):
        lines = []
        if status_a != status_b:
            lines.append(f"  status: {name_a} {status_a}, {name_b} {status_b}")
        for header in sorted({k for k, _ in headers_a} | {k for k, _ in headers_b}):
            value_a = [v for k, v in headers_a if k == header]
            value_b = [v for k, v in headers_b if k == header]
            if value_a != value_b:
                lines.append(f"  {header}: {name_a} {value_a or '(absent)'}, {name_b} {value_b or '(absent)'}")
        if body_a != body_b:
            short = lambda body: repr(body) if len(body) <= 160 else repr(body[:160]) + f"… ({len(body)} characters)"
            lines.append(f"  body: {name_a} {short(body_a)}, {name_b} {short(body_b)}")
        print(f"{'DIFF' if lines else 'same'} {name} ({status_a})")
        for line in lines:
            print(line)
        differences += bool(lines)
    print(f"\n{len(answers_a)} requests, {differences} with differences")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
