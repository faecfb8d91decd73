// Section 6B: the package's Value class at work on L = a*b + a, with a VAR | DATA | GRAD
// table. Data: the "value_steps" command (microgpt.explain.autograd.value_steps, traced).
import { t } from "../i18n.js";
import { call, el, frame, live, short } from "../components/kit.js";
import { createCodeView } from "../components/codeview.js";
import { createStepper } from "../components/stepper.js";

export function mount(root) {
  const { body, showProblem } = frame(root, "walk.value_steps.title");
  const codeBox = el("div");
  const code = createCodeView(codeBox, "walk.value_steps.code");
  const caption = el("p", { class: "step-caption", "aria-live": "polite", "data-caption": "" });
  const table = el("table", { class: "values", "data-values": "" });
  const stepper = createStepper(root, { label: "walk.value_steps.steps", onStep: draw });
  // the table first; the code behind "Show the code" (codeview.js)
  body.append(stepper.element, caption, el("div", { class: "split" }, el("div", { class: "table-scroll" }, table), codeBox));
  let data = null;

  function draw() {
    if (!data) return;
    const k = stepper.index;
    const step = data.steps[k];
    code.highlight(step.lines);
    const before = k ? data.steps[k - 1].table : [];
    const head = el("tr", {}, ...["var", "data", "grad"].map((c) => el("th", { text: t(`walk.value_steps.${c}`) })));
    const rows = step.table.map(([name, value, grad], i) => el("tr", {
      class: !before[i] || before[i][2] !== grad ? "fresh" : "", "data-var": name },
    el("td", { text: name }), el("td", { text: short(value) }), el("td", { "data-grad": String(grad), text: short(grad) })));
    table.replaceChildren(el("thead", {}, head), el("tbody", {}, ...rows));
    caption.textContent = describe(step);
  }

  function describe(step) {
    const n = data.nodes;
    const name = (i) => n[i].name;
    if (step.kind === "leaf") return t("walk.value_steps.caption.leaf", { name: name(step.node), data: short(n[step.node].data) });
    if (step.kind === "*" || step.kind === "+") {
      const node = n[step.node];
      return t(`walk.value_steps.caption.${step.kind === "*" ? "mul" : "add_op"}`, {
        name: node.name, x: name(node.children[0]), y: name(node.children[1]), data: short(node.data),
        g0: short(node.local_grads[0]), g1: short(node.local_grads[1]) });
    }
    if (step.kind === "order") return t("walk.value_steps.caption.order", { order: step.order.map(name).join(", ") });
    if (step.kind === "seed") return t("walk.value_steps.caption.seed", { name: name(step.node) });
    return t(step.before ? "walk.value_steps.caption.grad_more" : "walk.value_steps.caption.grad", {
      child: name(step.node), parent: name(step.parent), local: short(step.local_grad),
      pgrad: short(step.parent_grad), before: short(step.before), grad: short(step.grad) });
  }

  live(root, async () => {
    try {
      data = await call("value_steps");
    } catch (e) {
      showProblem(e);
      return;
    }
    code.show(data.source, data.first_line, data.name);
    stepper.setCount(data.steps.length, stepper.index);
  }, draw, { model: false });
}
