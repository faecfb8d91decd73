// Keeps the reader's models in this browser (IndexedDB), so a reload carries on where they were.
// One record per tab, under "tab:<id>" (the id lives in the tab's sessionStorage, so it
// survives a reload and differs between tabs): two tabs never write the same record.
// A record: {schema, tab, checkpoint, dataset: {preset, name, text}, settings, step, saved_at}
// (pages before schema 2 kept one record, under "current", with no schema: schema 1).
// A record of a schema this page does not know (a later page wrote it) is never read nor deleted.
// Storage can fail (private windows, a full disk, a blocked database): every function here
// resolves with what happened and never throws, so the page works the same without it.

const DB_NAME = "microgpt";
const STORE = "resume";
export const SCHEMA = 2;
const LOCK = "microgpt-tab:"; // + a tab's id: held while that tab is open
const KEEP_OTHERS = 4; // records of closed tabs kept besides this tab's, newest first

let opening = null;

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function open() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE);
      req.onsuccess = () => {
        const db = req.result;
        // a later page upgrades the database: let it, and open again on the next call
        db.onversionchange = () => { db.close(); opening = null; };
        resolve(db);
      };
      req.onerror = () => reject(req.error);
      req.onblocked = () => reject(new Error("the browser's storage is blocked"));
    });
    opening.catch(() => { opening = null; }); // try again next time
  }
  return opening;
}

async function withStore(mode, fn) {
  const db = await open();
  const tx = db.transaction(STORE, mode);
  const done = new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error("storage transaction aborted"));
  });
  const result = await fn(tx.objectStore(STORE));
  await done;
  return result;
}

// "quota" when the browser is out of room, "unavailable" for anything else.
function reason(error) {
  return error?.name === "QuotaExceededError" ? "quota" : "unavailable";
}

function newId() {
  return crypto.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

// This tab's id: kept in sessionStorage so a reload of this tab finds its own record.
let tabId = null;
let fresh = false; // sessionStorage unavailable: this page load is its own tab
export function tab() {
  if (tabId) return tabId;
  try {
    tabId = sessionStorage.getItem("microgpt-tab");
    if (!tabId) {
      tabId = newId();
      sessionStorage.setItem("microgpt-tab", tabId);
      fresh = true;
    }
  } catch {
    tabId = newId();
    fresh = true;
  }
  return tabId;
}
const keyOf = (id) => `tab:${id}`;

// A new id for this tab: its record so far stays as it is (one it must not overwrite).
export function newTab() {
  tabId = newId();
  try { sessionStorage.setItem("microgpt-tab", tabId); } catch { /* this page load only */ }
  holdTab().catch(() => {});
  return tabId;
}
export const keyOfTab = () => keyOf(tab());

// The schema of a record: 1 before records carried one; null when it is not a number.
export function schemaOf(record) {
  if (record.schema === undefined) return 1;
  return Number.isInteger(record.schema) ? record.schema : null;
}
export const readable = (record) => schemaOf(record) !== null && schemaOf(record) <= SCHEMA;

export async function save(record) {
  const key = keyOf(tab());
  try {
    await withStore("readwrite", (store) => request(store.put(
      { ...record, schema: SCHEMA, tab: tab(), saved_at: Date.now() }, key)));
    prune().catch(() => {}); // old tabs' records: tidied, never at the cost of this save
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: reason(error), detail: String(error?.message ?? error) };
  }
}

// Every record with its key, newest first.
async function all() {
  return withStore("readonly", async (store) => {
    const [keys, values] = await Promise.all([request(store.getAllKeys()),
      request(store.getAll())]);
    return keys.map((key, i) => ({ key, record: values[i] }))
      .filter(({ record }) => record && typeof record === "object")
      .sort((a, b) => (b.record.saved_at ?? 0) - (a.record.saved_at ?? 0));
  });
}

// The record this tab should bring back: its own after a reload; in a new tab the newest one
// kept by any tab (it is copied under this tab's key when this tab keeps its model).
// {ok, record, key, own}; record null when there is none. With `key`, that record; without
// one this tab's own, else `fallback` (the record it restored before), else on the first
// load of a new tab the newest.
export async function load(key = null, fallback = null) {
  try {
    const own = keyOf(tab());
    const records = await all();
    const find = (k) => records.find((r) => r.key === k);
    const newest = fresh ? records[0] : null;
    fresh = false;
    const chosen = key ? find(key) : find(own) ?? (fallback ? find(fallback) : newest);
    return { ok: true, record: chosen?.record ?? null, key: chosen?.key ?? null,
      own: chosen?.key === own };
  } catch (error) {
    return { ok: false, reason: reason(error), record: null };
  }
}

// Forgets this tab's record (only this tab's, and only one this page can read).
export async function clear() {
  try {
    await withStore("readwrite", async (store) => {
      const key = keyOf(tab());
      const record = await request(store.get(key));
      if (record && readable(record)) await request(store.delete(key));
    });
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: reason(error) };
  }
}

// Keeps this tab's record, the records of open tabs (each holds a Web Lock) and the newest
// KEEP_OTHERS others; deletes older ones this page can read. Others' unknown schemas stay.
async function prune() {
  const held = new Set();
  if (navigator.locks?.query) {
    const { held: locks = [] } = await navigator.locks.query();
    for (const { name } of locks) if (name.startsWith(LOCK)) held.add(name.slice(LOCK.length));
  }
  const others = (await all()).filter(({ key, record }) =>
    key !== keyOf(tab()) && readable(record) && !held.has(record.tab));
  const old = others.slice(KEEP_OTHERS).map(({ key }) => key);
  if (old.length) {
    await withStore("readwrite", (store) => Promise.all(old.map((k) => request(store.delete(k)))));
  }
}

// Held while this tab is open, so other tabs know its record is in use. When another open tab
// holds this id (a duplicated tab copies sessionStorage), this tab takes a new one and resolves
// with the key of the record it shares; else with null.
let held = null;
export async function holdTab() {
  if (held === tab() || !navigator.locks) return null;
  const id = tab();
  held = id;
  const free = await new Promise((resolve) => {
    navigator.locks.request(LOCK + id, { ifAvailable: true }, (lock) => {
      resolve(Boolean(lock));
      return lock ? new Promise(() => {}) : null; // kept until the tab closes
    }).catch(() => resolve(true));
  });
  if (free) return null;
  newTab();
  return keyOf(id);
}
