// Section 9a: the forward pass as a residual stream, stepped one stage at a time for one token
// of a name: one vertical line from the embeddings down to lm_head, attention and the MLP
// branching off it in each layer (after their RMSNorm) and added back in, the KV cache as a
// stack beside attention. The stage the stepper is at is lit, and its real vector shown.
import { onLang, t } from "../i18n.js";
import { currentFacts, factParams, onFacts } from "../walk.js";
import { call, el, frame, svg } from "../components/kit.js";
import { nameProblem, onModel } from "../components/live.js";
import { createProbBars } from "../components/probbars.js";
import { createStepper } from "../components/stepper.js";
import { nameInput } from "./tokenizer.js";
import { createTokenPicker } from "../components/tokenpick.js";
import { createVector } from "../components/vector.js";

// The stages of microgpt.explain.forward drawn and stepped (fc2 is the MLP's output; k and v
// are what this position pushes onto the cache).
const BLOCKS = ["tok_emb", "pos_emb", "sum", "norm0", "norm1", "k", "v", "attn", "add1", "norm2",
  "fc2", "add2", "logits", "probs"];

// "RMSNorm", or "RMSNorm (layer 2)" when the model has more than one layer
export function blockName(stage, nLayer) {
  const base = t(`walk.block.${stage.key}`);
  return stage.layer === null || nLayer === 1 ? base : t("walk.block.in_layer", { block: base, layer: stage.layer + 1 });
}

// Geometry, in SVG units (the picture scales to the widget's width)
const W = 360;
const SX = 62; // the residual stream
const BX = 196; // the branch column (RMSNorm, attention, MLP)
const CX = 262; // the cache stack's left edge
const BOX = { w: 112, h: 28 }; // a block on the stream
const BRANCH = { w: 104, h: 26 };
const LAYER_H = 206;
const CACHE_ROWS = 4; // cache entries drawn; older ones are counted

const NS = (tag, attrs, ...kids) => {
  const node = svg(tag, attrs);
  node.append(...kids);
  return node;
};

function box(cx, y, { w, h }, label, sub) {
  const g = NS("g", { class: "pf-node" },
    NS("rect", { x: cx - w / 2, y, width: w, height: h, rx: 5 }),
    NS("text", { x: cx, y: y + (sub ? h / 2 - 1 : h / 2 + 4.5), "text-anchor": "middle", text: label }));
  if (sub) g.append(NS("text", { class: "pf-sub", x: cx, y: y + h / 2 + 10, "text-anchor": "middle", text: sub }));
  return g;
}

function plus(cx, cy) {
  return NS("g", { class: "pf-node pf-add" }, NS("circle", { cx, cy, r: 10 }),
    NS("text", { x: cx, y: cy + 5, "text-anchor": "middle", text: "+" }));
}

const line = (points, cls = "pf-wire") => svg("polyline", { class: cls, points: points.map((p) => p.join(",")).join(" ") });

