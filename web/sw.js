// Service worker, scoped to this site's folder: every file of one build from a versioned cache
// (repeat visits start from disk, reloads work offline), and COOP/COEP on the documents and
// workers it serves, so a controlled page is cross-origin isolated (SharedArrayBuffer, hence
// Pyodide's interrupt buffer).
//
// build.py stamps BUILD below with {version, files: {path relative to the scope: sha256}}.
// Lifecycle: install fetches and checks every file; a new build waits until the page's
// "reload" button sends "skip-waiting" (sw-client.js), so an old page never meets new files;
// activate deletes this site's caches of other builds. Cross-origin requests pass untouched.

const BUILD = null; // stamped by build.py (null in web/: nothing to cache)

const SCOPE = self.registration.scope; // ends in "/"; caches on a shared origin carry it
const PREFIX = `microgpt ${SCOPE} `;
const CACHE = PREFIX + (BUILD ? BUILD.version : "unbuilt");
const FETCHES_AT_ONCE = 6;

// require-corp isolates in Chromium, Firefox and Safari; our files are all same-origin and the
// one cross-origin fetch (the Karpathy dataset) is CORS, which COEP allows.
const ISOLATION = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

const hex = (buffer) => [...new Uint8Array(buffer)]
  .map((b) => b.toString(16).padStart(2, "0")).join("");
const sha256 = async (response) => hex(await crypto.subtle.digest("SHA-256",
  await response.clone().arrayBuffer()));

// A copy of `path` with the expected hash: from an older build's cache when the bytes are the
// same (an update then downloads only what changed), else from the HTTP cache (the first
// visit's downloads: no second copy), else from the network, revalidated.
async function fetchChecked(path, hash, older) {
  const url = new URL(path, SCOPE).href;
  for (const cache of older) {
    const kept = await cache.match(url);
    if (kept && (await sha256(kept)) === hash) return kept;
  }
  for (const mode of ["default", "no-cache"]) {
    const response = await fetch(url, { cache: mode });
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    if ((await sha256(response)) === hash) return response;
  }
  throw new Error(`${path}: not the bytes of this build`);
}

async function precache() {
  const cache = await caches.open(CACHE);
  const names = (await caches.keys()).filter((n) => n.startsWith(PREFIX) && n !== CACHE);
  const older = await Promise.all(names.map((n) => caches.open(n)));
  const todo = Object.entries(BUILD.files);
  const next = async () => {
    for (let item = todo.pop(); item; item = todo.pop()) {
      const [path, hash] = item;
      if (await cache.match(new URL(path, SCOPE).href)) continue; // an interrupted install
      await cache.put(new URL(path, SCOPE).href, await fetchChecked(path, hash, older));
    }
  };
  await Promise.all(Array.from({ length: FETCHES_AT_ONCE }, next));
}

self.addEventListener("install", (event) => {
  if (BUILD) event.waitUntil(precache());
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys().then((names) => Promise.all(names
    .filter((n) => n.startsWith(PREFIX) && n !== CACHE).map((n) => caches.delete(n)))));
});

self.addEventListener("message", (event) => {
  if (event.data?.type === "skip-waiting") self.skipWaiting();
});

function isolated(response) {
  if (response.type === "opaque" || response.type === "opaqueredirect") return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION)) headers.set(name, value);
  // a new Response also drops the "redirected" flag, which navigations refuse
  return new Response(response.body, {
    status: response.status, statusText: response.statusText, headers,
  });
}

// Only documents and workers need the headers; every other response goes out as it was kept,
// which lets Chromium reuse the compiled wasm it caches alongside a Cache Storage entry.
const NEEDS_HEADERS = new Set(["document", "iframe", "worker", "sharedworker"]);

async function respond(request, path) {
  let response = null;
  if (path !== null) response = await (await caches.open(CACHE)).match(new URL(path, SCOPE).href);
  response ??= await fetch(request);
  return NEEDS_HEADERS.has(request.destination) ? isolated(response) : response;
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) return; // not ours: untouched
  const url = new URL(request.url);
  let path = url.pathname.slice(new URL(SCOPE).pathname.length);
  if (request.mode === "navigate" && (path === "" || path.endsWith("/"))) path += "index.html";
  if (request.mode !== "navigate" && url.search) path = null; // a query names other content
  event.respondWith(respond(request, path));
});
