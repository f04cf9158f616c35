"""GET /api/openapi.json is a valid OpenAPI 3.1 document describing the v1 API."""

import requests
from openapi_spec_validator import validate

from conftest import HTTP_TIMEOUT

REQUIRED_PATHS = [
    "/api/v1/accounts",
    "/api/v1/accounts/{id}",
    "/api/v1/key-persons",
    "/api/v1/opportunities",
    "/api/v1/session",
]


def fetch_spec(base_url):
    r = requests.get(f"{base_url}/api/openapi.json", timeout=HTTP_TIMEOUT)
    assert r.status_code == 200, f"{r.status_code} {r.text[:300]}"
    assert r.headers.get("Content-Type", "").startswith("application/json"), r.headers.get("Content-Type")
    return r.json()


def test_openapi_is_valid_3_1(base_url):
    spec = fetch_spec(base_url)
    assert str(spec.get("openapi", "")).startswith("3.1"), f"openapi: {spec.get('openapi')!r}"
    validate(spec)  # raises OpenAPIValidationError with the path of the first problem


def test_openapi_has_v1_paths(base_url):
    paths = fetch_spec(base_url).get("paths", {})
    missing = [p for p in REQUIRED_PATHS if p not in paths]
    assert not missing, f"missing paths {missing}; have {sorted(paths)}"
