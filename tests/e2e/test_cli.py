"""The CLI acts as a named user under the same access policy as the API (domain.md section 10).

Environment (set by scripts/test): KAM_BIN, the kam binary, and KAM_DATABASE, the database the
server under test uses.
"""

import csv
import io
import json
import os
import subprocess

import pytest
import requests

from conftest import HTTP_TIMEOUT

DEMO_PASSWORD = os.environ.get("KAM_DEMO_PASSWORD", "openkam-demo")


@pytest.fixture(scope="module")
def kam():
    binary, database = os.environ.get("KAM_BIN"), os.environ.get("KAM_DATABASE")
    if not binary or not database:
        pytest.fail("KAM_BIN and KAM_DATABASE must be set (scripts/test sets both)", pytrace=False)

    def run(*args, check=True):
        result = subprocess.run([binary, *args, "--database", database], capture_output=True, text=True, timeout=120)
        if check:
            assert result.returncode == 0, f"kam {' '.join(args)} failed: {result.stderr[-2000:]}"
        return result
    return run


def api_account_ids(base_url, username):
    s = requests.Session()
    r = s.post(f"{base_url}/api/v1/session", json={"username": username, "password": DEMO_PASSWORD}, timeout=HTTP_TIMEOUT)
    assert r.status_code == 200, r.text[:300]
    ids, cursor = [], None
    while True:
        params = {"limit": 200}
        if cursor:
            params["cursor"] = cursor
        page = s.get(f"{base_url}/api/v1/accounts", params=params, timeout=HTTP_TIMEOUT).json()
        ids += [item["id"] for item in page["items"]]
        cursor = page.get("nextCursor")
        if not cursor:
            return ids


@pytest.mark.parametrize("username", ["suzuki.hana", "tanaka", "sato", "ito", "auditor", "admin"])
def test_cli_lists_exactly_what_the_api_shows_the_same_user(kam, base_url, username):
    cli = json.loads(kam("accounts", "list", "--as", username, "--json").stdout)
    assert sorted(a["id"] for a in cli) == sorted(api_account_ids(base_url, username))


def test_the_hierarchy_widens_what_a_user_sees(kam):
    def count(user):
        return len(json.loads(kam("accounts", "list", "--as", user, "--json").stdout))
    salesperson, director, admin = count("suzuki.hana"), count("sato"), count("admin")
    assert 0 < salesperson < director < admin


def test_cli_export_holds_only_visible_accounts(kam, base_url):
    text = kam("accounts", "export", "--as", "kim.minji").stdout
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows, "the export is empty"
    assert sorted(int(r["id"]) for r in rows) == sorted(api_account_ids(base_url, "kim.minji"))


def test_cli_refuses_an_unknown_user_by_name(kam):
    result = kam("accounts", "list", "--as", "ghost", check=False)
    assert result.returncode != 0
    assert "unknown or inactive user: ghost" in result.stderr


def test_cli_map_matches_the_api_and_refuses_outsiders(kam, base_url):
    """`kam map` prints what the API answers for the same user; a user who cannot see the account gets nothing."""
    s = requests.Session()
    assert s.post(f"{base_url}/api/v1/session", json={"username": "admin", "password": DEMO_PASSWORD},
                  timeout=HTTP_TIMEOUT).status_code == 200
    account = s.get(f"{base_url}/api/v1/accounts", params={"limit": 1}, timeout=HTTP_TIMEOUT).json()["items"][0]["id"]
    api = s.get(f"{base_url}/api/v1/accounts/{account}/relationship-map", timeout=HTTP_TIMEOUT).json()
    cli = json.loads(kam("map", str(account), "--as", "admin").stdout)
    assert cli["connections"], "the demo account has no connections"
    assert [c["id"] for c in cli["connections"]] == [c["id"] for c in api["connections"]]
    assert [(r["personID"], round(r["value"], 12)) for r in cli["influenceRanking"]] == \
        [(r["personID"], round(r["value"], 12)) for r in api["influenceRanking"]]
    first = cli["connections"][0]
    path = json.loads(kam("map", str(account), "--as", "admin", "--from", str(first["fromPersonID"]),
                          "--to", str(first["toPersonID"])).stdout)
    assert path["path"][0] == first["fromPersonID"] and path["path"][-1] == first["toPersonID"]
    visible = set(api_account_ids(base_url, "suzuki.hana"))
    hidden = next(i for i in api_account_ids(base_url, "admin") if i not in visible)
    refused = kam("map", str(hidden), "--as", "suzuki.hana", check=False)
    assert refused.returncode != 0
    assert "not found" in refused.stderr.lower() or "404" in refused.stderr


