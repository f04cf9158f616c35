"""JSON API: session cookie, problem documents, optimistic concurrency (ETag / If-Match)."""

import requests

from conftest import HTTP_TIMEOUT

PROBLEM = "application/problem+json"


def assert_problem(r, status):
    assert r.status_code == status, f"expected {status}, got {r.status_code}: {r.text[:500]}"
    ctype = r.headers.get("Content-Type", "")
    assert ctype.split(";")[0].strip() == PROBLEM, f"Content-Type {ctype!r}, body {r.text[:300]}"
    doc = r.json()
    assert isinstance(doc, dict), doc
    assert doc.get("status") == status, f"problem document status: {doc}"
    assert isinstance(doc.get("title"), str) and doc["title"], f"problem document title: {doc}"
    return doc


def cookie_attrs(set_cookie):
    """'kam_session=abc; Path=/; HttpOnly; SameSite=Lax' -> ('abc', {'path': '/', 'httponly': '', ...})"""
    first, *rest = [p.strip() for p in set_cookie.split(";")]
    value = first.split("=", 1)[1]
    attrs = {}
    for p in rest:
        k, _, v = p.partition("=")
        attrs[k.strip().lower()] = v.strip()
    return value, attrs


def first_account(api, base_url):
    r = api.get(f"{base_url}/api/v1/accounts?limit=1", timeout=HTTP_TIMEOUT)
    assert r.status_code == 200, r.text[:300]
    return r.json()["items"][0]


def current_etag(api, base_url, account_id):
    r = api.get(f"{base_url}/api/v1/accounts/{account_id}", timeout=HTTP_TIMEOUT)
    assert r.status_code == 200, r.text[:300]
    etag = r.headers.get("ETag")
    body = r.json()
    assert etag == f'"{body["version"]}"', f"ETag {etag!r} for version {body.get('version')!r}"
    return etag


def test_sign_in_sets_session_cookie(base_url, creds):
    r = requests.post(f"{base_url}/api/v1/session",
                      json={"username": creds[0], "password": creds[1]}, timeout=HTTP_TIMEOUT)
    assert r.status_code == 200, f"{r.status_code} {r.text[:300]}"
    cookies = [c for c in r.raw.headers.getlist("Set-Cookie") if c.strip().startswith("kam_session=")]
    assert len(cookies) == 1, r.raw.headers.getlist("Set-Cookie")
    value, attrs = cookie_attrs(cookies[0])
    assert value, cookies[0]
    assert "httponly" in attrs, cookies[0]
    assert attrs.get("samesite", "").lower() == "lax", cookies[0]


def test_list_accounts_with_session(api, base_url):
    r = api.get(f"{base_url}/api/v1/accounts?limit=5", timeout=HTTP_TIMEOUT)
    assert r.status_code == 200, r.text[:300]
    assert r.headers.get("Content-Type", "").startswith("application/json")
    body = r.json()
    assert isinstance(body.get("items"), list), body
    assert len(body["items"]) == 5, body
    for item in body["items"]:
        for key in ("id", "name", "version"):
            assert key in item, f"{key} missing in {item}"


def test_wrong_password_is_401_problem(base_url, creds):
    r = requests.post(f"{base_url}/api/v1/session",
                      json={"username": creds[0], "password": creds[1] + "-wrong"}, timeout=HTTP_TIMEOUT)
    assert_problem(r, 401)
    assert not any(c.strip().startswith("kam_session=") and c.split(";")[0].strip() != "kam_session="
                   for c in r.raw.headers.getlist("Set-Cookie")), "a failed sign-in set a session cookie"


def test_unauthenticated_list_is_401_problem(base_url):
    r = requests.get(f"{base_url}/api/v1/accounts", timeout=HTTP_TIMEOUT)
    assert_problem(r, 401)


def test_stale_if_match_is_412(api, base_url):
    account = first_account(api, base_url)
    r = api.patch(f"{base_url}/api/v1/accounts/{account['id']}",
                  json={"name": "x"}, headers={"If-Match": '"0"'}, timeout=HTTP_TIMEOUT)
    assert_problem(r, 412)
    # and nothing changed
    after = api.get(f"{base_url}/api/v1/accounts/{account['id']}", timeout=HTTP_TIMEOUT).json()
    assert after["name"] == account["name"]
    assert after["version"] == account["version"]


def test_empty_name_is_422_with_field_error(api, base_url):
    account = first_account(api, base_url)
    etag = current_etag(api, base_url, account["id"])
    r = api.patch(f"{base_url}/api/v1/accounts/{account['id']}",
                  json={"name": ""}, headers={"If-Match": etag}, timeout=HTTP_TIMEOUT)
    doc = assert_problem(r, 422)
    errors = doc.get("errors")
    assert isinstance(errors, list), doc
    assert any(isinstance(e, dict) and e.get("field") == "name" for e in errors), doc
