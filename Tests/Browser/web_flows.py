"""The web app's flows in headless Chromium (selenium): what a team does in a review, end to end.

Run by scripts/browser-check against a fresh server. Each step asserts what a person would see;
screenshots of every page at desktop and phone widths go to --screenshots.
"""
import argparse
import json
import sys
import time
import urllib.parse

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

parser = argparse.ArgumentParser()
parser.add_argument("--base", required=True)
parser.add_argument("--admin-password", required=True)
parser.add_argument("--screenshots", required=True)
args = parser.parse_args()
BASE = args.base
DESKTOP = (1366, 900)
PHONE = (390, 844)
steps = []


def browser():
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--force-color-profile=srgb"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_window_size(*DESKTOP)
    return driver


def step(name):
    steps.append(name)
    print(f"-- {name}", flush=True)


def wait(driver, condition, timeout=20):
    return WebDriverWait(driver, timeout).until(condition)


def css(driver, selector):
    return driver.find_element(By.CSS_SELECTOR, selector)


def csss(driver, selector):
    return driver.find_elements(By.CSS_SELECTOR, selector)


def shot(driver, name, full=True):
    """A screenshot at desktop and phone widths (the whole page, up to 4,000 pixels, unless `full` is off)."""
    for label, (width, height) in (("desktop", DESKTOP), ("phone", PHONE)):
        driver.set_window_size(width, height)
        time.sleep(0.15)
        if full:
            whole = driver.execute_script("return Math.min(document.documentElement.scrollHeight, 4000)")
            driver.set_window_size(width, max(height, whole + 200))
        time.sleep(0.15)
        driver.save_screenshot(f"{args.screenshots}/{name}-{label}.png")
    driver.set_window_size(*DESKTOP)


def sign_in(driver, name, password, succeeds=True):
    driver.get(BASE + "/signin")
    css(driver, "#name").send_keys(name)
    css(driver, "#password").send_keys(password)
    css(driver, "form[action='/signin'] button[type=submit]").click()
    if succeeds:
        wait(driver, lambda d: "/signin" not in d.current_url)


def sign_out(driver):
    css(driver, "form[action='/signout'] button").click()
    wait(driver, EC.url_contains("/signin"))


def text_of(driver, selector):
    """The text of every element matching `selector`, read in one go (lists re-render while typing)."""
    return driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.textContent).join('\\n')", selector)


def set_editor(driver, text):
    """Replaces the editor's text as typing would (input events fire)."""
    area = css(driver, "#markdown")
    driver.execute_script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));", area, text)


def no_payload_ran(driver):
    try:
        alert = driver.switch_to.alert
        raise AssertionError(f"an alert ran: {alert.text}")
    except NoAlertPresentException:
        pass
    injected = driver.execute_script(
        "return document.querySelectorAll('#doc script, #doc iframe, #doc svg, #doc math, #doc object, #doc embed, "
        "#doc [onerror], #doc [onload], #doc [onmouseover], #doc [style], #doc a[href^=\"javascript\"], #doc img[src^=\"javascript\"]').length")
    assert injected == 0, f"{injected} injected elements"
    severe = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    assert not severe, f"console errors: {severe}"


