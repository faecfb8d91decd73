// Section 9b: step through the package's own gpt() with the vector each line produced for
// one token of a name; the scores and weights lines show one row per attention head.
import { onLang, t } from "../i18n.js";
import { currentFacts, factParams, onFacts } from "../walk.js";
import { createCodeView } from "../components/codeview.js";
import { call, el, frame, percent, short } from "../components/kit.js";
import { nameProblem, onModel } from "../components/live.js";
import { blockName } from "./pipeline.js";
import { createProbBars } from "../components/probbars.js";
import { createStepper } from "../components/stepper.js";
import { nameInput } from "./tokenizer.js";
import { createTokenPicker } from "../components/tokenpick.js";
import { createVector } from "../components/vector.js";

export function mount(root) {
  const { body, showProblem } = frame(root, "walk.forward.title");
  const { input, row } = nameInput("forward-name", "walk.forward.name", "emma");
  const picker = createTokenPicker("walk.forward.pick", (pos) => { posId = pos; again(); });
  const stepper = createStepper(root, { onStep: draw, label: "walk.forward.steps" });
  const codeBox = el("div");
  const code = createCodeView(codeBox, "walk.forward.code");
  const caption = el("p", { class: "step-caption", "aria-live": "polite" });
  const strip = createVector("walk.forward.vector");
  const headTable = el("table", { class: "values head-rows" });
  const hint = el("p", { class: "note" });
  const bars = createProbBars("walk.forward.bars");
  const panel = el("div", { class: "forward-panel" }, caption, strip.element, hint,
    el("div", { class: "table-scroll" }, headTable), bars.element);
  body.append(row, picker.element, stepper.element, el("div", { class: "split" }, codeBox, panel));

  let data = null;
  let posId = 1;
  let shownSource = null;

  function drawHeads(stage) {
    const th = (text, scope) => el("th", { scope, text });
    const cols = data.tokens.slice(0, data.pos_id + 1).map((label, i) => th(`${label}@${i}`, "col"));
    headTable.replaceChildren(el("caption", { text: t(`walk.forward.${stage.key}_caption`) }),
      el("thead", {}, el("tr", {}, th(t("walk.forward.head_col"), "col"), ...cols)),
      el("tbody", {}, ...stage.heads.map((values, h) => el("tr", {},
        th(t("walk.attention.head", { h: h + 1 }), "row"),
        ...values.map((v) => el("td", { text: stage.key === "weights" ? percent(v) : short(v) }))))));
  }

  function draw() {
    if (!data) return;
    const stage = data.stages[stepper.index];
    const src = data.listing;
    if (shownSource !== src.source) {
      code.show(src.source, src.first_line, src.name);
      shownSource = src.source;
    }
    code.highlight(stage.line ? [stage.line] : []);
    const nLayer = Math.max(...data.stages.map((s) => s.layer ?? 0)) + 1;
    const layer = stage.layer === null || nLayer === 1 ? "" : t("walk.forward.layer", { layer: stage.layer + 1 });
    caption.textContent = t(`walk.stage.${stage.key}`, { ...factParams(currentFacts()), token: data.label, pos: data.pos_id,
      target: data.target }) + layer;
    hint.textContent = t("walk.vector.hint");
    strip.element.hidden = stage.values === null || stage.key === "probs";
    headTable.parentElement.hidden = stage.heads === null;
    hint.hidden = strip.element.hidden;
    bars.element.hidden = stage.key !== "probs";
    if (stage.key === "probs") bars.show(data.vocab, stage.values, stage.values.indexOf(Math.max(...stage.values)));
    else if (stage.heads) drawHeads(stage);
    else strip.show(stage.values, null, { block: blockName(stage, nLayer), n: stage.values.length });
    root.dataset.stage = stage.key;
  }

  const again = onModel(root, async () => {
    const name = input.value.trim();
    const out = await call("forward", { name, pos_id: Math.min(posId, name.length) });
    input.setAttribute("aria-invalid", String(Boolean(out.problem)));
    nameProblem(showProblem, out.problem);
    if (out.problem) return;
    data = out;
    posId = picker.show(data.tokens, data.pos_id);
    stepper.setCount(data.stages.length, stepper.index);
  });
  input.addEventListener("input", again);
  onLang(draw);
  onFacts(draw); // its captions quote the sizes
}
