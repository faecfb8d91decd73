"""Drives the built page in WebKitGTK (Safari's engine): Debian's WebKitWebDriver and MiniBrowser
through Selenium, on a private Xvfb display. run() opens, waits for ready, trains, reads the names
and tries one bad setting; it returns what it saw, like firefox.mjs."""
import glob
import os
import shutil
import subprocess
import time
from contextlib import contextmanager

DRIVER = "/usr/bin/WebKitWebDriver"
LIMIT = 180  # seconds: generous for a busy 2-core machine; a hang still ends, with a message
# Click Train; answer the milliseconds, timed inside the page, until the lab says "done".
TRAIN = """const answer = arguments[arguments.length - 1];
const lab = document.querySelector("[data-lab]");
const start = performance.now();
new MutationObserver(() => {
  if (lab.dataset.state === "done") answer(performance.now() - start);
}).observe(lab, {attributes: true});
document.querySelector("[data-action=train]").click();"""


def minibrowser():
    found = sorted(glob.glob("/usr/lib/*/webkit2gtk-4.*/MiniBrowser"))
    return found[-1] if found else None


def missing():
    """What this machine lacks to run WebKit, or None."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "pip selenium"
    lacking = [name for name, ok in [("webkit2gtk-driver", os.path.exists(DRIVER)),
                                     ("MiniBrowser", minibrowser()),
                                     ("xvfb", shutil.which("Xvfb"))] if not ok]
    return " ".join(lacking) or None


@contextmanager
def xvfb():
    """A fresh X display; Xvfb writes its number to the pipe once it accepts clients."""
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x1024x24",
                               "-nolisten", "tcp"], pass_fds=[write], stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    try:
        assert number, f"Xvfb did not start (exit {server.poll()})"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=30)


# What the page shows, for a timeout's message.
SHOWN = """const lab = document.querySelector("[data-lab]");
return JSON.stringify({state: lab?.dataset.state, ready: document.body.dataset.ready ?? null,
  failed: document.body.dataset.failed ?? null,
  message: document.querySelector("[data-message]")?.textContent,
  phases: [...document.querySelectorAll("[data-phase]")].map((p) =>
    `${p.dataset.phase}:${p.dataset.status ?? "-"}`)});"""

READY_OR_ERROR = """return document.body.dataset.ready === "1" ? "ready"
  : document.querySelector("[data-lab]")?.dataset.state === "error" ? "error" : null;"""


def until(driver, fn, what):
    deadline = time.monotonic() + LIMIT
    while not (value := fn(driver)):
        if time.monotonic() > deadline:
            raise AssertionError(f"WebKit: timed out waiting for {what}; the page shows "
                                 f"{driver.execute_script(SHOWN)}")
        time.sleep(0.1)
    return value


def run(url, steps, lang):
    """Open url?steps=N with the process locale `lang`; LANG=C.UTF-8 makes navigator.language
    "C"."""
    from selenium import webdriver
    from selenium.webdriver.common.by import By

    with xvfb() as display:
        env = {**os.environ, "DISPLAY": display, "LANG": lang, "LC_ALL": lang, "LANGUAGE": ""}
        options = webdriver.WebKitGTKOptions()
        options.binary_location = minibrowser()
        options.add_argument("--automation")
        service = webdriver.WebKitGTKService(executable_path=DRIVER, env=env)
        driver = webdriver.WebKitGTK(options=options, service=service)
        try:
            driver.set_script_timeout(LIMIT)
            script = driver.execute_script
            opened = time.monotonic()
            driver.get(f"{url}?steps={steps}")
            # ready, or the lab's start-up error (say, Python not started within its limit)
            if until(driver, lambda d: script(READY_OR_ERROR), "ready") == "error":
                raise AssertionError(f"WebKit: the page did not start: {script(SHOWN)}")
            seen = {"openMs": (time.monotonic() - opened) * 1000, "lang": script(
                "return navigator.language"), "readyMs": script(
                "return performance.getEntriesByName('microgpt-ready')[0]?.startTime ?? null")}
            seen["trainMs"] = driver.execute_async_script(TRAIN)
            seen.update(script("""return {
              step: Number(document.querySelector("[data-lab]").dataset.step),
              names: [...document.querySelectorAll("[data-sample] .sample-name")]
                .map((n) => n.textContent),
              points: Number(document.querySelector("[data-chart]").dataset.points),
              canvas: document.querySelectorAll("[data-chart] canvas").length,
              failed: document.body.dataset.failed ?? null,
            }"""))
            # one refusal: 16 dimensions cannot be split among 3 heads (settings unfolded first)
            driver.find_element(By.CSS_SELECTOR, "[data-settings] summary").click()
            field = driver.find_element(By.CSS_SELECTOR, "[name=n_head]")
            field.clear()
            field.send_keys("3")
            error = driver.find_element(By.CSS_SELECTOR, "[data-error-for=n_head]")
            until(driver, lambda d: "3" in error.text, "the n_head message")  # not "Enter a value"
            seen["refusal"] = {"text": error.text, "invalid": field.get_attribute("aria-invalid"),
                               "sampleDisabled": not driver.find_element(
                                   By.CSS_SELECTOR, "[data-action=sample]").is_enabled()}
            seen["browser"] = f"WebKitGTK {driver.capabilities.get('browserVersion')}"
            return seen
        finally:
            driver.quit()