// The picture for `data` (the forward command's answer); returns {svg, nodes: Map "key/layer" -> <g>}
function picture(data) {
  const nodes = new Map();
  const put = (key, layer, g) => { g.dataset.stage = key; nodes.set(`${key}/${layer}`, g); return g; };
  const root = svg("svg", { class: "pf", role: "img" });
  const wires = svg("g");
  const top = svg("g");
  root.append(wires, top);
  const tok = data.label;
  // 1. the embeddings meet on the stream
  top.append(put("tok_emb", null, box(SX, 6, BOX, t("walk.block.tok_emb"), `wte[${tok}]`)),
    put("pos_emb", null, box(BX, 6, BRANCH, t("walk.block.pos_emb"), `wpe[${data.pos_id}]`)),
    put("sum", null, plus(SX, 60)), put("norm0", null, box(SX, 80, BOX, t("walk.block.norm0"))));
  wires.append(line([[BX, 32], [BX, 60], [SX + 10, 60]]));
  let y = 122;
  const streamTop = 34;
  // 2. each layer: two branches off the stream and back, the cache beside attention
  for (let li = 0; li < data.n_layer; li++) {
    const Y = y;
    const frameRect = svg("rect", { class: "pf-layer", x: 2, y: Y, width: W - 4, height: LAYER_H - 8, rx: 8 });
    top.append(frameRect, svg("text", { class: "pf-layer-label", x: W - 10, y: Y + 14, "text-anchor": "end",
      text: t("walk.pipeline.layer", { layer: li + 1, n: data.n_layer }) }));
    top.append(svg("text", { class: "pf-stream-label", transform: `translate(${SX - 16} ${Y + 62}) rotate(-90)`,
      "text-anchor": "middle", text: t("walk.pipeline.stream") }));
    // attention branch
    wires.append(line([[SX, Y + 26], [BX, Y + 26], [BX, Y + 30]]), line([[BX, Y + 94], [BX, Y + 104], [SX + 10, Y + 104]]),
      svg("circle", { class: "pf-dot", cx: SX, cy: Y + 26, r: 3.5 }));
    top.append(put("norm1", li, box(BX, Y + 30, BRANCH, t("walk.block.norm1"))),
      put("attn", li, box(BX, Y + 66, BRANCH, t("walk.block.attn"), t("walk.pipeline.heads", { n: data.n_head }))),
      put("add1", li, plus(SX, Y + 104)));
    wires.append(line([[BX, Y + 56], [BX, Y + 66]]));
    // MLP branch
    wires.append(line([[SX, Y + 122], [BX, Y + 122], [BX, Y + 126]]), line([[BX, Y + 186], [BX, Y + 190]]),
      line([[BX, Y + 190], [SX + 10, Y + 190]]), svg("circle", { class: "pf-dot", cx: SX, cy: Y + 122, r: 3.5 }));
    top.append(put("norm2", li, box(BX, Y + 126, BRANCH, t("walk.block.norm2"))),
      put("fc2", li, box(BX, Y + 160, BRANCH, t("walk.block.fc2"), `${data.n_embd}→${4 * data.n_embd}→${data.n_embd}`)),
      put("add2", li, plus(SX, Y + 190)));
    wires.append(line([[BX, Y + 152], [BX, Y + 160]]));
    top.append(cacheStack(data, li, Y, put));
    y += LAYER_H;
  }
  // 3. out of the stream: lm_head, then softmax over the vocabulary
  top.append(put("logits", null, box(SX, y + 4, BOX, t("walk.block.logits"), t("walk.pipeline.logits", { n: data.vocab.length }))),
    put("probs", null, box(SX, y + 48, BOX, t("walk.block.probs"), t("walk.pipeline.next", { target: data.target }))));
  wires.append(line([[SX, y + 32], [SX, y + 48]]));
  wires.prepend(line([[SX, streamTop], [SX, y + 4]], "pf-stream"));
  root.setAttribute("viewBox", `0 0 ${W} ${y + 82}`);
  return { svg: root, nodes };
}

// The layer's KV cache: one entry per position so far, the newest (this position's) on top
function cacheStack(data, li, Y, put) {
  const g = svg("g", { class: "pf-cache" });
  const n = data.cache[li].keys.length;
  const shown = Math.min(n, CACHE_ROWS);
  const rowH = 15;
  const x0 = CX;
  g.append(svg("text", { class: "pf-cache-title", x: x0, y: Y + 30, text: t("walk.pipeline.cache") }));
  for (let k = 0; k < shown; k++) {
    const pos = n - 1 - k; // newest first
    const ry = Y + 36 + k * rowH;
    const row = svg("g", { class: `pf-entry${pos === data.pos_id ? " pf-new" : ""}` });
    row.append(svg("rect", { x: x0, y: ry, width: 92, height: rowH - 2, rx: 3 }),
      svg("text", { x: x0 + 4, y: ry + 10, text: `${data.tokens[pos]}@${pos}` }),
      svg("text", { class: "pf-kv", x: x0 + 60, y: ry + 10, text: "k" }),
      svg("text", { class: "pf-kv", x: x0 + 76, y: ry + 10, text: "v" }));
    if (pos === data.pos_id) {
      // this position's key and value: the k and v stages light these
      const kCell = svg("rect", { class: "pf-slot", x: x0 + 55, y: ry + 1, width: 14, height: rowH - 4, rx: 2 });
      const vCell = svg("rect", { class: "pf-slot", x: x0 + 71, y: ry + 1, width: 14, height: rowH - 4, rx: 2 });
      row.prepend(put("k", li, NS("g", { class: "pf-node pf-kslot" }, kCell)));
      row.prepend(put("v", li, NS("g", { class: "pf-node pf-vslot" }, vCell)));
    }
    g.append(row);
  }
  if (n > shown) {
    g.append(svg("text", { class: "pf-sub", x: x0 + 4, y: Y + 36 + shown * rowH + 9,
      text: t("walk.pipeline.older", { n: n - shown }) }));
  }
  // attention reads every cached entry; this position pushes its own
  g.append(svg("line", { class: "pf-wire pf-push", x1: BX + BRANCH.w / 2, y1: Y + 79, x2: x0, y2: Y + 43 }));
  return g;
}

