// Keeps the reader's model in this browser (IndexedDB), so a reload carries on where they were.
// One record: {checkpoint, dataset: {preset, name, text}, settings, step, saved_at}.
// Storage can fail (private windows, a full disk, a blocked database): every function here
// resolves with what happened and never throws, so the page works the same without it.

const DB_NAME = "microgpt";
const STORE = "resume";
const KEY = "current";

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
      req.onsuccess = () => resolve(req.result);
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
  const result = await request(fn(tx.objectStore(STORE)));
  await done;
  return result;
}

// "quota" when the browser is out of room, "unavailable" for anything else.
function reason(error) {
  return error?.name === "QuotaExceededError" ? "quota" : "unavailable";
}

export async function save(record) {
  try {
    await withStore("readwrite", (store) => store.put({ ...record, saved_at: Date.now() }, KEY));
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: reason(error), detail: String(error?.message ?? error) };
  }
}

export async function load() {
  try {
    const record = await withStore("readonly", (store) => store.get(KEY));
    return { ok: true, record: record ?? null };
  } catch (error) {
    return { ok: false, reason: reason(error), record: null };
  }
}

export async function clear() {
  try {
    await withStore("readwrite", (store) => store.delete(KEY));
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: reason(error) };
  }
}
