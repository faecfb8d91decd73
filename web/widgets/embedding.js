// Section 7: pick a token of a name -> its row of the token table wte (vocab_size × n_embd) and
// its position's row of wpe, both lit in the whole tables, and their sum; and a 2-D map (PCA,
// computed in Python) of every token's embedding, redrawn as training runs.
import { formatNumber, onLang, t } from "../i18n.js";
import { call, el, fixed, frame, svg } from "../components/kit.js";
import { nameProblem, onModel } from "../components/live.js";
import { nameInput } from "./tokenizer.js";
import { createTokenPicker } from "../components/tokenpick.js";
import { createVector, scaleOf } from "../components/vector.js";

const SIZE = 300; // map width and height in SVG units
const CELL = 10; // a table cell, in SVG units
const LABEL = 34; // the row labels' column

// A parameter table as a grid of coloured cells, one row lit: {figure}
function tableFigure(name, rows, labels, lit, params) {
  const cols = rows[0].length;
  const top = 14;
  const width = LABEL + cols * CELL + 4;
  const height = top + rows.length * CELL + 4;
  const scale = scaleOf(...rows);
  const grid = svg("svg", { class: `emb-table emb-${name}`, viewBox: `0 0 ${width} ${height}`, role: "img",
    "data-rows": String(rows.length), "data-cols": String(cols), "data-lit": String(lit) });
  grid.style.width = `${Math.round(width * 1.45)}px`; // one cell size for both tables
  grid.append(svg("text", { class: "emb-head", x: LABEL, y: 10, text: t("walk.embedding.cols", { n: cols }) }));
  rows.forEach((values, r) => {
    const g = svg("g", { class: `emb-row${r === lit ? " lit" : ""}` });
    g.append(svg("text", { x: LABEL - 4, y: top + r * CELL + 8, "text-anchor": "end", text: labels[r] }));
    values.forEach((v, c) => {
      const cell = svg("rect", { class: v < 0 ? "neg" : "pos", x: LABEL + c * CELL, y: top + r * CELL,
        width: CELL - 1, height: CELL - 1 });
      cell.style.setProperty("--strength", `${Math.round(Math.min(1, Math.abs(v) / scale) * 100)}%`);
      g.append(cell);
    });
    grid.append(g);
  });
  grid.append(svg("rect", { class: "emb-lit", x: 1, y: top + lit * CELL - 1.5, width: width - 2,
    height: CELL + 2, rx: 2 }));
  const text = t(`walk.embedding.${name}_caption`, { rows: rows.length, cols, ...params });
  grid.setAttribute("aria-label", text);
  return el("figure", { class: "emb-figure" }, grid, el("figcaption", { class: "note", text }));
}

