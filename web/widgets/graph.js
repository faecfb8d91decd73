// Section 6A: a formula's real computation graph, values stepped forward then gradients
// backward. Data: the "graph" command (microgpt.explain.autograd.graph, backward() traced).
import { t } from "../i18n.js";
import { call, el, frame, live, short, svg } from "../components/kit.js";
import { createStepper } from "../components/stepper.js";

const COL = 150, ROW = 84, BOX = { w: 112, h: 62 };
const SYMBOL = { "+": "+", "*": "×" };

// "a × b", "log(a)", "b ** -1": how a node was made, from its children's names
export function formula(node, nodes) {
  const names = node.children.map((i) => nodes[i].name);
  if (node.op in SYMBOL) return names.join(` ${SYMBOL[node.op]} `);
  if (node.op === "**") return `${names[0]} ** ${short(node.exponent)}`;
  return `${node.op}(${names[0]})`;
}

function layout(nodes) {
  const depth = [];
  nodes.forEach((n, i) => { depth[i] = n.children.length ? 1 + Math.max(...n.children.map((c) => depth[c])) : 0; });
  const columns = [];
  nodes.forEach((n, i) => { (columns[depth[i]] ??= []).push(i); });
  const tallest = Math.max(...columns.map((c) => c.length));
  const at = [];
  columns.forEach((col, d) => col.forEach((i, k) => {
    at[i] = { x: 10 + d * COL, y: 10 + (k + (tallest - col.length) / 2) * ROW };
  }));
  return { at, width: 20 + (columns.length - 1) * COL + BOX.w, height: 20 + (tallest - 1) * ROW + BOX.h };
}

// node values as they stand after step k: data once computed, grad once backward sets it
function stateAt(data, k) {
  const shown = nodes => nodes.map(() => ({ data: false, grad: null }));
  const state = shown(data.nodes);
  for (const step of data.steps.slice(0, k + 1)) {
    if (step.kind === "forward") state[step.node].data = true;
    if (step.kind === "seed" || step.kind === "add") state[step.node].grad = step.grad;
  }
  return state;
}

