// Registers sw.js for this site's folder once the page is ready (so its downloads do not compete
// with start-up), and offers a reload when a new build is waiting, instead of mixing versions.
import * as client from "./client.js";
import { t } from "./i18n.js";

function offerUpdate(waiting) {
  if (document.querySelector("[data-update]")) return;
  const bar = document.createElement("div");
  bar.className = "update-bar";
  bar.dataset.update = "";
  bar.setAttribute("role", "status");
  const text = document.createElement("span");
  text.dataset.i18n = "common.update.ready";
  text.textContent = t(text.dataset.i18n);
  const button = document.createElement("button");
  button.type = "button";
  button.dataset.action = "update-reload";
  button.dataset.i18n = "common.update.reload";
  button.textContent = t(button.dataset.i18n);
  button.addEventListener("click", () => {
    button.disabled = true;
    // the new worker takes over, then the page reloads under it (controllerchange below)
    waiting.postMessage({ type: "skip-waiting" });
  });
  bar.append(text, " ", button);
  document.body.append(bar);
}

function watch(registration) {
  const check = (worker) => {
    // "installed" with a controller present: a new build waits behind the running one
    if (worker?.state === "installed" && navigator.serviceWorker.controller) offerUpdate(worker);
  };
  const follow = (worker) => worker?.addEventListener("statechange", () => check(worker));
  check(registration.waiting);
  follow(registration.installing);
  registration.addEventListener("updatefound", () => follow(registration.installing));
}

async function register() {
  // Relative URL and scope: the site's own folder, never the origin's root (shared on Pages).
  const registration = await navigator.serviceWorker.register("./sw.js", { scope: "./" });
  watch(registration);
}

// Python up and the page's parts mounted (body[data-ready]); at once if Python failed.
function pageReady() {
  return client.ready.then(() => new Promise((resolve) => {
    const done = () => document.body.dataset.ready === "1";
    if (done()) return resolve();
    const watch = new MutationObserver(() => {
      if (!done()) return;
      watch.disconnect();
      resolve();
    });
    watch.observe(document.body, { attributes: true, attributeFilter: ["data-ready"] });
  }), () => {});
}

if ("serviceWorker" in navigator && window.isSecureContext) {
  const hadController = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (hadController) window.location.reload(); // the reader accepted a new build
  });
  pageReady().then(() => register()).catch((e) => {
    console.warn(`service worker not registered: ${e.message}`); // the page works without it
  });
}