def test_cli_records_verifies_and_removes_a_connection_as_a_user(kam, base_url):
    """`kam connections` writes through the same rules as the API: a user edits only what they may."""
    s = requests.Session()
    assert s.post(f"{base_url}/api/v1/session", json={"username": "admin", "password": DEMO_PASSWORD},
                  timeout=HTTP_TIMEOUT).status_code == 200
    visible = set(api_account_ids(base_url, "suzuki.hana"))
    account = sorted(visible)[0]
    people = [p["id"] for p in s.get(f"{base_url}/api/v1/accounts/{account}/relationship-map",
                                     timeout=HTTP_TIMEOUT).json()["people"] if p.get("accountID") == account]
    assert len(people) >= 2
    existing = {(c["kind"], c["fromPersonID"], c["toPersonID"]) for c in
                json.loads(kam("connections", "list", str(account), "--as", "admin").stdout)}
    pair = next((a, b) for a in people for b in people if a != b and ("conflict", a, b) not in existing)
    added = json.loads(kam("connections", "add", "--as", "admin", "--from", str(pair[0]), "--to", str(pair[1]),
                           "--strength", "2", "--kind", "conflict", "--evidence", "CLI test").stdout)
    assert added["accountID"] == account and added["status"] == "hypothesis"
    listed = json.loads(kam("connections", "list", str(account), "--as", "admin").stdout)
    assert added["id"] in [c["id"] for c in listed]
    verified = json.loads(kam("connections", "verify", str(added["id"]), "--as", "admin").stdout)
    assert verified["status"] == "verified" and verified["verifiedBy"]
    # The auditor reads everything and changes nothing.
    refused = kam("connections", "remove", str(added["id"]), "--as", "auditor", check=False)
    assert refused.returncode != 0 and "not permitted" in refused.stderr
    kam("connections", "remove", str(added["id"]), "--as", "admin")
    assert added["id"] not in [c["id"] for c in json.loads(kam("connections", "list", str(account), "--as", "admin").stdout)]
    bad = kam("connections", "add", "--as", "admin", "--from", str(pair[0]), "--to", str(pair[0]), "--strength", "9", check=False)
    assert bad.returncode != 0 and "toPersonID" in bad.stderr and "strength" in bad.stderr


