"""A person in Chromium: sign in, open an account, rename it (Japanese), see the new name."""

import uuid
from urllib.parse import urlparse

from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

WAIT = 10  # seconds


def wait(driver):
    return WebDriverWait(driver, WAIT)


def left_page(element):
    """Waits until the page holding element has been replaced.

    Selenium's staleness_of only knows StaleElementReferenceException; while Chromium swaps documents it can
    also answer that the node "does not belong to the document", which means the same thing."""
    def predicate(_driver):
        try:
            element.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return True
            raise
    return predicate


def html_lang(driver):
    return (driver.find_element(By.TAG_NAME, "html").get_attribute("lang") or "").strip()


def sign_in(driver, base_url, creds):
    driver.get(f"{base_url}/login")
    wait(driver).until(EC.presence_of_element_located((By.ID, "username"))).send_keys(creds[0])
    driver.find_element(By.ID, "password").send_keys(creds[1])
    driver.find_element(By.ID, "sign-in").click()
    wait(driver).until(lambda d: urlparse(d.current_url).path == "/accounts",
                       message="sign-in did not land on /accounts")


def test_login_page_has_lang(driver, base_url):
    driver.get(f"{base_url}/login")
    wait(driver).until(EC.presence_of_element_located((By.ID, "sign-in")))
    assert html_lang(driver), "<html lang> is missing on /login"


def test_sign_in_and_rename_account(driver, base_url, creds):
    sign_in(driver, base_url, creds)
    assert html_lang(driver), "<html lang> is missing on /accounts"

    wait(driver).until(EC.presence_of_element_located((By.ID, "account-list")))
    links = driver.find_elements(By.CSS_SELECTOR, "#account-list a.account-link")
    assert len(links) >= 10, f"only {len(links)} a.account-link in #account-list"

    links[0].click()
    heading = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "h1#account-name")))
    old_name = heading.text
    account_path = urlparse(driver.current_url).path
    assert html_lang(driver), f"<html lang> is missing on {account_path}"

    wait(driver).until(EC.element_to_be_clickable((By.ID, "edit-account"))).click()
    wait(driver).until(EC.presence_of_element_located((By.ID, "account-form")))
    field = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#account-form #field-name")))
    new_name = "テスト銀行 " + uuid.uuid4().hex[:6]
    field.clear()
    field.send_keys(new_name)
    assert field.get_attribute("value") == new_name, f"field holds {field.get_attribute('value')!r}"

    driver.find_element(By.ID, "save").click()
    wait(driver).until(
        lambda d: (d.find_elements(By.CSS_SELECTOR, "h1#account-name")
                   and d.find_element(By.CSS_SELECTOR, "h1#account-name").text == new_name),
        message=f"h1#account-name did not become {new_name!r} (was {old_name!r})")
    assert urlparse(driver.current_url).path == account_path, \
        f"after save landed on {driver.current_url}, expected {account_path}"


def browser_account_names(driver, base_url, username, password):
    """Signs in as `username` in a fresh session and reads the account list's names."""
    driver.delete_all_cookies()
    sign_in(driver, base_url, (username, password))
    wait(driver).until(EC.presence_of_element_located((By.ID, "main")))
    return {a.text for a in driver.find_elements(By.CSS_SELECTOR, "#account-list a.account-link")}


def api_accounts(base_url, creds, **params):
    import requests
    session = requests.Session()
    r = session.post(f"{base_url}/api/v1/session", json={"username": creds[0], "password": creds[1]}, timeout=30)
    assert r.status_code == 200, r.text
    r = session.get(f"{base_url}/api/v1/accounts", params={"limit": 200, **params}, timeout=30)
    assert r.status_code == 200, r.text
    return r.json()["items"]


