// Keep and share: save the model to a file, load one, copy a link to these settings, and the
// model this browser keeps across reloads (with a way to start fresh).
import * as client from "../client.js";
import { LAB_READY } from "../events.js";
import { formatNumber, onLang, t } from "../i18n.js";
import * as resume from "../resume.js";
import * as share from "../share.js";
import { confirmReplace, el, lockWhileBusy, newsText, problemAlert }
  from "../components/files-kit.js";

export async function mount(root) {
  root.classList.add("files-panel");
  const button = (action, text) => el("button", { type: "button", "data-action": action,
    "data-i18n": text });
  const save = button("save-model", "files.save");
  const load = el("input", { id: "model-load", type: "file", accept: ".json,application/json" });
  const alert = el("p", { class: "alert", role: "alert", "data-file-alert": "", hidden: true });
  const news = el("p", { class: "files-status", role: "status", "data-file-status": "" });
  const linkBox = el("input", { id: "share-link", type: "text", readonly: "",
    spellcheck: "false" });
  const copy = button("copy-link", "share.copy");
  const copied = el("span", { class: "files-status", role: "status", "data-copied": "" });
  const kept = el("p", { class: "files-hint", "data-kept": "" });
  const otherTab = el("p", { class: "files-status", role: "status", "data-other-tab": "" });
  const fresh = button("start-fresh", "files.fresh");
  const restoreKept = el("button", { type: "button", "data-action": "restore-kept",
    "data-i18n": "files.restore", hidden: true });
  root.replaceChildren(
    el("h3", { "data-i18n": "files.title" }),
    el("p", { class: "files-hint", "data-i18n": "files.intro" }),
    el("div", { class: "files-row" }, save),
    el("div", { class: "files-field" },
      el("label", { for: "model-load", "data-i18n": "files.load" }), load),
    alert, news,
    el("div", { class: "files-field" },
      el("label", { for: "share-link", "data-i18n": "share.label" }),
      el("div", { class: "files-row files-link" }, linkBox, copy), copied),
    el("p", { class: "files-hint", "data-i18n": "share.note" }),
    el("div", { class: "files-row files-kept" }, kept, restoreKept, fresh), otherTab);

  let rules = null;
  let defaults = null; // Python's default settings, for "start fresh"
  // [key, params, cleared prefix] of each line, re-said on a language switch
  let said = { news: null, kept: null, other: null };
  const lock = lockWhileBusy([load, fresh, restoreKept]);

  function say(slot, key, params = {}, cleared = null) {
    said[slot] = key ? [key, params, cleared] : null;
    const node = { news, kept, other: otherTab }[slot];
    node.textContent = key ? newsText([key, params], cleared) : "";
  }

  function texts() {
    for (const node of root.querySelectorAll("[data-i18n]")) {
      node.textContent = t(node.dataset.i18n);
    }
    refusal.redraw();
    for (const [slot, line] of Object.entries(said)) say(slot, ...(line ?? [null]));
    linkBox.value = share.link();
  }

  const refusal = problemAlert(alert, "files");

  async function guarded(fn) {
    refusal.show(null);
    try {
      await fn();
    } catch (e) {
      refusal.show({ key: "failed", message: e.message });
    } finally {
      lock();
    }
  }

  save.addEventListener("click", () => guarded(async () => {
    const { text, filename } = await client.call("save_model");
    const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
    const link = el("a", { href: url, download: filename, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    say("news", "files.saved", { filename });
  }));

  load.addEventListener("change", () => guarded(async () => {
    const file = load.files[0];
    load.value = "";
    if (!file) return;
    if (rules && file.size > rules.max_checkpoint_bytes) { // not even read
      refusal.show({ key: "too_big", message: "", name: file.name, size: file.size,
        max_bytes: rules.max_checkpoint_bytes });
      return;
    }
    if (!(await confirmReplace())) return;
    const out = await client.call("load_model", { text: await file.text() });
    if (out.refused) {
      refusal.show({ ...out.refused, name: file.name });
      say("news", null);
      return;
    }
    resume.adopt(out.status);
    const params = { name: file.name, step: formatNumber(out.status.step),
      steps: formatNumber(out.status.steps),
      num_docs: formatNumber(out.num_docs) };
    const key = !out.can_train ? "files.loaded_sample_only"
      : out.status.done ? "files.loaded_done" : "files.loaded";
    say("news", key, params, out.prefix_cleared);
  }));

  copy.addEventListener("click", async () => {
    linkBox.value = share.link();
    const ok = await share.copyLink();
    if (!ok) linkBox.select();
    copied.textContent = t(ok ? "share.copied" : "share.copy_by_hand");
  });
  linkBox.addEventListener("focus", () => { linkBox.value = share.link(); linkBox.select(); });
  // the address changes with every setting and the language: the box follows it
  share.onLink((url) => { linkBox.value = url; });

  fresh.addEventListener("click", () => guarded(async () => {
    if (!(await confirmReplace())) return;
    await resume.startFresh(defaults);
    restoreKept.hidden = true;
    say("kept", "files.fresh_done");
    say("news", null);
  }));
  restoreKept.addEventListener("click", () => guarded(async () => {
    if (!(await confirmReplace())) return;
    showRestore(await resume.restore({ ignoreLink: true }));
  }));

  resume.on((info) => {
    if (info.other) { // another tab kept its own model: this one is untouched, and says so
      root.dataset.otherTab = String(info.step);
      say("other", "files.other_tab", { step: formatNumber(info.step) });
      return;
    }
    root.dataset.keptStep = info.kept ? String(info.step) : "";
    if (info.kept) say("kept", "files.kept", { step: formatNumber(info.step) });
    else say("kept", info.reason === "nothing" ? "files.keeping" : `files.not_kept.${info.reason}`);
  });

  function showRestore(out) {
    root.dataset.resume = out.restored ? "restored" : out.reason;
    root.dataset.resumeFrom = out.record ? (out.other ? "other" : "own") : "";
    restoreKept.hidden = out.reason !== "link";
    if (out.restored) {
      say("kept", out.other ? "files.restored_other" : "files.restored",
        { name: out.record.dataset.name, step: formatNumber(out.status.step),
          steps: formatNumber(out.status.steps) });
    } else if (out.reason === "link") say("kept", "files.kept_aside");
    else if (out.reason === "none") say("kept", "files.keeping");
    else if (out.record) say("kept", `files.restore_failed.${out.reason}`); // kept, not read
    else say("kept", `files.not_kept.${out.reason}`);
  }

  onLang(texts);
  texts();
  root.dataset.resume = "pending";

  // After the lab has applied the URL: bring back the model this browser kept, if any.
  const labReady = new Promise((resolve) =>
    document.addEventListener(LAB_READY, resolve, { once: true }));
  let first;
  try {
    first = await client.ready;
  } catch {
    root.dataset.resume = "failed";
    return;
  }
  defaults = first.settings;
  rules = await client.call("dataset_rules").catch(() => null);
  await labReady;
  showRestore(await resume.restore());
  texts();
}