def test_cli_keeps_a_decision_chain_like_the_api(kam, base_url):
    s = requests.Session()
    assert s.post(f"{base_url}/api/v1/session", json={"username": "admin", "password": DEMO_PASSWORD},
                  timeout=HTTP_TIMEOUT).status_code == 200
    deal = s.get(f"{base_url}/api/v1/opportunities", params={"limit": 1}, timeout=HTTP_TIMEOUT).json()["items"][0]
    people = [p["id"] for p in s.get(f"{base_url}/api/v1/accounts/{deal['accountID']}/relationship-map",
                                     timeout=HTTP_TIMEOUT).json()["people"] if p.get("accountID") == deal["accountID"]]
    before = json.loads(kam("chain", "show", str(deal["id"]), "--as", "admin").stdout)
    saved = json.loads(kam("chain", "set", str(deal["id"]), "--as", "admin", "--person", str(people[0]), "--role", "decision_maker",
                           "--current", "2,3,2", "--target", "4,4,3").stdout)
    assert saved["version"] == before["version"] + 1
    api = s.get(f"{base_url}/api/v1/opportunities/{deal['id']}/decision-chain", timeout=HTTP_TIMEOUT).json()
    entry = next(e for e in api["entries"] if e["personID"] == people[0])
    assert entry["role"] == "decision_maker" and entry["target"] == {"closeness": 4, "recognition": 4, "priceAcceptance": 3}
    bad = kam("chain", "set", str(deal["id"]), "--as", "admin", "--person", str(people[0]), "--role", "decision_maker",
              "--current", "9,3,2", check=False)
    assert bad.returncode != 0 and "current.closeness" in bad.stderr
    kam("chain", "remove", str(deal["id"]), "--as", "admin", "--person", str(people[0]))
    after = json.loads(kam("chain", "show", str(deal["id"]), "--as", "admin").stdout)
    assert people[0] not in [e["personID"] for e in after["entries"]]
    assert kam("chain", "show", str(deal["id"]), "--as", "nobody-such", check=False).returncode != 0


def test_cli_best_path_starts_from_our_people_as_the_api_does(kam, base_url):
    """Without --from, the chain starts from our own people on the map: the demo gives each owner an entry."""
    s = requests.Session()
    assert s.post(f"{base_url}/api/v1/session", json={"username": "admin", "password": DEMO_PASSWORD},
                  timeout=HTTP_TIMEOUT).status_code == 200
    account = s.get(f"{base_url}/api/v1/accounts", params={"limit": 1}, timeout=HTTP_TIMEOUT).json()["items"][0]["id"]
    people = s.get(f"{base_url}/api/v1/accounts/{account}/relationship-map", timeout=HTTP_TIMEOUT).json()["people"]
    ours = {p["id"] for p in people if p["affiliation"] == "our_side"}
    assert ours, "the demo map has none of our people"
    target = next(p["id"] for p in people if p["affiliation"] == "account" and not p["isPlaceholder"])
    api = s.get(f"{base_url}/api/v1/accounts/{account}/relationship-map/best-path", params={"to": target},
                timeout=HTTP_TIMEOUT).json()
    cli = json.loads(kam("map", str(account), "--as", "admin", "--to", str(target)).stdout)
    assert cli["path"] == api["path"]
    if cli["path"] is not None:
        assert cli["path"][0] in ours and cli["path"][-1] == target


def test_cli_influence_rank_across_the_database_is_networkx_pagerank(kam, base_url):
    """`kam influence rank` reads every map at once; networkx ranks the same graph, rebuilt from the API."""
    import networkx as nx

    s = requests.Session()
    assert s.post(f"{base_url}/api/v1/session", json={"username": "admin", "password": DEMO_PASSWORD},
                  timeout=HTTP_TIMEOUT).status_code == 200
    people, cursor = [], None
    while True:
        page = s.get(f"{base_url}/api/v1/key-persons", params={"limit": 500, **({"cursor": cursor} if cursor else {})},
                     timeout=HTTP_TIMEOUT).json()
        people += [p["id"] for p in page["items"]]
        cursor = page.get("nextCursor")
        if not cursor:
            break
    graph = nx.DiGraph()
    graph.add_nodes_from(people)
    lines = set()
    for account in api_account_ids(base_url, "admin"):
        answer = s.get(f"{base_url}/api/v1/accounts/{account}/relationship-map", timeout=HTTP_TIMEOUT).json()
        for c in answer["connections"]:
            if c["kind"] == "influence" and c.get("opportunityID") is None:
                # Reversed: rank flows from the influenced to the influencer; repeated pairs keep the strongest.
                strength = max(c["strength"], graph.edges[c["toPersonID"], c["fromPersonID"]]["weight"]
                               if graph.has_edge(c["toPersonID"], c["fromPersonID"]) else 0)
                graph.add_edge(c["toPersonID"], c["fromPersonID"], weight=strength)
        lines |= {(l["manager"], l["report"]) for l in answer["reportingLines"]}
    for manager, report in lines:
        if not graph.has_edge(report, manager):
            graph.add_edge(report, manager, weight=2)
    reference = nx.pagerank(graph, alpha=0.85, weight="weight", tol=1e-12, max_iter=10_000)
    ours = json.loads(kam("influence", "rank", "--as", "admin").stdout)
    assert len(ours) == len(reference)
    for person, value in ours.items():
        assert abs(value - reference[int(person)]) < 1e-6, (person, value, reference[int(person)])
    top = json.loads(kam("influence", "rank", "--as", "admin", "--top", "3").stdout)
    assert list(top) == list(ours)[:3]
    refused = kam("influence", "rank", "--as", "suzuki.hana", check=False)
    assert refused.returncode != 0


