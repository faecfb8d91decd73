// What the data and model-file widgets share: elements, messages, the lab's state, a confirm.
import { formatNumber, t } from "../i18n.js";
import * as store from "../store.js";
import { describe as describeSetting } from "../lab/form.js";
import { el } from "./kit.js";

export { el };

// A refusal from Python ({key, message, ...params}) in the reader's language; the English
// message when there is no translation for its key.
export function describe(area, problem) {
  const key = `${area}.${problem.key}`;
  const params = Object.fromEntries(Object.entries(problem).map(([k, v]) =>
    [k, typeof v === "number" ? formatNumber(v) : v]));
  if (problem.max_bytes) params.mib = formatNumber(problem.max_bytes / 2 ** 20);
  const text = t(key, params);
  return text === key ? t(`${area}.other`, { message: problem.message }) : text;
}

// A status line ([key, params]) in the reader's language, and after it the notice for a
// prefix Python emptied ({prefix, problem}) because the new dataset or model cannot start with it.
export function newsText([key, params], cleared) {
  const notice = cleared && t("files.prefix_cleared",
    { prefix: cleared.prefix, reason: describeSetting(cleared.problem) });
  const line = t(key, params);
  if (!notice) return line;
  return /[。！？]$/.test(line) ? line + notice : `${line} ${notice}`; // no space after a 。
}

// A widget's role="alert" line: show(problem) says a refusal in the reader's language,
// show(null) clears it, redraw() says it again after the language changes.
export function problemAlert(alert, area) {
  let shown = null;
  const redraw = () => {
    alert.textContent = shown
      ? t(`${area}.alert`, { problem: describe(`${area}.refused`, shown),
        unchanged: t(`${area}.unchanged`) })
      : "";
    alert.hidden = !shown;
  };
  return { show(problem) { shown = problem; redraw(); }, redraw };
}

export const labState = () => store.get().phase;
export const labStep = () => store.get().status?.step ?? 0;

// Replacing a model that has trained asks first (it is lost unless saved to a file).
let dialog = null;
export function confirmReplace() {
  const step = labStep();
  if (!step) return Promise.resolve(true);
  if (!dialog) {
    dialog = el("dialog", { class: "confirm", "aria-labelledby": "files-confirm-text" },
      el("p", { id: "files-confirm-text" }),
      el("div", { class: "confirm-actions" },
        el("button", { type: "button", "data-files-keep": "" }),
        el("button", { type: "button", class: "danger", "data-files-replace": "" })));
    dialog.querySelector("[data-files-keep]").addEventListener("click", () => dialog.close("keep"));
    dialog.querySelector("[data-files-replace]")
      .addEventListener("click", () => dialog.close("replace"));
    document.body.append(dialog);
  }
  dialog.querySelector("p").textContent = t(step === 1 ? "files.confirm_text_one"
    : "files.confirm_text", { step: formatNumber(step) });
  dialog.querySelector("[data-files-keep]").textContent = t("files.confirm_keep");
  dialog.querySelector("[data-files-replace]").textContent = t("files.confirm_replace");
  dialog.returnValue = "";
  dialog.showModal();
  return new Promise((resolve) => dialog.addEventListener("close",
    () => resolve(dialog.returnValue === "replace"), { once: true }));
}

// A file's bytes as base64, for Python to decode (and judge) itself.
export function readBase64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(",", 2)[1] ?? "");
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

// Controls that change the model wait while the lab trains or loads.
export function lockWhileBusy(controls) {
  const lock = () => {
    const busy = ["training", "loading", "error"].includes(labState());
    for (const c of controls) c.disabled = busy;
  };
  store.subscribe(lock);
  return lock;
}
