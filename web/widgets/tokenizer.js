// Section 2: a name becomes token ids. Data: the "tokenizer" command (microgpt.explain.tokens).
import { onLang, t } from "../i18n.js";
import { call, el, frame, live } from "../components/kit.js";

// chips for ids: [{label, id}] with optional classes per index
export function chips(labels, ids, classOf = () => "") {
  return el("ol", { class: "chips" }, ...labels.map((label, i) => el("li", {
    class: `chip ${label === "BOS" ? "bos" : ""} ${classOf(i)}`,
    "data-token": String(ids[i]),
  }, el("span", { class: "chip-label", text: label }), el("span", { class: "chip-id", text: String(ids[i]) }))));
}

export function nameInput(id, labelKey, value) {
  const input = el("input", { id, type: "text", value, autocomplete: "off", spellcheck: "false", autocapitalize: "off", name: "text" });
  const label = el("label", { for: id });
  onLang(() => { label.textContent = t(labelKey); });
  label.textContent = t(labelKey);
  return { input, row: el("div", { class: "row" }, label, input) };
}

export function mount(root) {
  const { body, showProblem } = frame(root, "walk.tokenizer.title");
  const { input, row } = nameInput("tokenizer-text", "walk.tokenizer.label", "emma");
  const out = el("div", { "aria-live": "polite" });
  const vocab = el("details", { class: "note" });
  body.append(row, out, vocab);
  let data = null;

  function readout(key, value, attr) {
    return el("div", {}, el("dt", { text: t(key) }), el("dd", { text: String(value), [`data-${attr}`]: "" }));
  }

  function draw() {
    if (!data) return;
    input.setAttribute("aria-invalid", String(Boolean(data.problem)));
    showProblem(data.problem, "walk.tokenizer.problem");
    const items = [readout("walk.tokenizer.vocab_size", data.vocab_size, "vocab-size")];
    if (!data.problem) items.push(readout("walk.tokenizer.length", data.length, "length"));
    out.replaceChildren(...(data.problem ? [] : [chips(data.labels, data.ids)]),
      el("dl", { class: "readouts" }, ...items),
      el("p", { class: "note", text: t("walk.tokenizer.bos_note", { bos: data.BOS }) }));
    vocab.replaceChildren(el("summary", { text: t("walk.tokenizer.vocab") }),
      chips(data.vocab.map(([label]) => label), data.vocab.map(([, id]) => id)));
  }

  const again = live(root, async () => {
    try {
      data = await call("tokenizer", { text: input.value });
    } catch (e) {
      showProblem(e);
      return;
    }
    draw();
  }, draw);
  input.addEventListener("input", again);
}