export function mount(root) {
  const { body, showProblem } = frame(root, "walk.graph.title");
  const textLabel = el("label", { for: "graph-text" });
  const text = el("input", { id: "graph-text", type: "text", value: "a*b + a", autocomplete: "off", spellcheck: "false", autocapitalize: "off", name: "text" });
  const vars = ["a", "b", "c"].map((name, i) => {
    const input = el("input", { id: `graph-${name}`, type: "number", step: "any", value: String([2, 3, 0.5][i]), class: "short", name, inputmode: "decimal" });
    return { name, input, row: el("span", { class: "var" }, el("label", { for: input.id, text: `${name} =` }), input) };
  });
  const help = el("p", { class: "note", id: "graph-help" });
  text.setAttribute("aria-describedby", "graph-help");
  const picture = el("div", { class: "graph-scroll", tabindex: "0" }); // scrolls on phones
  const caption = el("p", { class: "step-caption", "aria-live": "polite", "data-caption": "" });
  const stepper = createStepper(root, { label: "walk.graph.steps", onStep: draw });
  body.append(el("div", { class: "row" }, textLabel, text), el("div", { class: "row" }, ...vars.map((v) => v.row)),
    help, stepper.element, caption, picture);
  let data = null;

  function draw() {
    textLabel.textContent = t("walk.graph.label");
    help.textContent = t("walk.graph.help");
    if (!data) return;
    text.setAttribute("aria-invalid", String(Boolean(data.problem)));
    const problem = data.problem && { ...data.problem,
      kind_text: data.problem.kind && t(`walk.graph.kind.${data.problem.kind}`) };
    showProblem(problem, "walk.graph.problem");
    if (problem) return; // the last good graph stays, with the message above it
    const k = stepper.index;
    const step = data.steps[k];
    const state = stateAt(data, k);
    const { at, width, height } = layout(data.nodes);
    const chart = svg("svg", { class: "graph", viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": t("walk.graph.alt") });
    chart.style.minWidth = `${Math.min(width, 600) * 0.9}px`; // scroll sideways on phones
    chart.style.maxWidth = `${width}px`; // and never blow the text up
    const labels = [];
    data.nodes.forEach((n, i) => n.children.forEach((c, j) => {
      const from = at[c], to = at[i];
      const active = step.kind === "add" && step.node === c && step.parent === i;
      // each input enters its node at its own height, so two edges never merge
      const x1 = from.x + BOX.w, y1 = from.y + BOX.h / 2;
      const x2 = to.x, y2 = to.y + (BOX.h * (j + 1)) / (n.children.length + 1);
      chart.append(svg("path", { class: `edge ${active ? "active" : ""}`, d: `M${x1},${y1} C${x1 + 20},${y1} ${x2 - 20},${y2} ${x2},${y2}` }));
      if (active) { // the local gradient this chain-rule step multiplies by
        labels.push(svg("text", { class: "edge-label", x: (x1 + x2) / 2, y: (y1 + y2) / 2 - 6, "text-anchor": "middle", text: `×${short(n.local_grads[j])}` }));
      }
    }));
    data.nodes.forEach((n, i) => {
      const { x, y } = at[i];
      const current = step.node === i && step.kind !== "order";
      const g = svg("g", { class: `node ${n.children.length ? "op" : "leaf"} ${current ? "current" : ""}`, "data-node": n.name });
      g.append(svg("rect", { x, y, width: BOX.w, height: BOX.h, rx: 8 }),
        svg("text", { x: x + 8, y: y + 18, class: "node-name", text: n.children.length ? `${n.name} = ${formula(n, data.nodes)}` : n.name }),
        svg("text", { x: x + 8, y: y + 36, class: "node-data", text: `data ${state[i].data ? short(n.data) : "?"}` }),
        svg("text", { x: x + 8, y: y + 53, class: "node-grad", "data-grad": state[i].grad ?? "", text: `grad ${state[i].grad === null ? "–" : short(state[i].grad)}` }));
      chart.append(g);
    });
    chart.append(...labels); // above the nodes
    picture.replaceChildren(chart);
    caption.textContent = describe(step);
  }

  function describe(step) {
    const n = data.nodes;
    const name = (i) => n[i].name;
    if (step.kind === "forward") {
      const node = n[step.node];
      if (!node.children.length) return t("walk.graph.caption.leaf", { name: node.name, data: short(node.data) });
      return t("walk.graph.caption.forward", { name: node.name, formula: formula(node, n), data: short(node.data) });
    }
    if (step.kind === "order") return t("walk.graph.caption.order", { order: step.order.map(name).join(", ") });
    if (step.kind === "seed") return t("walk.graph.caption.seed", { name: name(step.node) });
    const params = { child: name(step.node), parent: name(step.parent), local: short(step.local_grad),
      pgrad: short(step.parent_grad), before: short(step.before), grad: short(step.grad) };
    return t(step.before ? "walk.graph.caption.add_more" : "walk.graph.caption.add", params);
  }

  draw(); // the labels, before Python answers
  let timer = null;
  const again = live(root, async () => {
    const values = {};
    for (const v of vars) {
      if (v.input.value.trim() !== "") values[v.name] = Number(v.input.value);
    }
    try {
      data = await call("graph", { text: text.value, values });
    } catch (e) {
      showProblem(e);
      return;
    }
    root.dataset.problem = data.problem ? data.problem.key : "";
    if (data.problem) draw();
    else stepper.setCount(data.steps.length, 0);
  }, draw, { model: false });
  const soon = () => { clearTimeout(timer); timer = setTimeout(again, 250); };
  text.addEventListener("input", soon);
  for (const v of vars) v.input.addEventListener("input", soon);
}
