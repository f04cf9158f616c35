"""A key account manager in Chromium logs a meeting that reassesses a person, then finds its follow-up in their tasks."""

import uuid
from urllib.parse import urlparse

import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

from conftest import HTTP_TIMEOUT
from test_browser import left_page, sign_in, wait


def test_log_an_activity_that_changes_a_portrait(driver, base_url, creds, api):
    driver.delete_all_cookies()
    sign_in(driver, base_url, creds)
    wait(driver).until(EC.presence_of_element_located((By.ID, "account-list")))
    driver.find_elements(By.CSS_SELECTOR, "#account-list a.account-link")[0].click()
    wait(driver).until(EC.element_to_be_clickable((By.ID, "open-activities"))).click()
    form = wait(driver).until(EC.presence_of_element_located((By.ID, "activity-form")))
    account_id = int(urlparse(driver.current_url).path.split("/")[2])

    subject = "経営層会議 " + uuid.uuid4().hex[:6]
    Select(form.find_element(By.ID, "field-kind")).select_by_value("executive_meeting")
    form.find_element(By.ID, "field-subject").send_keys(subject)
    form.find_element(By.ID, "field-agenda").send_keys("Roadmap 2027")
    theirs = Select(form.find_element(By.ID, "field-theirParticipants"))
    person_id = int(theirs.options[0].get_attribute("value"))
    theirs.select_by_index(0)
    form.find_element(By.ID, "field-followUps-0--title").send_keys("Send the minutes")
    Select(form.find_element(By.ID, "field-followUps-0--ownerID")).select_by_visible_text(
        api.get(f"{base_url}/api/v1/session", timeout=HTTP_TIMEOUT).json()["user"]["displayName"])
    due = form.find_element(By.ID, "field-followUps-0--dueOn")
    driver.execute_script("arguments[0].value = '2031-01-15'", due)
    Select(form.find_element(By.ID, "field-portraitUpdates-0--personID")).select_by_value(str(person_id))
    for key, level in (("closeness", "5"), ("recognition", "4"), ("priceAcceptance", "2")):
        Select(form.find_element(By.ID, f"field-portraitUpdates-0--{key}")).select_by_value(level)
    form.find_element(By.ID, "field-portraitUpdates-0--evidence").send_keys("Championed us in the meeting")
    driver.find_element(By.ID, "log-activity-submit").click()
    # The form's page is replaced by the listing it redirects to: wait for the old one to go first.
    wait(driver).until(left_page(form), message="logging the activity did not leave the form's page")
    listing = wait(driver).until(EC.presence_of_element_located((By.ID, "activities")))
    assert subject in listing.text, f"the new activity {subject!r} is not listed"
    person = api.get(f"{base_url}/api/v1/key-persons/{person_id}", timeout=HTTP_TIMEOUT).json()
    portrait = person.get("person", person)["portrait"]
    assert (portrait["closeness"], portrait["recognition"], portrait["priceAcceptance"]) == (5, 4, 2), portrait
    history = api.get(f"{base_url}/api/v1/key-persons/{person_id}/portrait-history", timeout=HTTP_TIMEOUT).text
    assert "Championed us in the meeting" in history

    # The follow-up is in the signed-in user's tasks, linked to the activity; the timeline shows the meeting first.
    wait(driver).until(EC.element_to_be_clickable((By.ID, "nav-tasks"))).click()
    tasks = wait(driver).until(EC.presence_of_element_located((By.ID, "tasks")))
    assert "Send the minutes" in tasks.text
    driver.get(f"{base_url}/accounts/{account_id}/timeline")
    first = wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#timeline li")))
    assert subject in driver.find_element(By.ID, "timeline").text
    assert requests.codes.ok == api.get(f"{base_url}/api/v1/accounts/{account_id}/timeline", timeout=HTTP_TIMEOUT).status_code
    assert first.text