def transaction_count(base_url, username, account):
    s = requests.Session()
    r = s.post(f"{base_url}/api/v1/session", json={"username": username, "password": DEMO_PASSWORD}, timeout=HTTP_TIMEOUT)
    assert r.status_code == 200, r.text[:300]
    history = s.get(f"{base_url}/api/v1/accounts/{account}/transactions", timeout=HTTP_TIMEOUT)
    assert history.status_code == 200, history.text[:300]
    return history.json()["totalCount"]


def test_import_transactions_is_all_or_nothing_and_can_run_twice(kam, base_url, tmp_path):
    account = api_account_ids(base_url, "suzuki.hana")[0]
    header = "account_id,date,product,order_reference,currency,amount,margin\n"
    before = transaction_count(base_url, "suzuki.hana", account)
    good = tmp_path / "good.csv"
    good.write_text(header + f"{account},2025-03-01,DATA-BI,E2E-1,JPY,1200000,300000\n"
                             f'{account},2025-03-02,SVC-CONS,"E2E-2, extra",JPY,240000,60000\n', encoding="utf-8")
    first = kam("import", "transactions", str(good), "--as", "suzuki.hana")
    assert "imported 2 transactions for 1 accounts" in first.stdout
    again = kam("import", "transactions", str(good), "--as", "suzuki.hana")
    assert "imported 0 transactions" in again.stdout and "2 already stored unchanged" in again.stdout
    assert transaction_count(base_url, "suzuki.hana", account) == before + 2

    bad = tmp_path / "bad.csv"
    bad.write_text(header + f"{account},2025-03-05,DATA-BI,E2E-3,JPY,1000,10\n"
                            f"{account},2025-02-30,DATA-BI,E2E-4,JPY,1000,10\n"
                            f"{account},2025-03-06,DATA-BI,E2E-5,JPY,10.5,1\n", encoding="utf-8")
    refused = kam("import", "transactions", str(bad), "--as", "suzuki.hana", check=False)
    assert refused.returncode != 0
    assert "row 3, column date: invalid_date" in refused.stderr
    assert "row 4, column amount: invalid_amount" in refused.stderr
    assert transaction_count(base_url, "suzuki.hana", account) == before + 2

    # The same rules as the API: another salesperson's account is unknown to this user.
    others = set(api_account_ids(base_url, "admin")) - set(api_account_ids(base_url, "suzuki.hana"))
    hidden = tmp_path / "hidden.csv"
    hidden.write_text(header + f"{min(others)},2025-03-05,DATA-BI,E2E-6,JPY,1000,10\n", encoding="utf-8")
    unknown = kam("import", "transactions", str(hidden), "--as", "suzuki.hana", check=False)
    assert unknown.returncode != 0 and "row 2, column account_id: unknown_account" in unknown.stderr


def owned_account(base_url, username):
    s = requests.Session()
    r = s.post(f"{base_url}/api/v1/session", json={"username": username, "password": DEMO_PASSWORD}, timeout=HTTP_TIMEOUT)
    assert r.status_code == 200, r.text[:300]
    me = s.get(f"{base_url}/api/v1/session", timeout=HTTP_TIMEOUT).json()
    my_id = me.get("user", me).get("id")
    items = s.get(f"{base_url}/api/v1/accounts", params={"limit": 200}, timeout=HTTP_TIMEOUT).json()["items"]
    owned = [a["id"] for a in items if a.get("ownerID") == my_id]
    assert owned, f"{username} owns no account in the demo"
    return owned[0]


