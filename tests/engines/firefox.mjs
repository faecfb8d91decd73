// Drives the built page in Debian's Firefox ESR through puppeteer-core (WebDriver BiDi; no browser
// is downloaded): open, wait for ready, train the given steps, read the names, try one bad setting.
// Usage: node firefox.mjs URL STEPS [FIREFOX]; prints one JSON line with what it saw.
// Every page-side call is a function: the page's CSP refuses string eval.
import puppeteer from "puppeteer-core";

const [url, stepsArg, firefox = "/usr/bin/firefox-esr"] = process.argv.slice(2);
const steps = Number(stepsArg);
const LIMIT = 180_000; // generous: a busy 2-core machine; a hang still ends, with a message

const browser = await puppeteer.launch({
  browser: "firefox", executablePath: firefox, headless: true, protocolTimeout: LIMIT,
  extraPrefsFirefox: { "intl.locale.requested": "en-US", "intl.accept_languages": "en-US" },
});
const errors = [];
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  page.on("pageerror", (e) => errors.push(`uncaught: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  const wait = (fn, arg) => page.waitForFunction(fn, { polling: 100, timeout: LIMIT }, arg);

  const opened = performance.now();
  await page.goto(`${url}?steps=${steps}`);
  // ready, or the lab's start-up error (say, Python not started within its limit)
  await wait(() => document.body.dataset.ready === "1"
    || document.querySelector("[data-lab]")?.dataset.state === "error");
  const message = await page.evaluate(() => document.body.dataset.ready === "1" ? null
    : document.querySelector("[data-message]")?.textContent ?? "no message");
  if (message !== null) throw new Error(`the page did not start: ${message}`);
  const openMs = performance.now() - opened;
  const { lang, readyMs } = await page.evaluate(() => ({ lang: navigator.language,
    readyMs: performance.getEntriesByName("microgpt-ready")[0]?.startTime ?? null }));

  // timed inside the page, from the click to the lab's "done"
  const trainMs = await page.evaluate(() => new Promise((resolve) => {
    const lab = document.querySelector("[data-lab]");
    const start = performance.now();
    new MutationObserver(() => {
      if (lab.dataset.state === "done") resolve(performance.now() - start);
    }).observe(lab, { attributes: true });
    document.querySelector("[data-action=train]").click();
  }));
  const seen = await page.evaluate(() => ({
    step: Number(document.querySelector("[data-lab]").dataset.step),
    names: [...document.querySelectorAll("[data-sample] .sample-name")].map((n) => n.textContent),
    points: Number(document.querySelector("[data-chart]").dataset.points),
    canvas: document.querySelectorAll("[data-chart] canvas").length,
    failed: document.body.dataset.failed ?? null,
  }));

  // one refusal: 4 heads cannot split 16 dimensions into 3 (the settings unfolded first)
  await page.click("[data-settings] summary");
  await page.click("[name=n_head]", { count: 3 });
  await page.keyboard.type("3");
  await wait(() => document.querySelector("[data-error-for=n_head]").textContent.includes("3"));
  const refusal = await page.evaluate(() => ({
    text: document.querySelector("[data-error-for=n_head]").textContent,
    invalid: document.querySelector("[name=n_head]").getAttribute("aria-invalid"),
    sampleDisabled: document.querySelector("[data-action=sample]").disabled,
  }));
  console.log(JSON.stringify({ openMs, readyMs, trainMs, lang, ...seen, refusal, errors,
    browser: await browser.version() }));
} finally {
  await browser.close();
}
