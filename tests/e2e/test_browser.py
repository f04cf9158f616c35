"""A person in Chromium: sign in, open an account, rename it (Japanese), see the new name."""

import uuid
from urllib.parse import urlparse

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

WAIT = 10  # seconds


def wait(driver):
    return WebDriverWait(driver, WAIT)


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
