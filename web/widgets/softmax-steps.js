// Section 4B: the package's softmax run line by line, its variables filling in.
// Data: the "softmax_steps" command (microgpt.explain.softmax.softmax_steps, traced).
import { t } from "../i18n.js";
import { call, el, fixed, frame, live, short } from "../components/kit.js";
import { createCodeView } from "../components/codeview.js";
import { createStepper } from "../components/stepper.js";

export function mount(root) {
  const { body, showProblem } = frame(root, "walk.softmax_steps.title");
  const input = el("p", { class: "note" });
  const codeBox = el("div");
  const code = createCodeView(codeBox, "walk.softmax_steps.code");
  const caption = el("p", { class: "step-caption", "aria-live": "polite", "data-caption": "" });
  const table = el("table", { class: "values", "data-values": "" });
  const stepper = createStepper(root, { label: "walk.softmax_steps.steps", onStep: draw });
  // the variables first; the code behind "Show the code" (codeview.js)
  body.append(input, stepper.element, caption, el("div", { class: "split" }, el("div", { class: "table-scroll" }, table), codeBox));
  let data = null;

  function list(xs) {
    return Array.isArray(xs) ? `[${xs.map((x) => short(x)).join(", ")}]` : short(xs);
  }

  function draw() {
    if (!data) return;
    input.textContent = t("walk.softmax_steps.input", { logits: list(data.logits) });
    const step = data.steps[stepper.index];
    code.highlight([step.line]);
    const name = Object.keys(step.values).at(-1);
    const key = name === "return" ? "return" : data.names.includes(name) ? name : "other";
    caption.textContent = t(`walk.softmax_steps.caption.${key}`, {
      line: code.lineText(step.line),
      max_val: short(step.values.max_val),
      total: fixed(step.values.total, 3),
    });
    const previous = stepper.index ? data.steps[stepper.index - 1].values : {};
    const rows = Object.entries(step.values).map(([k, v]) => el("tr", { class: k in previous ? "" : "fresh", "data-var": k },
      el("td", { text: k === "return" ? t("walk.softmax_steps.returned") : k }),
      el("td", { text: list(v) })));
    table.replaceChildren(el("thead", {}, el("tr", {}, el("th", { text: t("walk.softmax_steps.variable") }),
      el("th", { text: t("walk.softmax_steps.value") }))), el("tbody", {}, ...rows));
  }

  live(root, async () => {
    try {
      data = await call("softmax_steps");
    } catch (e) {
      showProblem(e);
      return;
    }
    code.show(data.source, data.first_line, data.name);
    stepper.setCount(data.steps.length, stepper.index);
  }, draw, { model: false });
}
