// Section 11a: the live model's next-token probabilities after a prefix, at a temperature
// the reader slides from 0.1 to 2 (within the schema's range); Python divides the logits by it
// and takes the softmax. It starts at the lab's temperature (the session's setting) and follows
// the lab's field until the reader moves the slider; "Back to the lab's" follows it again.
import { formatNumber, onLang, t } from "../i18n.js";
import { call, el, fixed, frame, percent } from "../components/kit.js";
import { nameProblem, onModel } from "../components/live.js";
import { createProbBars } from "../components/probbars.js";
import { within } from "../schema.js";
import * as store from "../store.js";
import { nameInput } from "./tokenizer.js";

const RANGE = within("temperature", 0.1, 2);

export function mount(root) {
  const { body, showProblem } = frame(root, "walk.temperature.title");
  const { input, row } = nameInput("temperature-prefix", "walk.temperature.prefix", "");
  const label = el("label", { for: "temperature-t" });
  // until Python has answered, the schema's default is the lab's temperature too
  let lab = RANGE.default;
  let own = null; // the reader's temperature once they move the slider; null: the lab's
  const slider = el("input", { id: "temperature-t", type: "range", min: RANGE.min, max: RANGE.max,
    step: 0.05, value: lab });
  const shown = el("output", { class: "num", for: "temperature-t" });
  const follow = el("button", { type: "button", "data-action": "lab-temperature", hidden: true });
  const note = el("p", { class: "note", "data-temperature-note": "" });
  const bars = createProbBars("walk.temperature.chart");
  const readouts = el("dl", { class: "readouts" });
  body.append(row, el("div", { class: "row" }, label, slider, shown, follow), note, bars.element, readouts);

  let data = null;
  // the temperature used: the lab's exactly (the slider's steps may not land on it), or the reader's
  const temperature = () => own ?? lab;

  function texts() {
    label.textContent = t("walk.temperature.label");
    const used = formatNumber(temperature(), { minimumFractionDigits: 2 });
    shown.textContent = used;
    slider.setAttribute("aria-valuetext", used);
    const labText = formatNumber(lab, { minimumFractionDigits: 2 });
    note.textContent = own === null ? t("walk.temperature.following", { t: labText })
      : t("walk.temperature.own", { t: labText });
    follow.textContent = t("walk.temperature.back", { t: labText });
    follow.hidden = own === null;
    root.dataset.follows = String(own === null);
  }

  function draw() {
    texts();
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
    const out = await call("next_token", { prefix: input.value.trim(), temperature: temperature() });
    input.setAttribute("aria-invalid", String(Boolean(out.problem)));
    nameProblem(showProblem, out.problem);
    if (out.problem) return;
    data = out;
    draw();
  });
  input.addEventListener("input", again);
  slider.addEventListener("input", () => {
    own = Number(slider.value);
    texts();
    again();
  });
  follow.addEventListener("click", () => {
    own = null;
    slider.value = String(lab);
    texts();
    again();
    slider.focus(); // the button hides itself: focus stays on the control it concerns
  });
  // the lab's temperature: Python's settings, as the lab last configured them
  store.subscribe(({ status }) => {
    const next = status?.settings?.temperature;
    if (typeof next !== "number" || next === lab) return;
    lab = next;
    if (own === null) {
      slider.value = String(lab);
      again();
    }
    texts();
  });
  onLang(draw);
  draw();
}
