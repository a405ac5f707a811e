"""A new user's first hour with PrinterCare, in a real headless Chromium (selenium).

Usage: fleet_browser.py BASE EMAIL PASSWORD SHOTS AGENT_BIN STATE_DIR SNMP_PORT FIRST LAST EXPECT_JSON

From an empty account: the overview's empty state; add an agent and run the enrolment command the page
shows (with the real agent binary), then the agent itself; add an address range (a mistake first: the
message must appear next to the field and nothing be stored); discover now and watch the progress; the
device list; a device page with its supplies and counters (checked against EXPECT_JSON: per address
the serial, a supply description and the total page count); edit the device's location note with HTML
in it (it must stay text); the alerts, schedules and settings pages; every main page in Polish, Dutch
and German (no untranslated catalog key); revoke the agent. Prints one JSON object and exits 0 only
when every step passed.
"""
import json
import os
import re
import shlex
import subprocess
import sys
import time
import traceback

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

base, email, password, shots = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3], sys.argv[4]
agent_bin, state_dir, snmp_port, first, last = sys.argv[5], sys.argv[6], sys.argv[7], sys.argv[8], sys.argv[9]
expect = json.loads(sys.argv[10])
os.makedirs(shots, exist_ok=True)
steps = []
agent = None


def step(name, ok, detail=""):
    steps.append({"step": name, "ok": bool(ok), "detail": str(detail)[:500]})
    if not ok:
        raise AssertionError(f"{name}: {detail}")


def shot(driver, name):
    path = os.path.join(shots, name + ".png")
    driver.save_screenshot(path)
    steps.append({"step": "screenshot " + name, "ok": os.path.getsize(path) > 1000})


def go(driver, path):
    driver.get(base + path)


def h1(driver):
    return driver.find_element(By.TAG_NAME, "h1").text.strip()


def submit(driver, action_suffix):
    """Clicks the submit button of the form whose action ends with `action_suffix`."""
    form = [f for f in driver.find_elements(By.CSS_SELECTOR, "form")
            if (f.get_attribute("action") or "").endswith(action_suffix)]
    step("form " + action_suffix + " present", form, driver.current_url)
    form[0].find_element(By.CSS_SELECTOR, "button[type=submit], input[type=submit]").click()
    # Every form posts and the answer is a new page: wait until the old one is gone.
    WebDriverWait(driver, 30, poll_frequency=0.1).until(EC.staleness_of(form[0]))


def fill(driver, name, value):
    field = driver.find_element(By.NAME, name)
    if field.tag_name == "select":
        Select(field).select_by_value(value)
    else:
        field.clear()
        field.send_keys(value)


def no_raw_keys(driver, where):
    """No catalog key leaked into the page (a text like `devices.list.title`)."""
    text = driver.find_element(By.TAG_NAME, "body").text
    leaked = re.findall(r"\b(?:nav|devices|ranges|schedules|admin|agents|alerts|settings|fleet|time|validation)\.[a-z_]+(?:\.[a-z_]+)*\b", text)
    step("no raw keys on " + where, not leaked, leaked[:5])


def wait_for(driver, condition, timeout, what):
    try:
        WebDriverWait(driver, timeout, poll_frequency=0.5).until(condition)
    except Exception:
        step(what, False, driver.current_url + " " + driver.find_element(By.TAG_NAME, "body").text[:800])


def make_driver(width=1280, height=1000):
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--lang=en-GB",
                 f"--window-size={width},{height}", "--disable-gpu"]:
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": "en-GB,en"})
    service = Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(30)
    return driver