main = browser()
try:
    step("sign in as admin with the printed one-time password; choose a new one")
    sign_in(main, "admin", args.admin_password)
    wait(main, EC.url_contains("/account/password"))
    shot(main, "password")
    css(main, "#current").send_keys(args.admin_password)
    css(main, "#new").send_keys("admin-password-1")
    css(main, "#confirm").send_keys("admin-password-1")
    css(main, "form[action='/account/password'] button").click()
    wait(main, EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".notice"), "Password changed"))
    shot(main, "dashboard")
    main.get(BASE + "/admin")
    assert "ada" in main.page_source and "pat" in main.page_source
    shot(main, "admin")
    main.get(BASE + "/admin/audit")
    shot(main, "audit")
    sign_out(main)

    step("sign-in page; a wrong password is refused")
    sign_in(main, "ada", "not-her-password", succeeds=False)
    wait(main, EC.presence_of_element_located((By.CSS_SELECTOR, "#signin-error")))
    shot(main, "signin")

    step("ada creates a spec from each built-in template")
    sign_in(main, "ada", "password-of-ada")
    wait(main, EC.presence_of_element_located((By.CSS_SELECTOR, "table.specs")))
    for template in ("feature-spec", "system-design"):
        main.get(BASE + "/new")
        if template == "feature-spec":
            shot(main, "new")
        css(main, "#title").send_keys(f"Browser {template}")
        css(main, f"input[name=template][value='{template}']").click()
        css(main, "form[action='/new'] button").click()
        wait(main, EC.url_contains(f"/specs/browser-{template}/edit"))
    step("the editor checks while typing: a finding appears, then clears")
    wait(main, EC.text_to_be_present_in_element((By.ID, "live-summary"), "% complete"))
    original = css(main, "#markdown").get_attribute("value")
    set_editor(main, original + "\n```json\n{\"broken\": }\n```\n")
    wait(main, lambda d: "json" in text_of(d, "#live-findings li"))
    main.execute_script("window.scrollTo(0, 0)")
    shot(main, "editor", full=False)
    main.execute_script("Array.from(document.querySelectorAll('#live-findings li button')).find(b => b.textContent.includes('json')).click()")
    position = main.execute_script("const a = document.getElementById('markdown'); return a.value.slice(0, a.selectionStart).split('\\n').length")
    assert position > original.count("\n"), f"the cursor went to line {position}"
    set_editor(main, original)
    wait(main, lambda d: "json" not in text_of(d, "#live-findings li"))
    css(main, "#message").send_keys("first pass")
    css(main, "form#editor button[type=submit]").click()
    wait(main, EC.url_contains("/specs/browser-system-design"))

    step("a refused move lists its unmet gates")
    main.get(BASE + "/specs/browser-feature-spec")
    move = css(main, "form.move input[name=target][value=IN_REVIEW]").find_element(By.XPATH, "..")
    move.find_element(By.CSS_SELECTOR, "button").click()
    wait(main, EC.text_to_be_present_in_element((By.ID, "inplace-message"), "Not moved"))
    assert "review.no-placeholders" in css(main, "#inplace-message").text

    step("payment-retries: ada ticks the review checklist in place")
    main.get(BASE + "/specs/payment-retries")
    shot(main, "spec")
    pressed = ("return Array.from(document.querySelectorAll('#checklist button.check'))"
               ".some(b => b.textContent.includes(arguments[0]) && b.getAttribute('aria-pressed') === 'true')")
    for item in ("Technical spec reviewed and approved", "Security review completed", "Performance requirements validated", "Code standards verified"):
        if main.execute_script(pressed, item):
            continue
        main.execute_script("Array.from(document.querySelectorAll('#checklist button.check')).find(b => b.textContent.includes(arguments[0])).click()", item)
        wait(main, lambda d, item=item: d.execute_script(pressed, item))
        # The button keeps the keyboard focus after the panel is redrawn.
        assert main.execute_script("return document.activeElement.textContent.includes(arguments[0])", item)
    sign_out(main)

    step("sam raises a concern on a passage selected in the spec, with a suggested edit")
    passage = "We currently give up after the first failure."
    replacement = "We currently give up after the first failure, which loses recoverable revenue."
    sign_in(main, "sam", "password-of-sam")
    main.get(BASE + "/specs/payment-retries")
    main.execute_script("""
        const walker = document.createTreeWalker(document.getElementById('doc'), NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
          const at = walker.currentNode.textContent.indexOf(arguments[0]);
          if (at < 0) continue;
          const range = document.createRange();
          range.setStart(walker.currentNode, at);
          range.setEnd(walker.currentNode, at + arguments[0].length);
          document.getSelection().removeAllRanges();
          document.getSelection().addRange(range);
          return;
        }""", passage)
    wait(main, EC.visibility_of_element_located((By.ID, "selection-comment")))
    css(main, "#selection-comment").click()
    assert css(main, "#thread-quote").get_attribute("value") == passage
    assert main.execute_script("const s = document.getElementById('thread-section'); return s.options[s.selectedIndex].text.trim()") == "Purpose"
    assert main.switch_to.active_element.get_attribute("id") == "thread-body"
    main.execute_script("document.getElementById('thread-kind').value = 'concern'")
    css(main, "#thread-body").send_keys("Giving up is the problem: say what it costs. @ada")
    css(main, "#thread-suggestion").send_keys(replacement)
    css(main, "#new-thread button[type=submit]").click()
    wait(main, EC.url_contains("done=thread"))
    assert "1 open concern blocking approval" in css(main, "#discussion").text
    shot(main, "review-concern")
    main.execute_script("document.getElementById('thread-1').scrollIntoView()")
    main.save_screenshot(f"{args.screenshots}/review-thread.png")
    sign_out(main)

    step("pat's approval is refused, listing the open concern")
    sign_in(main, "pat", "password-of-pat")
    main.get(BASE + "/specs/payment-retries")
    assert "approved.no-open-concerns" in css(main, "#lifecycle").text
    approve = css(main, "form.move input[name=target][value=APPROVED]").find_element(By.XPATH, "..")
    approve.find_element(By.CSS_SELECTOR, "button").click()
    wait(main, EC.text_to_be_present_in_element((By.ID, "inplace-message"), "Not moved"))
    refusal = css(main, "#inplace-message").text
    assert "open concern #1 by sam on 'Overview › Purpose'" in refusal and "approved.no-open-concerns" in refusal, refusal
    sign_out(main)

    step("ada replies, applies the suggested edit and asks tom to review; sam resolves the concern")
    sign_in(main, "ada", "password-of-ada")
    main.get(BASE + "/inbox")
    assert "sam mentioned you" in css(main, "ul.inbox").text
    main.get(BASE + "/specs/payment-retries#thread-1")
    css(main, "#reply-1").send_keys("Fair point, applying your wording.")
    css(main, "#thread-1 form.reply button").click()
    wait(main, EC.url_contains("done=reply"))
    css(main, "form[action='/specs/payment-retries/threads/1/suggestion/apply'] button").click()
    wait(main, EC.url_contains("done=applied"))
    assert replacement in css(main, "#doc").text
    assert "Applied the suggestion in revision" in css(main, "#thread-1").text
    css(main, "#review-users").send_keys("tom")
    css(main, "#review-request button").click()
    wait(main, EC.url_contains("done=requested"))
    sign_out(main)
    sign_in(main, "sam", "password-of-sam")
    main.get(BASE + "/specs/payment-retries#thread-1")
    css(main, "form[action='/specs/payment-retries/threads/1/resolve'] button").click()
    wait(main, EC.url_contains("done=resolved"))
    assert "blocking approval" not in css(main, "#discussion").text
    shot(main, "review-resolved")
    sign_out(main)

    step("tom's inbox shows the review request; Done clears it")
    sign_in(main, "tom", "password-of-tom")
    main.get(BASE + "/inbox")
    items = css(main, "ul.inbox").text
    assert "Review requested" in items and "ada asked you to review" in items, items
    shot(main, "inbox")
    css(main, "ul.inbox form button").click()
    wait(main, EC.url_contains("done=cleared"))
    assert "Nothing waiting for you." in main.page_source
    sign_out(main)

    step("three users sign as their roles")
    for user, role in (("tom", "Technical Lead"), ("sam", "Security Lead"), ("pat", "Product Owner")):
        sign_in(main, user, f"password-of-{user}")
        main.get(BASE + "/specs/payment-retries")
        css(main, "#signoff-role").send_keys(role)
        css(main, "form.other-role button").click()
        wait(main, lambda d, role=role: any(role in line and "Valid" in line for line in text_of(d, "#signoffs li.signoff").split("\n")))
        if user != "pat":
            sign_out(main)

    step("pat approves")
    approve = css(main, "form.move input[name=target][value=APPROVED]").find_element(By.XPATH, "..")
    approve.find_element(By.CSS_SELECTOR, "button").click()
    wait(main, EC.text_to_be_present_in_element((By.CSS_SELECTOR, "#lifecycle .badge"), "APPROVED"))
    shot(main, "approved")
    sign_out(main)

    step("a later edit makes the sign-offs stale, and the page says so")
    sign_in(main, "ada", "password-of-ada")
    main.get(BASE + "/specs/payment-retries/edit")
    text = css(main, "#markdown").get_attribute("value")
    set_editor(main, text.replace("## Overview", "## Overview\n\nA late change to the overview.", 1))
    css(main, "form#editor button[type=submit]").click()
    wait(main, EC.url_contains("/specs/payment-retries?done=saved"))
    stale = [line for line in main.execute_script(
        "return Array.from(document.querySelectorAll('#signoffs li.signoff')).map(li => li.textContent.replace(/\\s+/g, ' '))") if "Stale" in line]
    assert len(stale) == 3 and all("changed since" in text for text in stale), stale
    main.get(BASE + "/specs/payment-retries/history")
    shot(main, "history")
    main.get(BASE + "/specs/payment-retries/history?view=split")
    shot(main, "history-split")

    step("two sessions edit the same spec: the second save gets the conflict view, nothing lost")
    other = browser()
    try:
        sign_in(other, "admin", "admin-password-1")
        main.get(BASE + "/specs/browser-feature-spec/edit")
        other.get(BASE + "/specs/browser-feature-spec/edit")
        mine = css(main, "#markdown").get_attribute("value") + "\nAda's paragraph.\n"
        theirs = css(other, "#markdown").get_attribute("value") + "\nThe admin's paragraph.\n"
        set_editor(main, mine)
        css(main, "form#editor button[type=submit]").click()
        wait(main, EC.url_contains("done=saved"))
        set_editor(other, theirs)
        css(other, "form#editor button[type=submit]").click()
        wait(other, EC.presence_of_element_located((By.ID, "conflict-title")))
        kept = css(other, "#markdown").get_attribute("value").replace("\r\n", "\n")
        assert kept == theirs, "the conflict view lost the text typed"
        assert "Ada's paragraph." in css(other, ".refusal").text
        shot(other, "conflict")
        # The draft is also kept in the browser until it is saved.
        draft = other.execute_script("return localStorage.getItem('specwright.draft.browser-feature-spec')")
        assert draft and "The admin's paragraph." in json.loads(draft)["text"]
    finally:
        other.quit()

    step("templates")
    main.get(BASE + "/templates")
    shot(main, "templates")
    main.get(BASE + "/templates/system-design")
    shot(main, "template")
    sign_out(main)

    step("a reader sees no edit or sign controls; a forged post without the CSRF token is refused")
    sign_in(main, "rita", "password-of-rita")
    main.get(BASE + "/specs/browser-system-design")
    assert not csss(main, "a[href$='/edit']") and not csss(main, "form.move button") and not csss(main, "form[action$='/signoffs']")
    status = main.execute_script(
        "return fetch('/specs/browser-system-design/tick', {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'},"
        " body: 'item=x&checked=true'}).then(r => r.status)")
    assert status == 403, status
    main.get_log("browser")  # the refused fetch logs a 403; payload checks start clean

    step("a spec full of XSS payloads is inert")
    main.get(BASE + "/specs/xss-payloads")
    time.sleep(0.5)
    no_payload_ran(main)
    shot(main, "xss")
    main.get(BASE + "/specs/xss-payloads/history")
    no_payload_ran(main)

    step("dark theme, from the system's preference")
    main.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    main.get(BASE + "/specs/payment-retries")
    background = main.execute_script("return getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(15, 18, 23)", background
    shot(main, "spec-dark", full=False)
    main.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "light"}]})

    step("keyboard: the skip link comes first and every control shows where the focus is")
    main.get(BASE + "/")
    body = css(main, "body")
    body.send_keys(Keys.TAB)
    assert main.execute_script("return document.activeElement.className") == "skip"
    outline = main.execute_script("return getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", outline

    step("sign out")
    sign_out(main)
    main.get(BASE + "/")
    assert "/signin" in main.current_url
except Exception:
    # What the browser showed when a step failed, to read in the CI log and the screenshots.
    main.save_screenshot(f"{args.screenshots}/failure.png")
    print(f"failed at {main.current_url}:\n{main.find_element(By.TAG_NAME, 'body').text[:2000]}", file=sys.stderr)
    raise
finally:
    main.quit()

print(f"browser flows passed: {len(steps)} steps; screenshots in {args.screenshots}")
