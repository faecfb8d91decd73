// Section 11b: the live model makes up one name, token by token, after a prefix the reader
// may type. Each step shows the probabilities and the token drawn (or forced by the prefix),
// beside the package's own sample_name(); the finished name is marked new or in the data.
import { formatNumber, onLang, t } from "../i18n.js";
import { createCodeView } from "../components/codeview.js";
import { call, el, frame, percent } from "../components/kit.js";
import { nameProblem, onModel } from "../components/live.js";
import { createProbBars } from "../components/probbars.js";
import { createStepper } from "../components/stepper.js";
import { setting, within } from "../schema.js";
import * as store from "../store.js";
import { nameInput } from "./tokenizer.js";

const TEMPERATURE = within("temperature", 0.1, 2);
const SEED = setting("seed");

export function mount(root) {
  const { body, showProblem } = frame(root, "walk.generate.title");
  const { input, row } = nameInput("generate-prefix", "walk.generate.prefix", "ka");
  const fields = {
    temperature: el("input", { id: "generate-temperature", type: "number", min: TEMPERATURE.min,
      max: TEMPERATURE.max, step: 0.1, value: TEMPERATURE.default, inputmode: "decimal" }),
    seed: el("input", { id: "generate-seed", type: "number", min: SEED.min, max: SEED.max, step: 1,
      value: 1, inputmode: "numeric" }),
  };
  const drawAgain = el("button", { type: "button", class: "primary", "data-action": "again" });
  const opts = el("div", { class: "row" });
  let ownTemperature = false; // the reader typed one: the lab's setting no longer moves it
  for (const [key, field] of Object.entries(fields)) {
    opts.append(el("span", { class: "pair" }, el("label", { for: field.id, "data-key": key }), field));
    field.addEventListener("change", () => {
      if (key === "temperature") ownTemperature = true;
      again();
    });
  }
  opts.append(drawAgain);
  const stepper = createStepper(root, { onStep: draw, label: "walk.generate.steps" });
  const result = el("p", { class: "generate-result", "aria-live": "polite" });
  const sofar = el("p", { class: "generated" });
  const caption = el("p", { class: "step-caption" });
  const bars = createProbBars("walk.generate.chart");
  const codeBox = el("div");
  const code = createCodeView(codeBox, "walk.generate.code", { hidden: false });
  body.append(row, opts, result, stepper.element, sofar,
    el("div", { class: "split" }, el("div", {}, caption, bars.element), codeBox));

  let data = null;
  let shownSource = null;

  function draw() {
    for (const label of opts.querySelectorAll("label")) label.textContent = t(`walk.generate.${label.dataset.key}`);
    drawAgain.textContent = t("walk.generate.again");
    if (!data) return;
    const index = stepper.index;
    const step = data.steps[index];
    const { lines, source, first_line: first, name } = data.listing;
    if (shownSource !== source) {
      code.show(source, first, name);
      shownSource = source;
    }
    const stop = step.label === "BOS";
    code.highlight(step.forced ? [lines.logits, lines.forced]
      : [lines.logits, lines.probs, lines.draw, stop ? lines.stop : lines.append]);
    bars.show(data.vocab, step.probs, step.token_id);
    caption.textContent = t(`walk.generate.${step.forced ? "forced" : stop ? "stop" : "drawn"}`, {
      input: step.input, pos: step.pos_id, token: step.label, p: percent(step.probs[step.token_id]) });
    // the name so far; the newest token marked, the prefix's tokens set apart
    const made = data.steps.slice(0, index + 1).filter((s) => s.label !== "BOS");
    const chips = made.map((s, i) => el("span", { class: `chip${s.forced ? " forced" : ""}${i === made.length - 1 ? " target" : ""}`, text: s.label }));
    const cut = index === data.steps.length - 1 && !stop
      ? el("span", { class: "note", text: t("walk.generate.cut", { n: formatNumber(data.block_size) }) }) : "";
    sofar.replaceChildren(el("span", { class: "note", text: t("walk.generate.sofar") }), ...chips, cut);
    result.replaceChildren(t("walk.generate.result", { name: data.name, n: data.steps.length }), " ",
      data.new === null ? "" : el("span", { class: `verdict ${data.new ? "is-new" : "is-known"}`,
        text: t(data.new ? "walk.generate.new" : "walk.generate.known") }));
  }

  const again = onModel(root, async () => {
    const args = { prefix: input.value.trim(), temperature: Number(fields.temperature.value),
      seed: Math.max(0, Math.floor(Number(fields.seed.value)) || 0) };
    let out;
    try {
      out = await call("generate", args);
    } catch (e) {
      showProblem(e); // a temperature out of range
      return;
    }
    input.setAttribute("aria-invalid", String(Boolean(out.problem)));
    nameProblem(showProblem, out.problem);
    if (out.problem) return;
    data = out;
    root.dataset.name = data.name;
    root.dataset.new = String(data.new);
    // what the shown name was drawn with: a reader's click is answered when these match it
    root.dataset.prefix = args.prefix;
    root.dataset.seed = String(args.seed);
    stepper.setCount(data.steps.length, 0);
  });
  input.addEventListener("input", again);
  // the lab's temperature (within this field's window) until the reader types another
  store.subscribe(({ status }) => {
    const lab = status?.settings?.temperature;
    if (ownTemperature || typeof lab !== "number") return;
    const value = String(Math.min(TEMPERATURE.max, Math.max(TEMPERATURE.min, lab)));
    if (value === fields.temperature.value) return;
    fields.temperature.value = value;
    again();
  });
  drawAgain.addEventListener("click", () => {
    fields.seed.value = String((Math.floor(Number(fields.seed.value)) || 0) + 1);
    again();
  });
  onLang(draw);
  draw();
}
