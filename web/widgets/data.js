// Your data: the bundled names, Karpathy's names.txt, pasted text or an uploaded .txt file.
// Python checks every dataset against its rules (microgpt/dataset.py) and says what it found;
// a refused dataset leaves the current one, and its model, untouched.
import * as client from "../client.js";
import { MODEL_CHANGED, NEW_MODEL } from "../events.js";
import { formatNumber, onLang, t } from "../i18n.js";
import * as resume from "../resume.js";
import * as share from "../share.js";
import { confirmReplace, el, labState, lockWhileBusy, newsText, problemAlert, readBase64 }
  from "../components/files-kit.js";

// The file Karpathy's microgpt.py downloads: makemore's names.txt at commit 988aa59.
export const KARPATHY_URL = "https://raw.githubusercontent.com/karpathy/makemore/988aa59/names.txt";

export async function mount(root) {
  root.classList.add("files-panel");
  const title = el("h3", { "data-i18n": "data.title" });
  const intro = el("p", { class: "files-hint", "data-i18n": "data.intro" });
  const current = el("p", { class: "files-current", "data-dataset-current": "" });
  const facts = el("dl", { class: "files-facts", "data-dataset-report": "" });
  const chars = el("p", { class: "files-chars", "data-dataset-chars": "" });
  const presets = el("div",
    { class: "files-row", role: "group", "data-i18n-aria-label": "data.presets" },
    el("button", { type: "button", "data-preset": "bundled", "data-i18n": "data.bundled" }),
    el("button", { type: "button", "data-preset": "karpathy", "data-i18n": "data.karpathy" }));
  const linkPrompt = el("p", { class: "files-note", "data-link-prompt": "", hidden: true });
  const karpathyNote = el("p", { class: "files-hint", "data-i18n": "data.karpathy_note" });
  const paste = el("textarea", { id: "data-paste", rows: 5, spellcheck: "false",
    autocomplete: "off" });
  const usePasted = el("button", { type: "button", "data-action": "use-pasted",
    "data-i18n": "data.use_pasted" });
  const upload = el("input", { id: "data-upload", type: "file", accept: ".txt,text/plain" });
  const rules = el("p", { class: "files-hint", "data-dataset-rules": "" });
  const alert = el("p", { class: "alert", role: "alert", "data-data-alert": "", hidden: true });
  const news = el("p", { class: "files-status", role: "status", "data-data-status": "" });
  root.replaceChildren(title, intro, current, facts, chars, presets, linkPrompt, karpathyNote,
    el("div", { class: "files-field" },
      el("label", { for: "data-paste", "data-i18n": "data.paste" }), paste,
      el("div", { class: "files-row" }, usePasted)),
    el("div", { class: "files-field" },
      el("label", { for: "data-upload", "data-i18n": "data.upload" }), upload),
    rules, alert, news);

  let limits = null; // {max_bytes, max_vocab} from Python
  let report = null; // the current dataset under the rules
  let newsLine = null; // [[key, params], cleared prefix] of the status line, re-said on a switch
  const controls = [...presets.querySelectorAll("button"), paste, usePasted, upload];
  const lock = lockWhileBusy(controls); // a dataset cannot change under a training run

  function texts() {
    for (const node of root.querySelectorAll("[data-i18n]")) {
      node.textContent = t(node.dataset.i18n);
    }
    refusal.redraw();
    presets.setAttribute("aria-label", t("data.presets"));
    if (limits) {
      rules.textContent = t("data.rules", { mib: formatNumber(limits.max_bytes / 2 ** 20),
        max_vocab: formatNumber(limits.max_vocab) });
    }
    const preset = share.linkedPreset();
    linkPrompt.hidden = !(preset === "karpathy" && resume.dataset().preset !== "karpathy");
    linkPrompt.textContent = t("data.link_prompt");
    news.textContent = newsLine ? newsText(...newsLine) : "";
    showReport();
  }

  function showReport() {
    if (!report) return;
    const data = resume.dataset();
    current.textContent = t(`data.current.${data.preset}`, { name: data.name });
    const rows = [
      ["data.fact.count", formatNumber(report.count)],
      ["data.fact.vocab", t("data.vocab_value", { chars: formatNumber(report.chars.length),
        vocab_size: formatNumber(report.vocab_size) })],
      ["data.fact.too_long", t("data.too_long_value", { n: formatNumber(report.too_long),
        longer: formatNumber(report.block_size - 1),
        block_size: formatNumber(report.block_size) })],
    ];
    facts.replaceChildren(...rows.flatMap(([key, value]) =>
      [el("dt", { text: t(key) }), el("dd", { text: value })]));
    const shown = report.chars.map((c) => (c === " " ? "␠" : c)); // a space, made visible
    chars.textContent = t("data.chars", { chars: shown.join(" ") });
    for (const button of presets.querySelectorAll("button")) {
      button.setAttribute("aria-pressed", String(button.dataset.preset === data.preset));
    }
  }

  async function refresh() {
    if (labState() === "training") return; // the report waits for a pause
    try {
      report = await client.call("dataset_report");
      showReport();
    } catch {
      // no dataset yet
    }
  }

  const refusal = problemAlert(alert, "data");

  function setNews(key, params, cleared = null) {
    newsLine = key ? [[key, params], cleared] : null;
    news.textContent = newsLine ? newsText(...newsLine) : "";
  }

  // Use a dataset: Python checks it; the model is replaced only if it passes. `args` is
  // {text} or {data_base64}; it is kept (but for the bundled names) so a reload can use it again.
  async function use(data, args, confirmed = false) {
    refusal.show(null);
    if (!confirmed && !(await confirmReplace())) return;
    const out = await client.call("use_dataset", { name: data.name, ...args });
    if (out.refused) {
      refusal.show(out.refused);
      setNews(null);
      return;
    }
    report = out.report;
    resume.adopt(out.status, { ...data, args: data.preset === "bundled" ? null : args });
    share.setPreset(data.preset);
    texts();
    const exact = data.preset === "karpathy" && out.karpathy_names;
    setNews(exact ? "data.news_karpathy" : "data.news",
      { name: data.name, n: formatNumber(report.count) }, out.prefix_cleared);
  }

  async function guarded(fn) {
    for (const c of controls) c.disabled = true;
    try {
      await fn();
    } catch (e) {
      refusal.show({ key: "failed", message: e.message });
    } finally {
      lock();
    }
  }

  async function bundled() {
    const { name, text } = await resume.bundledText();
    await use({ preset: "bundled", name }, { text });
  }

  async function karpathy() {
    if (!(await confirmReplace())) return; // ask before anything leaves the page
    setNews("data.fetching");
    let response;
    try {
      response = await fetch(KARPATHY_URL, { credentials: "omit", referrerPolicy: "no-referrer" });
    } catch (e) {
      setNews(null);
      refusal.show({ key: "fetch", message: e.message });
      return;
    }
    if (!response.ok) {
      setNews(null);
      refusal.show({ key: "fetch", message: `HTTP ${response.status}` });
      return;
    }
    await use({ preset: "karpathy", name: "names.txt" }, { text: await response.text() }, true);
  }

  presets.addEventListener("click", (event) => {
    const preset = event.target.closest("[data-preset]")?.dataset.preset;
    if (preset) guarded(preset === "karpathy" ? karpathy : bundled);
  });
  usePasted.addEventListener("click", () => guarded(() =>
    use({ preset: "pasted", name: t("data.pasted_name") }, { text: paste.value })));
  upload.addEventListener("change", () => guarded(async () => {
    const file = upload.files[0];
    upload.value = ""; // choosing the same file again is a new choice
    if (!file) return;
    if (limits && file.size > limits.max_bytes) { // refused before the whole file is read
      refusal.show({ key: "too_big", message: "", name: file.name, size: file.size,
        max_bytes: limits.max_bytes });
      return;
    }
    await use({ preset: "upload", name: file.name }, { data_base64: await readBase64(file) });
  }));

  document.addEventListener(NEW_MODEL, () => { refresh().then(texts); });
  client.on(MODEL_CHANGED, refresh);
  onLang(texts);
  texts();

  await client.ready.catch(() => {});
  limits = await client.call("dataset_rules").catch(() => null);
  await refresh();
  texts();
}
