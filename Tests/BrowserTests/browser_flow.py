"""Drives a real headless Chromium through PrinterCare's web shell with selenium.

Usage: browser_flow.py BASE_URL EMAIL PASSWORD SCREENSHOT_DIR

Steps: a wrong password is refused with the generic message; sign in; the fleet overview shows its
empty state; the users page lists the admin; the same page at phone width; sign out; the fleet page
now sends the browser back to the sign-in form. Prints one JSON object with every step and exits 0
only when all passed. The browser gets English so the assertions can name texts.
"""
import json
import os
import sys
import traceback

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

base, email, password, shots = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3], sys.argv[4]
os.makedirs(shots, exist_ok=True)
steps = []


def step(name, ok, detail=""):
    steps.append({"step": name, "ok": bool(ok), "detail": detail})
    if not ok:
        raise AssertionError(f"{name}: {detail}")


def shot(driver, name):
    path = os.path.join(shots, name + ".png")
    driver.save_screenshot(path)
    steps.append({"step": "screenshot", "ok": os.path.getsize(path) > 1000, "detail": path})


def heading(driver):
    return driver.find_element(By.TAG_NAME, "h1").text.strip()


def sign_in(driver, address, secret):
    driver.find_element(By.ID, "field-email").clear()
    driver.find_element(By.ID, "field-email").send_keys(address)
    driver.find_element(By.ID, "field-password").send_keys(secret)
    driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button[type='submit']").click()


options = webdriver.ChromeOptions()
options.binary_location = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--window-size=1280,900", "--lang=en-US", "--no-first-run", "--disable-extensions"]:
    options.add_argument(argument)
options.add_experimental_option("prefs", {"intl.accept_languages": "en-US,en"})
service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))

driver = None
ok = False
try:
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(30)
    wait = WebDriverWait(driver, 15)

    driver.get(base + "/login")
    step("login page opens", heading(driver) == "Sign in", heading(driver))
    step("stylesheet is a content-hash URL",
         "/static/" in driver.find_element(By.CSS_SELECTOR, "link[rel='stylesheet']").get_attribute("href"))
    shot(driver, "01-login")

    sign_in(driver, email, password + "-wrong")
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".notice-error")))
    message = driver.find_element(By.CSS_SELECTOR, ".notice-error").text
    step("wrong password is refused", message == "Wrong e-mail or password.", message)
    step("e-mail is kept, password is not",
         driver.find_element(By.ID, "field-email").get_attribute("value") == email
         and driver.find_element(By.ID, "field-password").get_attribute("value") == "")
    shot(driver, "02-login-failed")

    sign_in(driver, email, password)
    wait.until(EC.url_to_be(base + "/"))
    step("signed in, fleet overview", heading(driver) == "Fleet", heading(driver))
    step("empty state shown", "No devices yet" in driver.find_element(By.CSS_SELECTOR, ".empty-state").text)
    shot(driver, "03-fleet")

    driver.find_element(By.LINK_TEXT, "Users").click()
    wait.until(EC.url_to_be(base + "/users"))
    step("users page", heading(driver) == "Users", heading(driver))
    step("admin listed", email in driver.find_element(By.CSS_SELECTOR, "table").text)
    shot(driver, "04-users")

    driver.set_window_size(390, 844)
    shot(driver, "05-users-phone")
    driver.set_window_size(1280, 900)

    driver.find_element(By.CSS_SELECTOR, "form[action='/logout'] button").click()
    wait.until(EC.url_contains("/login"))
    step("signed out", heading(driver) == "Sign in", heading(driver))
    shot(driver, "06-signed-out")

    driver.get(base + "/")
    step("fleet needs a session again", "/login" in driver.current_url, driver.current_url)
    ok = all(s["ok"] for s in steps)
except Exception as error:  # report every failure as a step, with the page it happened on
    steps.append({"step": "exception", "ok": False, "detail": "".join(traceback.format_exception_only(type(error), error)).strip()})
    if driver is not None:
        try:
            shot(driver, "99-failure")
            steps.append({"step": "url", "ok": False, "detail": driver.current_url})
        except Exception:
            pass
finally:
    if driver is not None:
        driver.quit()

print(json.dumps({"ok": ok, "steps": steps}))
sys.exit(0 if ok else 1)
