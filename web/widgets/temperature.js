// Section 11a: the live model's next-token probabilities after a prefix, at a temperature
// the reader slides from 0.1 to 2 (within the schema's range); Python divides the logits by it
// and takes the softmax.
import { formatNumber, onLang, t } from "../i18n.js";
import { call, el, fixed, frame, percent } from "../components/kit.js";
import { nameProblem, onModel } from "../components/live.js";
import { createProbBars } from "../components/probbars.js";
import { within } from "../schema.js";
import { nameInput } from "./tokenizer.js";

const RANGE = within("temperature", 0.1, 2);

export function mount(root) {
  const { body, showProblem } = frame(root, "walk.temperature.title");
  const { input, row } = nameInput("temperature-prefix", "walk.temperature.prefix", "");
  const label = el("label", { for: "temperature-t" });
  const slider = el("input", { id: "temperature-t", type: "range", min: RANGE.min, max: RANGE.max,
    step: 0.05, value: 1 }); // from T = 1, the model's own distribution
  const shown = el("output", { class: "num", for: "temperature-t" });
  const bars = createProbBars("walk.temperature.chart");
  const readouts = el("dl", { class: "readouts" });
  body.append(row, el("div", { class: "row" }, label, slider, shown), bars.element, readouts);

  let data = null;

  function draw() {
    label.textContent = t("walk.temperature.label");
    shown.textContent = formatNumber(Number(slider.value), { minimumFractionDigits: 2 });
    slider.setAttribute("aria-valuetext", shown.textContent);
    if (!data) return;
    bars.show(data.vocab, data.probs, data.top.token_id);
    const item = (key, text) => el("div", {}, el("dt", { text: t(`walk.temperature.${key}`) }),
      el("dd", { text, "data-readout": key }));
    readouts.replaceChildren(
      item("context", data.context.join(" ")),
      item("top", `${data.top.label} ${percent(data.top.prob)}`),
      item("entropy", t("walk.temperature.entropy_value", { h: fixed(data.entropy, 2), max: fixed(data.max_entropy, 2) })),
      item("at", fixed(data.temperature, 2)));
  }

  const again = onModel(root, async () => {
    const out = await call("next_token", { prefix: input.value.trim(), temperature: Number(slider.value) });
    input.setAttribute("aria-invalid", String(Boolean(out.problem)));
    nameProblem(showProblem, out.problem);
    if (out.problem) return;
    data = out;
    draw();
  });
  input.addEventListener("input", again);
  slider.addEventListener("input", () => {
    shown.textContent = formatNumber(Number(slider.value), { minimumFractionDigits: 2 });
    again();
  });
  onLang(draw);
  draw();
}