export function mount(root) {
  const { body, showProblem } = frame(root, "walk.embedding.title");
  const { input, row } = nameInput("embedding-name", "walk.embedding.name", "emma");
  const picker = createTokenPicker("walk.embedding.pick", (pos) => { chosen = pos; drawVectors(); });
  const strips = ["tok_emb", "pos_emb", "sum"].map((key) => createVector(`walk.embedding.${key}`));
  const tables = el("div", { class: "emb-tables" });
  const hint = el("p", { class: "note" });
  const mapTitle = el("h4");
  const map = svg("svg", { class: "plot token-map", viewBox: `-24 -24 ${SIZE + 48} ${SIZE + 48}` });
  map.append(svg("rect", { class: "map-frame", x: -14, y: -14, width: SIZE + 28, height: SIZE + 28 }));
  const dots = new Map(); // token label -> its <g> on the map
  const legend = el("p", { class: "note map-legend" });
  const mapNote = el("p", { class: "note", "data-map-note": "" });
  const vowelNote = el("p", { class: "note vowel-note", "aria-live": "polite" });
  body.append(row, picker.element, tables, ...strips.map((s) => s.element), hint, mapTitle, map, legend, mapNote, vowelNote);

  let data = null; // the "embedding" command's answer
  let chosen = 1; // the position whose vectors are shown
  let mapData = null;
  let step = 0;

  function drawVectors() {
    const tok = data?.tokens[chosen];
    if (!tok) return;
    const scale = scaleOf(tok.tok_emb, tok.pos_emb, tok.sum);
    strips[0].show(tok.tok_emb, scale, { id: tok.token_id, label: tok.label });
    strips[1].show(tok.pos_emb, scale, { pos: tok.pos_id });
    strips[2].show(tok.sum, scale, { label: tok.label, pos: tok.pos_id });
    root.dataset.chosen = `${tok.label}@${tok.pos_id}`;
    drawTables(tok);
  }

  // the two whole tables, the looked-up rows lit
  function drawTables(tok) {
    tables.replaceChildren(
      tableFigure("wte", data.wte, data.vocab, tok.token_id, { label: tok.label, id: tok.token_id }),
      tableFigure("wpe", data.wpe, data.wpe.map((_, i) => String(i)), tok.pos_id, { pos: tok.pos_id }));
  }

  const again = onModel(root, async () => {
    const out = await call("embedding", { name: input.value.trim() });
    input.setAttribute("aria-invalid", String(Boolean(out.problem)));
    nameProblem(showProblem, out.problem);
    if (out.problem) return;
    data = out;
    chosen = picker.show(data.tokens.map((tok) => tok.label), chosen);
    drawVectors();
  });
  input.addEventListener("input", again);

  function drawMap() {
    hint.textContent = t("walk.vector.hint");
    mapTitle.textContent = t("walk.embedding.map_title");
    legend.textContent = t("walk.embedding.legend");
    if (!mapData) return;
    const pts = mapData.points;
    const range = (k) => [Math.min(...pts.map((p) => p[k])), Math.max(...pts.map((p) => p[k]))];
    const [x0, x1] = range("x");
    const [y0, y1] = range("y");
    const half = Math.max(x1 - x0, y1 - y0, 1e-9) / 2; // one scale for both axes
    const px = (x) => SIZE / 2 + ((x - (x0 + x1) / 2) / half) * (SIZE / 2);
    const py = (y) => SIZE / 2 - ((y - (y0 + y1) / 2) / half) * (SIZE / 2);
    // one group per token, kept between redraws so CSS can glide it to its new place
    const seen = new Set();
    for (const p of pts) {
      let g = dots.get(p.label);
      if (!g) {
        g = svg("g", { class: `pt${p.vowel ? " vowel" : ""}${p.label === "BOS" ? " bos" : ""}`, "data-label": p.label });
        g.append(p.vowel ? svg("rect", { x: -4.5, y: -4.5, width: 9, height: 9 }) : svg("circle", { r: 4 }),
          svg("text", { x: 7, y: 4, text: p.label }));
        dots.set(p.label, g);
        map.append(g);
      }
      g.style.transform = `translate(${px(p.x).toFixed(1)}px, ${py(p.y).toFixed(1)}px)`;
      seen.add(p.label);
    }
    for (const [label, g] of dots) {
      if (!seen.has(label)) { g.remove(); dots.delete(label); } // a new dataset, another vocabulary
    }
    const vowels = pts.filter((p) => p.vowel).map((p) => p.label).join(" ");
    map.setAttribute("role", "img"); // named from the first data on
    map.setAttribute("aria-label", t("walk.embedding.map_aria", { n: pts.length, vowels }));
    const [ex, ey] = mapData.explained.map((v) => formatNumber(100 * v, { maximumFractionDigits: 0 }));
    mapNote.textContent = t("walk.embedding.map_note", { ex, ey, step: formatNumber(step) });
    const c = mapData.vowel_closeness;
    vowelNote.textContent = c === null ? "" : t(mapData.vowels_together ? "walk.embedding.vowels_close"
      : "walk.embedding.vowels_not_yet", { ratio: fixed(c, 2) });
    vowelNote.dataset.close = String(mapData.vowels_together);
  }

  // cheap enough to follow training live: watch the letters move
  onModel(root, async () => {
    [mapData, { step }] = await Promise.all([call("token_map"), call("status")]);
    drawMap();
  }, { live: true });
  onLang(drawMap);
  onLang(drawVectors);
}