def test_score_scores_and_rescores_as_the_user(kam, base_url):
    account = owned_account(base_url, "suzuki.hana")
    cards = json.loads(kam("score", str(account), "--as", "suzuki.hana", "--level", "product_fit=4", "--level", "tailoring=2",
                           "--note", "e2e", "--json").stdout)
    lines = {line["key"]: line for line in cards[0]["scorecard"]["lines"]}
    assert lines["product_fit"]["level"] == 4 and lines["tailoring"]["level"] == 2
    assert lines["size"]["source"] == "size" and lines["size"]["level"] in (1, 2, 4, 5)
    refused = kam("score", str(account), "--as", "suzuki.hana", "--level", "product_fit=9", check=False)
    assert refused.returncode != 0 and "levels.product_fit (level_outside_scale)" in refused.stderr
    again = kam("score", str(account), "--as", "suzuki.hana")
    assert f"account {account}\trevision 1\t" in again.stdout
    rescored = json.loads(kam("score", str(account), "--as", "suzuki.hana", "--json").stdout)
    assert {line["key"]: line.get("level") for line in rescored[0]["scorecard"]["lines"]}["product_fit"] == 4
    others = set(api_account_ids(base_url, "admin")) - set(api_account_ids(base_url, "suzuki.hana"))
    hidden = kam("score", str(min(others)), "--as", "suzuki.hana", check=False)
    assert hidden.returncode != 0 and "not found" in hidden.stderr


def test_classify_dry_run_changes_nothing_and_apply_records_the_reason(kam, base_url):
    before = kam("classify", "--dry-run", "--as", "admin", "--json")
    run = json.loads(before.stdout)
    assert run["applied"] is False and run["portfolioSize"] >= 3 and run["hiddenAccounts"] == 0
    # A salesperson's dry run places only their key accounts and counts the others.
    mine = json.loads(kam("classify", "--dry-run", "--as", "suzuki.hana", "--json").stdout)
    assert mine["portfolioSize"] == run["portfolioSize"] and mine["hiddenAccounts"] + len(mine["accounts"]) == run["portfolioSize"]
    assert {a["accountID"] for a in mine["accounts"]} <= set(api_account_ids(base_url, "suzuki.hana"))
    refused = kam("classify", "--as", "suzuki.hana", "--reason", "try", check=False)
    assert refused.returncode != 0
    assert kam("classify", "--as", "admin", check=False).returncode != 0, "applying needs a reason"
    applied = json.loads(kam("classify", "--as", "admin", "--reason", "e2e requalification", "--json").stdout)
    assert applied["applied"] is True
    for entry in applied["accounts"]:
        assert entry["placement"]["accountClass"] in "ABCD"
    again = kam("classify", "--dry-run", "--as", "admin")
    assert "0 would move" in again.stdout.splitlines()[0]