export function mount(root) {
  const { body, showProblem } = frame(root, "walk.pipeline.title");
  const { input, row } = nameInput("pipeline-name", "walk.pipeline.name", "emma");
  const picker = createTokenPicker("walk.pipeline.pick", (pos) => { posId = pos; again(); });
  const stepper = createStepper(root, { onStep: draw, label: "walk.pipeline.steps" });
  const holder = el("div", { class: "pf-holder" });
  const legend = el("figcaption", { class: "note" });
  const figure = el("figure", { class: "pf-figure" }, holder, legend);
  const caption = el("p", { class: "step-caption", "aria-live": "polite" });
  const strip = createVector("walk.pipeline.vector");
  const hint = el("p", { class: "note" });
  const bars = createProbBars("walk.pipeline.bars");
  const panel = el("div", { class: "pf-panel" }, stepper.element, caption, strip.element, hint, bars.element);
  body.append(row, picker.element, el("div", { class: "pf-split" }, figure, panel));

  let data = null;
  let blocks = []; // the stages stepped, in order
  let drawn = null; // {svg, nodes} for the current data and language
  let posId = 1;

  function build() {
    drawn = picture(data);
    drawn.nodes.forEach((g, id) => {
      const i = blocks.findIndex((s) => `${s.key}/${s.layer}` === id);
      if (i >= 0) g.addEventListener("click", () => stepper.go(i));
    });
    holder.replaceChildren(drawn.svg);
  }

  function draw() {
    if (!data) return;
    const stage = blocks[stepper.index];
    const nLayer = data.n_layer;
    drawn.nodes.forEach((g, id) => g.classList.toggle("lit", id === `${stage.key}/${stage.layer}`));
    drawn.svg.dataset.lit = `${stage.key}/${stage.layer ?? ""}`;
    // this position's entry waits, dashed, until its k is pushed onto the cache
    blocks.forEach((s, i) => {
      if (s.key === "k") drawn.nodes.get(`k/${s.layer}`).parentNode.classList.toggle("pf-pending", stepper.index < i);
    });
    const name = blockName(stage, nLayer);
    drawn.svg.setAttribute("aria-label", t("walk.pipeline.aria", { n: nLayer, block: name,
      cached: data.pos_id + 1, token: data.label, pos: data.pos_id }));
    legend.textContent = t("walk.pipeline.legend");
    caption.textContent = t(`walk.stage.${stage.key}`, { ...factParams(currentFacts()), token: data.label, pos: data.pos_id,
      target: data.target });
    const isProbs = stage.key === "probs";
    hint.textContent = t("walk.vector.hint");
    strip.element.hidden = isProbs;
    hint.hidden = strip.element.hidden;
    bars.element.hidden = !isProbs;
    if (isProbs) bars.show(data.vocab, stage.values, stage.values.indexOf(Math.max(...stage.values)));
    else strip.show(stage.values, null, { block: name, n: stage.values.length });
    root.dataset.stage = stage.key;
  }

  const again = onModel(root, async () => {
    const name = input.value.trim();
    const out = await call("forward", { name, pos_id: Math.min(posId, name.length) });
    input.setAttribute("aria-invalid", String(Boolean(out.problem)));
    nameProblem(showProblem, out.problem);
    if (out.problem) return;
    data = out;
    data.n_embd = data.stages[0].values.length;
    data.n_head = data.stages.find((s) => s.key === "scores").heads.length;
    posId = picker.show(data.tokens, data.pos_id);
    blocks = data.stages.filter((s) => BLOCKS.includes(s.key));
    build();
    stepper.setCount(blocks.length, stepper.index);
  });
  input.addEventListener("input", again);
  onLang(() => { if (data) { build(); draw(); } });
  onFacts(() => { if (data) draw(); }); // its captions quote the sizes
}
