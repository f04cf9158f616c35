"""Shared fixtures for OpenKAM's end-to-end tests.

Environment:
  KAM_BASE_URL       e.g. http://127.0.0.1:8080 (required)
  KAM_DEMO_USER      demo administrator's username (default admin)
  KAM_DEMO_PASSWORD  its password (default openkam-demo)
  KAM_ARTIFACTS      where a failing browser test saves a screenshot (default /tmp)
"""

import os
import re
import time

import pytest
import requests

HTTP_TIMEOUT = 15  # seconds, for every requests call


@pytest.fixture(scope="session")
def base_url():
    url = os.environ.get("KAM_BASE_URL")
    if not url:
        pytest.fail("KAM_BASE_URL is not set: start `kam serve --demo` and point KAM_BASE_URL at it "
                    "(scripts/test does both)", pytrace=False)
    return url.rstrip("/")


@pytest.fixture(scope="session")
def creds():
    return (os.environ.get("KAM_DEMO_USER", "admin"),
            os.environ.get("KAM_DEMO_PASSWORD", "openkam-demo"))


@pytest.fixture
def api(base_url, creds):
    """A requests.Session signed in through POST /api/v1/session."""
    s = requests.Session()
    r = s.post(f"{base_url}/api/v1/session",
               json={"username": creds[0], "password": creds[1]}, timeout=HTTP_TIMEOUT)
    assert r.status_code == 200, f"sign-in failed: {r.status_code} {r.text[:500]}"
    assert "kam_session" in s.cookies, (
        "the cookie jar did not keep kam_session after sign-in "
        f"(Set-Cookie: {r.raw.headers.getlist('Set-Cookie')}); a Secure cookie is dropped on plain http")
    yield s
    s.close()


# --- browser -----------------------------------------------------------------

@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, "rep_" + rep.when, rep)


@pytest.fixture
def driver(request):
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = "/usr/bin/chromium"
    options.add_argument("--headless=new")
    options.add_argument("--no-sandbox")
    options.add_argument("--disable-dev-shm-usage")
    options.add_argument("--window-size=1280,900")
    drv = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    drv.set_page_load_timeout(30)
    yield drv

    failed = any(getattr(request.node, "rep_" + w, None) is not None
                 and getattr(request.node, "rep_" + w).failed for w in ("setup", "call"))
    if failed:
        out = os.environ.get("KAM_ARTIFACTS", "/tmp")
        os.makedirs(out, exist_ok=True)
        stem = os.path.join(out, "e2e-%s-%s-%d" % (
            os.environ.get("KAM_E2E_ENGINE", "run"),
            re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name), int(time.time())))
        try:
            drv.save_screenshot(stem + ".png")
            with open(stem + ".html", "w", encoding="utf-8") as f:
                f.write(f"<!-- {drv.current_url} -->\n{drv.page_source}")
            print(f"\nscreenshot: {stem}.png  page source: {stem}.html  url: {drv.current_url}")
        except Exception as e:  # never hide the test's own failure
            print(f"\ncould not save screenshot: {e}")
    drv.quit()