def test_take_a_small_order_from_quote_to_contract(driver, base_url, creds, api):
    """A small opportunity takes the fast track: quote, accepted, order (which wins it), contract, signed."""
    accounts = api.get(f"{base_url}/api/v1/accounts", params={"limit": 1}, timeout=HTTP_TIMEOUT).json()["items"]
    made = api.post(f"{base_url}/api/v1/opportunities", timeout=HTTP_TIMEOUT,
                    json={"name": "Spare sensors " + uuid.uuid4().hex[:6], "accountID": accounts[0]["id"],
                          "amount": {"minorUnits": 90_000, "currency": "USD"}})
    assert made.status_code == 201, made.text
    opportunity = made.json()
    assert opportunity["track"] == "fast_track", opportunity

    driver.delete_all_cookies()
    sign_in(driver, base_url, creds)
    driver.get(f"{base_url}/opportunities/{opportunity['id']}")
    form = wait(driver).until(EC.presence_of_element_located((By.ID, "quote-form")))
    form.find_element(By.ID, "field-lines-0--description").send_keys("Vibration sensor")
    form.find_element(By.ID, "field-lines-0--quantity").send_keys("12")
    form.find_element(By.ID, "field-lines-0--unitPrice").send_keys("450.00")
    form.find_element(By.ID, "field-lines-0--discountPercent").send_keys("2.5")
    driver.find_element(By.ID, "create-quote").click()
    wait(driver).until(left_page(form), message="creating the quote did not leave the opportunity's page")
    number = wait(driver).until(EC.presence_of_element_located((By.ID, "document-number"))).text
    assert number.startswith("Q-"), number
    # 12 × 450.00 less 2.5 % = 5,265.00
    assert "5,265.00" in driver.find_element(By.ID, "document-total").text

    for step in ("mark-sent", "mark-accepted", "make-order", "make-contract", "mark-sent", "mark-signed"):
        # Click only once the page has finished loading: a click during the load can be lost.
        wait(driver).until(lambda d: d.execute_script("return document.readyState") == "complete")
        button = wait(driver).until(EC.element_to_be_clickable((By.ID, step)))
        button.click()
        wait(driver).until(left_page(button), message=f"{step} did not reload the document")
    assert driver.find_element(By.ID, "document-number").text.startswith("C-")
    assert driver.find_element(By.ID, "document-status").text == "Signed"

    documents = api.get(f"{base_url}/api/v1/opportunities/{opportunity['id']}/documents", timeout=HTTP_TIMEOUT).json()["items"]
    assert [(d["kind"], d["status"]) for d in documents] == [("quote", "accepted"), ("order", "confirmed"), ("contract", "signed")], documents
    won = api.get(f"{base_url}/api/v1/opportunities/{opportunity['id']}", timeout=HTTP_TIMEOUT).json()
    assert won["stage"] == "won" and won["amount"]["minorUnits"] == 526_500, won


def test_write_a_plan_with_a_white_space_grid_and_clone_it(driver, base_url, creds, api):
    """A plan for next year: the SWOT, buying units, the white-space grid filled in the browser, then cloned for the year after."""
    accounts = api.get(f"{base_url}/api/v1/accounts", params={"limit": 5}, timeout=HTTP_TIMEOUT).json()["items"]
    account_id = accounts[-1]["id"]
    driver.delete_all_cookies()
    sign_in(driver, base_url, creds)
    driver.get(f"{base_url}/accounts/{account_id}")
    wait(driver).until(EC.element_to_be_clickable((By.ID, "open-plans"))).click()
    form = wait(driver).until(EC.presence_of_element_located((By.ID, "new-plan-form")))
    title = form.find_element(By.ID, "field-title")
    title.clear()
    name = "Grid plan " + uuid.uuid4().hex[:6]
    title.send_keys(name)
    driver.find_element(By.ID, "create-plan").click()
    edit = wait(driver).until(EC.presence_of_element_located((By.ID, "plan-form")))
    edit.find_element(By.ID, "field-situation-strengths").send_keys("Incumbent in head office")
    edit.find_element(By.ID, "field-buyingUnits").send_keys("Plant IT\nFinance")
    driver.find_element(By.ID, "save-plan").click()
    wait(driver).until(left_page(edit), message="saving the plan did not leave the form")
    wait(driver).until(EC.element_to_be_clickable((By.ID, "edit-plan"))).click()
    grid = wait(driver).until(EC.presence_of_element_located((By.ID, "white-space-form")))
    Select(grid.find_element(By.ID, "ws-0-0")).select_by_value("installed")
    Select(grid.find_element(By.ID, "ws-1-0")).select_by_value("competitor")
    driver.find_element(By.ID, "save-plan").click()
    table = wait(driver).until(EC.presence_of_element_located((By.ID, "white-space")))
    assert len(table.find_elements(By.CSS_SELECTOR, "td.ws-installed")) == 1 and len(table.find_elements(By.CSS_SELECTOR, "td.ws-competitor")) == 1
    assert "Incumbent in head office" in driver.find_element(By.ID, "plan-situation").text
    plan_id = int(urlparse(driver.current_url).path.split("/")[2])

    driver.find_element(By.ID, "clone-plan").click()
    wait(driver).until(lambda d: urlparse(d.current_url).path != f"/plans/{plan_id}", message="cloning did not open the new plan")
    clone_id = int(urlparse(driver.current_url).path.split("/")[2])
    cloned = api.get(f"{base_url}/api/v1/plans/{clone_id}", timeout=HTTP_TIMEOUT).json()["plan"]
    original = api.get(f"{base_url}/api/v1/plans/{plan_id}", timeout=HTTP_TIMEOUT).json()["plan"]
    assert cloned["clonedFrom"] == plan_id
    assert int(cloned["draft"]["periodStart"][:4]) == int(original["draft"]["periodStart"][:4]) + 1
    assert sorted(c["state"] for c in cloned["draft"]["whiteSpace"]) == ["competitor", "installed"]
    assert len(wait(driver).until(EC.presence_of_element_located((By.ID, "white-space"))).find_elements(By.CSS_SELECTOR, "td.ws-installed")) == 1
