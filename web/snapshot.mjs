// Pyodide memory snapshots kept in Cache Storage, so a repeat visit restores Python with our
// package imported instead of starting it again (see worker.mjs's boot).
//
// One cache per site folder ("microgpt snapshot <folder>", apart from the service worker's
// "microgpt <folder> <version>" caches, which it replaces on each build), holding at most one
// snapshot. Its key is a hash of build.json and of our wheel's bytes: what a snapshot contains
// besides the runtime, whose own build id Pyodide checks on restore. A new build of the
// package thus never meets an old snapshot. The stored bytes carry their sha256, checked
// before a restore, so a damaged entry is dropped rather than restored.

const SHA = "x-microgpt-sha256";

const hex = (buffer) => [...new Uint8Array(buffer)]
  .map((b) => b.toString(16).padStart(2, "0")).join("");
const sha256 = async (bytes) => hex(await crypto.subtle.digest("SHA-256", bytes));

export function snapshotStore(folder) {
  const name = `microgpt snapshot ${folder}`;
  const usable = typeof caches !== "undefined"; // Cache Storage: secure contexts only
  const open = () => caches.open(name);
  const url = (key) => `${folder}snapshot/${key}`;

  return {
    usable,

    async key(manifestText, wheel) {
      const text = new TextEncoder().encode(manifestText);
      const both = new Uint8Array(text.length + wheel.length);
      both.set(text);
      both.set(wheel, text.length);
      return (await sha256(both)).slice(0, 16);
    },

    // Null if no snapshot is stored for `key`, else {bytes}: the promise of its bytes, which
    // rejects if they are damaged (read while Pyodide downloads its runtime).
    async find(key) {
      if (!usable) return null;
      const response = await (await open()).match(url(key));
      if (!response) return null;
      const bytes = response.arrayBuffer().then(async (buffer) => {
        if ((await sha256(buffer)) !== response.headers.get(SHA)) {
          throw new Error("stored snapshot damaged (sha256 differs)");
        }
        return new Uint8Array(buffer);
      });
      bytes.catch(() => {}); // awaited by the restore, which reports it
      return { bytes };
    },

    // Stores `bytes` as the one snapshot of this folder (others are of older builds).
    async save(key, bytes) {
      const cache = await open();
      const headers = { "content-type": "application/octet-stream", [SHA]: await sha256(bytes) };
      await cache.put(url(key), new Response(bytes, { headers }));
      for (const request of await cache.keys()) {
        if (request.url !== url(key)) await cache.delete(request);
      }
    },

    async drop() {
      if (usable) await caches.delete(name);
    },
  };
}
