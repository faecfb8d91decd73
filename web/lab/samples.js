// The samples panel: names the model made up, each marked new or already in the dataset.
import { formatNumber, onLang, t } from "../i18n.js";

export function createSamples(root) {
  const title = root.querySelector("[data-samples-title]");
  const note = root.querySelector("[data-samples-note]");
  const list = root.querySelector("[data-samples]");
  let shown = null; // {kind, step, names}, kept to re-label on a language switch

  function render() {
    list.dataset.kind = shown?.kind ?? ""; // which names these are, for tests
    if (!shown) {
      title.textContent = t("lab.samples.empty_title");
      note.textContent = t("lab.samples.empty");
      list.replaceChildren();
      return;
    }
    const { kind, step, names } = shown;
    const fresh = names.filter((s) => s.new).length;
    title.textContent = t(`lab.samples.${kind}`, { step: formatNumber(step) });
    note.textContent = t("lab.samples.count", { fresh: formatNumber(fresh), n: formatNumber(names.length) });
    list.replaceChildren(...names.map(({ name, new: isNew }) => {
      const item = document.createElement("li");
      item.dataset.sample = "";
      item.dataset.new = String(isNew);
      const text = document.createElement("span");
      text.className = "sample-name";
      text.textContent = name || t("lab.samples.blank");
      const tag = document.createElement("span");
      tag.className = "sample-tag";
      tag.textContent = t(isNew ? "lab.samples.new" : "lab.samples.known");
      item.append(text, tag);
      return item;
    }));
  }

  onLang(render);
  return {
    // kind: "preview" (during training), "final" (when it ends) or "sampled" (the button)
    show(kind, step, names) {
      shown = { kind, step, names };
      render();
    },
    clear() {
      shown = null;
      render();
    },
  };
}
