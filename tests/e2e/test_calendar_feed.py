"""A key account manager subscribes to their reviews: the feed parses with the `icalendar` package
and its events are the due dates the API lists, titled in their language (Japanese, then Korean)."""

from urllib.parse import urlparse

import icalendar
import requests

from conftest import HTTP_TIMEOUT


def signed_in(base_url, username, password):
    s = requests.Session()
    r = s.post(f"{base_url}/api/v1/session", json={"username": username, "password": password}, timeout=HTTP_TIMEOUT)
    assert r.status_code == 200, r.text[:300]
    return s, r.json()["csrfToken"]


def set_language(s, base_url, csrf, language):
    r = s.post(f"{base_url}/preferences/language", data={"_csrf": csrf, "language": language}, allow_redirects=False,
               timeout=HTTP_TIMEOUT)
    assert r.status_code == 303, r.text[:300]


def events(feed_text):
    calendar = icalendar.Calendar.from_ical(feed_text)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_the_feed_lists_my_due_reviews_in_my_language(base_url, creds, api):
    due = api.get(f"{base_url}/api/v1/reviews?scope=team&limit=50", timeout=HTTP_TIMEOUT).json()["items"]
    assert due, "the demo has key accounts with reviews due"
    owner = api.get(f"{base_url}/api/v1/users/{due[0]['ownerID']}", timeout=HTTP_TIMEOUT).json()
    s, csrf = signed_in(base_url, owner["username"], creds[1])
    mine = s.get(f"{base_url}/api/v1/reviews?scope=mine&limit=5000", timeout=HTTP_TIMEOUT).json()["items"]
    set_language(s, base_url, csrf, "ja")

    made = s.post(f"{base_url}/api/v1/calendar-feed", timeout=HTTP_TIMEOUT)
    assert made.status_code == 201, made.text[:300]
    url = made.json()["url"]
    path = urlparse(url).path
    # Calendar programs fetch without a session.
    feed = requests.get(f"{base_url}{path}", timeout=HTTP_TIMEOUT)
    assert feed.status_code == 200 and feed.headers["Content-Type"].startswith("text/calendar")
    raw = feed.content
    # RFC 5545 §3.1: CRLF line ends, no line longer than 75 octets, continuation lines start with a space.
    lines = raw.split(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in lines), max(lines, key=len)
    assert all(line.decode("utf-8") is not None for line in lines), "a fold split a character"

    found = events(raw)
    expected = {f"review-{r['accountID']}-{r['kind']}-{r['dueOn']}@openkam": r for r in mine}
    assert set(found) == set(expected)
    for uid, event in found.items():
        review = expected[uid]
        assert event["DTSTART"].dt.isoformat() == review["dueOn"]
        assert review["accountName"] in str(event["SUMMARY"])
    # Japanese kinds in the titles; the account names (with their commas and semicolons) survive escaping.
    assert any("顧客再評価" in str(e["SUMMARY"]) for e in found.values())

    set_language(s, base_url, csrf, "ko")
    korean = events(requests.get(f"{base_url}{path}", timeout=HTTP_TIMEOUT).content)
    assert set(korean) == set(expected)
    assert any("고객" in str(e["SUMMARY"]) for e in korean.values()), [str(e["SUMMARY"]) for e in korean.values()][:3]

    # A new address retires the old one.
    rotated = s.post(f"{base_url}/api/v1/calendar-feed", timeout=HTTP_TIMEOUT).json()["url"]
    assert requests.get(f"{base_url}{path}", timeout=HTTP_TIMEOUT).status_code == 404
    assert requests.get(f"{base_url}{urlparse(rotated).path}", timeout=HTTP_TIMEOUT).status_code == 200
    set_language(s, base_url, csrf, "en")