def test_activity_log_makes_a_task_the_owner_closes_from_the_cli(kam, base_url):
    account = owned_account(base_url, "suzuki.hana")
    s = requests.Session()
    s.post(f"{base_url}/api/v1/session", json={"username": "suzuki.hana", "password": DEMO_PASSWORD}, timeout=HTTP_TIMEOUT)
    me = s.get(f"{base_url}/api/v1/session", timeout=HTTP_TIMEOUT).json()["user"]["id"]
    person = s.get(f"{base_url}/api/v1/key-persons", params={"account": account}, timeout=HTTP_TIMEOUT).json()["items"][0]["id"]
    logged = json.loads(kam("activity", "log", str(account), "--as", "suzuki.hana", "--kind", "call", "--on", "2026-11-30",
                            "--subject", "電話: 予算の確認", "--with-person", str(person), "--with-user", str(me),
                            "--follow-up", f"Send the budget memo|{me}|2031-02-01", "--portrait", f"{person}:4,4,3").stdout)
    assert logged["portraitPersonIDs"] == [person] and len(logged["followUpTaskIDs"]) == 1
    api_person = s.get(f"{base_url}/api/v1/key-persons/{person}", timeout=HTTP_TIMEOUT).json()
    assert api_person.get("person", api_person)["portrait"]["closeness"] == 4
    tasks = [json.loads(line) for line in kam("tasks", "list", "--as", "suzuki.hana").stdout.splitlines()]
    task = next(t for t in tasks if t["id"] == logged["followUpTaskIDs"][0])
    assert task["sourceID"] == logged["id"] and task["title"] == "Send the budget memo"
    done = json.loads(kam("tasks", "done", str(task["id"]), "--as", "suzuki.hana").stdout)
    assert done["status"] == "done"
    timeline = json.loads(kam("activity", "timeline", str(account), "--as", "suzuki.hana", "--limit", "200").stdout)
    assert any(e["source"] == "activity" and e["id"] == logged["id"] for e in timeline["items"])
    # A portrait of someone who was not there is refused by name, and nothing is logged.
    refused = kam("activity", "log", str(account), "--as", "suzuki.hana", "--on", "2026-11-30", "--subject", "x",
                  "--portrait", "999999:1,1,1", check=False)
    assert refused.returncode != 0 and "portraitUpdates[0].personID" in refused.stderr
    others = set(api_account_ids(base_url, "admin")) - set(api_account_ids(base_url, "suzuki.hana"))
    hidden = kam("activity", "list", str(min(others)), "--as", "suzuki.hana", check=False)
    assert hidden.returncode != 0 and "not found" in hidden.stderr
    lifecycle = json.loads(kam("activity", "lifecycle", str(account), "--as", "suzuki.hana").stdout)
    api_lifecycle = s.get(f"{base_url}/api/v1/accounts/{account}/lifecycle", timeout=HTTP_TIMEOUT).json()
    assert lifecycle["checklist"] == api_lifecycle["checklist"] and lifecycle["stage"] == api_lifecycle["stage"]


def test_an_incident_is_opened_annotated_and_closed_from_the_cli(kam, base_url):
    account = owned_account(base_url, "suzuki.hana")
    opened = json.loads(kam("incident", "open", str(account), "--as", "suzuki.hana", "--title", "夜間バッチ停止", "--severity", "critical",
                            "--on", "2026-11-29").stdout)
    kam("incident", "note", str(opened["id"]), "Vendor engaged", "--as", "suzuki.hana")
    refused = kam("incident", "close", str(opened["id"]), "--as", "suzuki.hana", "--party", "undetermined", "--root-cause", "x", check=False)
    assert refused.returncode != 0 and "responsibleParty" in refused.stderr
    closed = json.loads(kam("incident", "close", str(opened["id"]), "--as", "suzuki.hana", "--party", "network",
                            "--root-cause", "Router firmware").stdout)
    assert closed["status"] == "closed" and [e.get("status") or e["note"] for e in closed["events"]] == ["open", "Vendor engaged", "closed"]
    listed = [json.loads(line) for line in kam("incident", "list", str(account), "--as", "auditor").stdout.splitlines()]
    assert opened["id"] in [i["id"] for i in listed]
    assert kam("incident", "note", str(opened["id"]), "x", "--as", "auditor", check=False).returncode != 0