def test_a_salesperson_sees_only_their_accounts_and_their_director_sees_the_team(driver, base_url, creds):
    password = creds[1]
    users = {}
    everything = api_accounts(base_url, creds)
    import requests
    admin = requests.Session()
    admin.post(f"{base_url}/api/v1/session", json={"username": creds[0], "password": password}, timeout=30)
    for user in admin.get(f"{base_url}/api/v1/users", timeout=30).json()["items"]:
        users[user["username"]] = user

    def tied(account, user_ids):
        """Owner, current team member or coverer: what the access rule lets a user (and those above) see."""
        if account["ownerID"] in user_ids:
            return True
        team = admin.get(f"{base_url}/api/v1/accounts/{account['id']}/team", timeout=30).json()["items"]
        coverage = admin.get(f"{base_url}/api/v1/accounts/{account['id']}/coverage", timeout=30).json()["items"]
        teams = {t["id"]: set(t["memberIDs"]) for t in admin.get(f"{base_url}/api/v1/sales-teams", timeout=30).json()["items"]}
        return (any(m["userID"] in user_ids and "to" not in m for m in team)
                or any(("to" not in c) and (c.get("userID") in user_ids or teams.get(c.get("salesTeamID"), set()) & user_ids)
                       for c in coverage))

    sales = users["suzuki.hana"]
    director = users["sato"]
    below_director = {u["id"] for u in users.values() if u.get("managerID") == director["id"]} | {director["id"]}
    expected_sales = {a["name"] for a in everything if tied(a, {sales["id"]})}
    expected_director = {a["name"] for a in everything if tied(a, below_director)}
    assert expected_sales and expected_director - expected_sales, "demo data should tell the two apart"

    seen_sales = browser_account_names(driver, base_url, "suzuki.hana", password)
    assert seen_sales == expected_sales
    seen_director = browser_account_names(driver, base_url, "sato", password)
    assert seen_director == expected_director
    assert len(seen_director) < len(everything), "the director must not see the other region's accounts"


def test_account_map_leads_to_a_person(driver, base_url, creds):
    """Open an account's relationship map, follow a person's box to their page."""
    driver.delete_all_cookies()
    sign_in(driver, base_url, creds)
    wait(driver).until(EC.presence_of_element_located((By.ID, "account-list")))
    driver.find_elements(By.CSS_SELECTOR, "#account-list a.account-link")[0].click()
    wait(driver).until(EC.element_to_be_clickable((By.ID, "open-map"))).click()
    drawing = wait(driver).until(EC.presence_of_element_located((By.ID, "map-drawing")))
    boxes = drawing.find_elements(By.CSS_SELECTOR, "a g.person")
    assert boxes, "the map draws no person boxes"
    assert driver.find_elements(By.CSS_SELECTOR, "#map-drawing g.connections path"), "the demo map has no connections drawn"
    person_id = boxes[0].get_attribute("data-person")
    # An SVG link is clicked through what it draws, as a user would: the person's name.
    boxes[0].find_element(By.TAG_NAME, "text").click()
    wait(driver).until(lambda d: urlparse(d.current_url).path == f"/people/{person_id}",
                       message=f"clicking the box did not open /people/{person_id} (at {driver.current_url})")


def test_portfolio_previews_a_threshold_before_saving(driver, base_url, creds):
    """Change the potential threshold on the portfolio page: the quadrant line moves and the
    accounts that would change class are listed, while the stored classes stay as they were."""
    driver.delete_all_cookies()
    sign_in(driver, base_url, creds)
    wait(driver).until(EC.element_to_be_clickable((By.ID, "nav-portfolio"))).click()
    wait(driver).until(EC.presence_of_element_located((By.ID, "portfolio-svg")))
    dots = driver.find_elements(By.CSS_SELECTOR, "#portfolio-svg circle.dot")
    assert len(dots) >= 3, f"only {len(dots)} accounts drawn"
    assert not driver.find_elements(By.ID, "portfolio-moves"), "nothing to preview before a change"
    before_line = driver.find_element(By.ID, "cut-potential").get_attribute("x1")
    before_classes = {a["id"]: a.get("accountClass") for a in api_accounts(base_url, creds, status="qualified")}

    field = driver.find_element(By.ID, "field-potential-threshold-value")
    field.clear()
    field.send_keys("5")
    driver.find_element(By.ID, "preview-rules").click()
    section = wait(driver).until(EC.presence_of_element_located((By.ID, "portfolio-moves")))
    assert driver.find_element(By.ID, "field-potential-threshold-value").get_attribute("value") == "5"
    assert driver.find_element(By.ID, "cut-potential").get_attribute("x1") != before_line, "the quadrant line did not move"
    moved = section.find_elements(By.CSS_SELECTOR, "tr.move")
    assert moved, "a stricter potential threshold should move at least one account out of A or C"
    for row in moved:
        assert row.find_elements(By.CSS_SELECTOR, "td")[2].text in ("B", "D")
    # A preview saves nothing.
    assert {a["id"]: a.get("accountClass") for a in api_accounts(base_url, creds, status="qualified")} == before_classes
    # A dot names its account on hover (its <title>) and opens it.
    first = driver.find_elements(By.CSS_SELECTOR, "#portfolio-svg circle.dot")[0]
    name = first.find_element(By.TAG_NAME, "title").get_attribute("textContent").split(" · ")[0]
    first.click()
    heading = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "h1#account-name")))
    assert heading.text == name
