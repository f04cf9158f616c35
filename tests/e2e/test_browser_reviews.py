"""A manager in Chromium opens the reviews due, records a customer requalification and sees the next due date."""

import uuid
from urllib.parse import urlparse

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from conftest import HTTP_TIMEOUT
from test_browser import left_page, sign_in, wait


def add_months(day, months):
    import calendar
    import datetime
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def test_complete_a_customer_requalification_from_my_reviews(driver, base_url, creds, api):
    import datetime
    driver.delete_all_cookies()
    sign_in(driver, base_url, creds)
    wait(driver).until(EC.element_to_be_clickable((By.ID, "nav-reviews"))).click()
    wait(driver).until(EC.element_to_be_clickable((By.ID, "scope-team"))).click()
    table = wait(driver).until(EC.presence_of_element_located((By.ID, "reviews")))
    rows = table.find_elements(By.CSS_SELECTOR, "tbody tr[data-kind='customer']")
    assert rows, "the demo has key accounts with a customer review on the calendar"
    account_id = int(rows[0].get_attribute("data-account"))
    before = api.get(f"{base_url}/api/v1/accounts/{account_id}/evaluations", timeout=HTTP_TIMEOUT).json()
    due = next(r["dueOn"] for r in before["next"] if r["kind"] == "customer")
    rows[0].find_element(By.CSS_SELECTOR, "a.record-review").click()

    form = wait(driver).until(EC.presence_of_element_located((By.ID, "review-form")))
    assert urlparse(driver.current_url).path == f"/accounts/{account_id}/reviews"
    findings = "再評価: 取引量は安定 " + uuid.uuid4().hex[:6]
    form.find_element(By.ID, "field-findings").send_keys(findings)
    driver.find_element(By.ID, "record-review").click()
    wait(driver).until(left_page(form), message="recording the review did not reload the page")

    held = wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "article.held-review[data-kind='customer']")))
    assert findings in held.text
    after = api.get(f"{base_url}/api/v1/accounts/{account_id}/evaluations", timeout=HTTP_TIMEOUT).json()
    next_due = next(r["dueOn"] for r in after["next"] if r["kind"] == "customer")
    assert next_due > due
    months = {"A": [1, 3], "B": [3], "C": [3], "D": [6]}
    account = api.get(f"{base_url}/api/v1/accounts/{account_id}", timeout=HTTP_TIMEOUT).json()
    assert next_due in [add_months(datetime.date.fromisoformat(due), m).isoformat() for m in months.get(account.get("accountClass"), [3])]
    shown = driver.find_element(By.CSS_SELECTOR, "#next-reviews tr[data-kind='customer'] td.due-on").text
    assert str(int(next_due[8:10])) in shown and next_due[:4] in shown