def test_a_small_order_is_quoted_ordered_and_contracted_and_forecast_from_the_cli(kam, base_url):
    account = owned_account(base_url, "suzuki.hana")
    s = requests.Session()
    assert s.post(f"{base_url}/api/v1/session", json={"username": "suzuki.hana", "password": DEMO_PASSWORD}, timeout=HTTP_TIMEOUT).status_code == 200
    made = s.post(f"{base_url}/api/v1/opportunities", timeout=HTTP_TIMEOUT,
                  json={"name": "CLI spare parts", "accountID": account, "amount": {"minorUnits": 800_000, "currency": "JPY"}})
    assert made.status_code == 201 and made.json()["track"] == "fast_track", made.text
    opportunity = made.json()["id"]
    refused = kam("document", "quote", str(opportunity), "--as", "suzuki.hana", "--currency", "JPY", "--line", "Sensor|-3|1000", check=False)
    assert refused.returncode != 0 and "lines[0].quantity" in refused.stderr
    quote = json.loads(kam("document", "quote", str(opportunity), "--as", "suzuki.hana", "--currency", "JPY",
                           "--line", "Sensor|4|50000|5", "--line", "Installation|1|20000").stdout)
    assert quote["number"].startswith("Q-") and quote["net"]["minorUnits"] == 190_000 + 20_000
    early = kam("document", "contract", str(quote["id"]), "--as", "suzuki.hana", check=False)
    assert early.returncode != 0 and "order_required" in early.stderr
    for status in ("sent", "accepted"):
        kam("document", "status", str(quote["id"]), "--to", status, "--as", "suzuki.hana")
    order = json.loads(kam("document", "order", str(quote["id"]), "--as", "suzuki.hana").stdout)
    contract = json.loads(kam("document", "contract", str(order["id"]), "--as", "suzuki.hana").stdout)
    assert order["number"].startswith("O-") and contract["number"].startswith("C-") and contract["sourceID"] == order["id"]
    api = s.get(f"{base_url}/api/v1/opportunities/{opportunity}", timeout=HTTP_TIMEOUT).json()
    assert api["stage"] == "won" and api["amount"]["minorUnits"] == 210_000
    # The forecast from the CLI is the API's, for the same user.
    window = ["--from", "2026-01-01", "--to", "2027-12-31"]
    cli = json.loads(kam("opportunity", "forecast", "--as", "suzuki.hana", *window).stdout)
    web = s.get(f"{base_url}/api/v1/forecast", params={"from": "2026-01-01", "to": "2027-12-31"}, timeout=HTTP_TIMEOUT).json()
    assert cli["total"] == web["total"] and cli["total"]["wonCount"] >= 1


def test_reviews_from_the_cli_follow_the_calendar_and_the_access_rules(kam, api, base_url):
    due = api.get(f"{base_url}/api/v1/reviews?scope=team&limit=50", timeout=HTTP_TIMEOUT).json()["items"]
    owner = api.get(f"{base_url}/api/v1/users/{due[0]['ownerID']}", timeout=HTTP_TIMEOUT).json()
    mine = [json.loads(line) for line in kam("review", "due", "--as", owner["username"]).stdout.splitlines()]
    assert mine and all(r["ownerID"] == owner["id"] for r in mine)
    account = mine[0]["accountID"]
    before = next(r["dueOn"] for r in mine if r["accountID"] == account and r["kind"] == "customer")
    held = json.loads(kam("review", "record", str(account), "--kind", "customer", "--result", "qualified",
                          "--findings", "CLI 再評価", "--as", owner["username"]).stdout)
    assert held["kind"] == "customer" and held["dueOn"] == before and held["findings"] == "CLI 再評価"
    after = [json.loads(line) for line in kam("review", "due", "--as", owner["username"]).stdout.splitlines()]
    assert next(r["dueOn"] for r in after if r["accountID"] == account and r["kind"] == "customer") > before
    report = json.loads(kam("review", "report", "--as", "admin").stdout)
    assert report["total"]["held"] >= 1
    # The yearly assessment is the company's: a salesperson is refused, an administrator is answered.
    refused = kam("review", "assessment", "--as", owner["username"], check=False)
    assert refused.returncode != 0
    lines = [json.loads(line) for line in kam("review", "assessment", "--as", "admin").stdout.splitlines()]
    assert any(line["subject"] == "key_account" and line["subjectID"] == account for line in lines)
