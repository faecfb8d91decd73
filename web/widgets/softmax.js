// Section 4A: scores (logits) in, probabilities out, through the package's own softmax.
// Data: the "softmax" command (microgpt.explain.softmax.softmax_bars).
import { t } from "../i18n.js";
import { bars, call, el, fixed, frame, live, percent } from "../components/kit.js";

const ORIGINAL = [["a", 2.0], ["b", 1.0], ["c", 0.5], ["d", -0.5], ["e", 3.0], ["other", 0.0]];

export function mount(root) {
  const { body, showProblem } = frame(root, "walk.softmax.title");
  const sliders = ORIGINAL.map(([name, value]) => {
    const input = el("input", { id: `softmax-${name}`, type: "range", min: "-5", max: "5", step: "0.1", value: String(value), "data-logit": name });
    const label = el("label", { for: input.id });
    const shown = el("output", { for: input.id, class: "num" });
    return { name, input, label, shown, row: el("div", { class: "slider-row" }, label, input, shown) };
  });
  const reset = el("button", { type: "button", "data-reset": "" });
  const chart = el("div", { "data-probs": "" });
  const caption = el("p", { class: "note", "aria-live": "polite" });
  body.append(el("div", { class: "split" },
    el("div", {}, ...sliders.map((s) => s.row), reset),
    el("div", {}, chart, caption)));
  let data = null;

  function label(name) {
    return name === "other" ? t("walk.softmax.other") : name;
  }

  function draw() {
    reset.textContent = t("walk.softmax.reset");
    for (const s of sliders) {
      s.label.textContent = s.name === "other" ? t("walk.softmax.logit_other")
        : t("walk.softmax.logit", { token: label(s.name) });
      s.shown.textContent = fixed(Number(s.input.value), 1);
    }
    if (!data) return;
    chart.replaceChildren(bars(sliders.map((s, i) => ({
      label: label(s.name), value: data.probs[i], text: percent(data.probs[i]) }))));
    const best = data.probs.indexOf(Math.max(...data.probs));
    caption.textContent = t("walk.softmax.caption", { token: label(sliders[best].name), p: percent(data.probs[best]) });
  }

  const again = live(root, async () => {
    try {
      data = await call("softmax", { logits: sliders.map((s) => Number(s.input.value)) });
      showProblem(null);
    } catch (e) {
      showProblem(e);
      return;
    }
    draw();
  }, draw, { model: false });
  for (const s of sliders) {
    s.input.addEventListener("input", () => { s.shown.textContent = fixed(Number(s.input.value), 1); again(); });
  }
  reset.addEventListener("click", () => {
    sliders.forEach((s, i) => { s.input.value = String(ORIGINAL[i][1]); });
    draw();
    again();
  });
  draw();
}