def run():
    global agent
    driver = make_driver()
    try:
        # Sign in; the overview shows the empty state with the way to begin.
        go(driver, "/login")
        fill(driver, "email", email)
        fill(driver, "password", password)
        submit(driver, "/login")
        wait_for(driver, lambda d: d.current_url.rstrip("/") == base, 20, "signed in")
        step("overview empty state links to agents", driver.find_elements(By.CSS_SELECTOR, "main a[href^='/agents']"))
        shot(driver, "01-overview-empty")

        # Add an agent: the page shows the enrolment command once.
        go(driver, "/agents/new")
        shot(driver, "02-agent-new")
        fill(driver, "name", "Office agent")
        submit(driver, "/agents")
        body = driver.find_element(By.TAG_NAME, "body").text
        match = re.search(r"printercare-agent enroll [^\n]*--token\s+(\S+)", body)
        step("enrolment command shown", match, body[:600])
        shot(driver, "03-agent-command")
        command = shlex.split(match.group(0))
        enrolled = subprocess.run([agent_bin] + command[1:] + ["--state-dir", state_dir],
                                  capture_output=True, text=True, timeout=60)
        step("the shown command enrols the agent", enrolled.returncode == 0, enrolled.stderr[-800:])
        log = open(os.path.join(state_dir, "run.log"), "w")
        agent = subprocess.Popen([agent_bin, "run", "--state-dir", state_dir, "--timeout", "1"],
                                 stdout=log, stderr=subprocess.STDOUT)
        go(driver, "/agents")
        step("agent listed", "Office agent" in driver.find_element(By.TAG_NAME, "main").text)

        # A range: a mistake first (last before first): message next to the field, nothing stored.
        go(driver, "/ranges/new")
        fill(driver, "name", "Lab network")
        fill(driver, "first_address", last)
        fill(driver, "last_address", first)
        fill(driver, "snmp_port", snmp_port)
        submit(driver, "/ranges")
        invalid = driver.find_elements(By.CSS_SELECTOR, "[aria-invalid=true]")
        step("bad range refused next to its field", invalid, driver.find_element(By.TAG_NAME, "main").text[:500])
        described = invalid[0].get_attribute("aria-describedby") or ""
        step("the message is tied to the field", described and driver.find_elements(By.ID, described.split()[-1]), described)
        shot(driver, "04-range-error")
        fill(driver, "first_address", first)
        fill(driver, "last_address", last)
        fill(driver, "snmp_port", snmp_port)
        fill(driver, "snmp_community", "public")
        Select(driver.find_element(By.NAME, "agent_id")).select_by_visible_text("Office agent")
        submit(driver, "/ranges")
        wait_for(driver, lambda d: "Lab network" in d.find_element(By.TAG_NAME, "main").text
                 and not d.find_elements(By.CSS_SELECTOR, "[aria-invalid=true]"), 10, "range saved")
        go(driver, "/ranges")
        ranges = [a for a in driver.find_elements(By.CSS_SELECTOR, "main a[href^='/ranges/']")
                  if re.fullmatch(r".*/ranges/\d+", a.get_attribute("href") or "")]
        step("one range listed", len({a.get_attribute("href") for a in ranges}) == 1, [a.get_attribute("href") for a in ranges])
        range_url = ranges[0].get_attribute("href")

        # Discover now, and watch it finish on the range page (JavaScript updates it in place).
        go(driver, range_url[len(base):])
        submit(driver, "/discover")
        wait_for(driver, lambda d: "/ranges/" in d.current_url, 10, "range page after discover")
        started = time.time()
        wait_for(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "main a[href^='/devices/']")) >= 3
                 or (time.time() - started > 10 and d.refresh()), 120, "three printers found on the range page")
        shot(driver, "05-range-progress")

        # The device list: exactly the three printers (the AIX server is not one).
        go(driver, "/devices")
        rows = driver.find_elements(By.CSS_SELECTOR, "main tbody tr")
        step("three devices listed", len(rows) == 3, driver.find_element(By.TAG_NAME, "main").text[:800])
        text = driver.find_element(By.TAG_NAME, "main").text
        for address in expect:
            step("device " + address + " listed", address in text, text[:400])
        shot(driver, "06-devices")
        driver.set_window_size(390, 844)
        shot(driver, "07-devices-phone")
        overflow = driver.execute_script("return document.documentElement.scrollWidth > window.innerWidth + 2")
        step("no sideways scrolling at phone width", not overflow)
        driver.set_window_size(1280, 1000)

        # Each device page: identity, supplies and counters as recorded.
        links = {}
        for a in driver.find_elements(By.CSS_SELECTOR, "main tbody a[href^='/devices/']"):
            links[a.get_attribute("href")] = True
        for href in links:
            driver.get(href)
            page = driver.find_element(By.TAG_NAME, "main").text
            address = next((a for a in expect if a in page), None)
            step("device page names its address", address, page[:300])
            facts = expect[address]
            if facts.get("serial"):
                step(address + " serial shown", facts["serial"] in page, facts["serial"])
            step(address + " supply shown", facts["supply"] in page, facts["supply"])
            if facts.get("total"):
                digits = re.sub(r"[^\d]", "", page)
                step(address + " total pages shown", str(facts["total"]) in digits, facts["total"])
            step(address + " level bars drawn", driver.find_elements(By.CSS_SELECTOR, "main svg"))
            if facts.get("total"):
                device_url = href
        shot(driver, "08-device")

        # Stored text with HTML in it stays text.
        driver.get(device_url)
        trap = '<img src=x id=pwned onerror="document.title=1">Room 2'
        fill(driver, "location_note", trap)
        submit(driver, "/fields")
        wait_for(driver, lambda d: "Room 2" in d.find_element(By.TAG_NAME, "main").text, 10, "location note saved")
        step("HTML in a location note is inert", not driver.find_elements(By.ID, "pwned")
             and trap in driver.find_element(By.TAG_NAME, "main").text)
        shot(driver, "09-device-edited")

        for path, name in [("/alerts", "10-alerts"), ("/schedules", "11-schedules"), ("/settings", "11-settings"), ("/", "11-overview")]:
            go(driver, path)
            step(path + " renders", driver.find_elements(By.TAG_NAME, "h1"), driver.title)
            no_raw_keys(driver, path)
            shot(driver, name)

        # Every main page in the other three languages.
        for language, word in [("pl", "Urządzenia"), ("nl", "Apparaten"), ("de", "Geräte")]:
            go(driver, "/profile")
            fill(driver, "language", language)
            submit(driver, "/profile/language")
            for path in ["/", "/devices", device_url[len(base):], "/alerts", range_url[len(base):], "/ranges", "/schedules",
                         "/agents", "/settings", "/settings/tokens"]:
                go(driver, path)
                lang = driver.find_element(By.TAG_NAME, "html").get_attribute("lang")
                step(f"{path} in {language}", lang == language and word in driver.find_element(By.TAG_NAME, "nav").text, lang)
                no_raw_keys(driver, f"{path} ({language})")
            shot(driver, f"13-devices-{language}")
        go(driver, "/profile")
        fill(driver, "language", "en")
        submit(driver, "/profile/language")

        # Revoke the agent, with confirmation.
        go(driver, "/agents")
        agent_links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "main a[href^='/agents/']")
                       if re.fullmatch(r".*/agents/\d+", a.get_attribute("href") or "")]
        step("agent linked", agent_links)
        go(driver, agent_links[0][len(base):] + "/revoke")
        submit(driver, "/revoke")
        go(driver, agent_links[0][len(base):])
        step("agent shown as revoked", "revoked" in driver.find_element(By.TAG_NAME, "main").text.lower())
        shot(driver, "12-agent-revoked")
    finally:
        driver.quit()


try:
    run()
    ok = all(s["ok"] for s in steps)
except Exception:
    steps.append({"step": "exception", "ok": False, "detail": traceback.format_exc()[-1500:]})
    ok = False
finally:
    if agent is not None:
        agent.terminate()
        try:
            agent.wait(10)
        except Exception:
            agent.kill()
print(json.dumps({"ok": ok, "steps": steps}, ensure_ascii=False))
sys.exit(0 if ok else 1)
