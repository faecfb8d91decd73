// Section 8: the live model's attention for a typed name, one head at a time.
// 1. One query row worked through: this position's query q against every earlier key k
//    (score q·k/√d), softmax to weights, the weighted values w×v added up to the head's output.
// 2. The heatmap of every row: rows are the query position, columns the key position; cells
//    after the row's own position are masked. Arrow keys move between cells (a cell picks its
//    row for the picture above); each cell's score and weight show on focus/hover.
import { onLang, t } from "../i18n.js";
import { call, el, frame, percent, short } from "../components/kit.js";
import { nameProblem, onModel } from "../components/live.js";
import { nameInput } from "./tokenizer.js";
import { createTokenPicker } from "../components/tokenpick.js";
import { scaleOf } from "../components/vector.js";

// a short vector as coloured cells (its numbers in the accessible name and on hover)
export function miniVector(values, scale, labelKey = "walk.attention.vec") {
  const numbers = values.map(short).join(", ");
  return el("span", { class: "mini-vec", role: "img", title: numbers,
    "aria-label": t(labelKey, { values: numbers }) },
  ...values.map((v) => {
    const c = el("span", { class: `cell ${v < 0 ? "neg" : "pos"}` });
    c.style.setProperty("--strength", `${Math.round(Math.min(1, Math.abs(v) / scale) * 100)}%`);
    return c;
  }));
}

export function mount(root) {
  const { body, showProblem } = frame(root, "walk.attention.title");
  const { input, row } = nameInput("attention-name", "walk.attention.name", "emma");
  const heads = el("div", { class: "head-buttons", role: "group" });
  const picker = createTokenPicker("walk.attention.pick", (pos) => { chosen = pos; draw(); });
  const rowTitle = el("h4");
  const query = el("p", { class: "attn-query" });
  const rowTable = el("table", { class: "attn-row" });
  const rowNote = el("p", { class: "note" });
  const mapTitle = el("h4");
  const table = el("table", { class: "heatmap" });
  const readout = el("p", { class: "note heat-readout", "aria-live": "polite" });
  body.append(row, heads, picker.element, rowTitle, query, el("div", { class: "table-scroll" }, rowTable), rowNote,
    mapTitle, el("div", { class: "table-scroll" }, table), readout);

  let data = null;
  let head = 0;
  let chosen = Infinity; // the query position worked through: the last one at first
  let focus = [1, 0]; // the heatmap cell that takes Tab (roving focus)

  const label = (i) => `${data.tokens[i]}@${i}`;

  function describe(r, c) {
    const h = data.heads[head];
    const q = label(r);
    const k = label(c);
    if (h.weights[r][c] === null) return t("walk.attention.masked_cell", { q, k });
    return t("walk.attention.cell", { q, k, d: data.head_dim, score: short(h.scores[r][c]),
      weight: percent(h.weights[r][c]) });
  }

  function drawHeads() {
    heads.setAttribute("aria-label", t("walk.attention.heads"));
    heads.replaceChildren(...data.heads.map((_, h) => {
      const b = el("button", { type: "button", "data-head": String(h), "aria-pressed": String(h === head),
        text: t("walk.attention.head", { h: h + 1 }) });
      b.addEventListener("click", () => pickHead(h));
      return b;
    }));
  }

  function pickHead(h) {
    head = h;
    draw();
    heads.children[h].focus();
  }
  // the arrow keys move between heads too
  heads.addEventListener("keydown", (event) => {
    const n = data?.n_head ?? 0;
    const moves = { ArrowLeft: head - 1, ArrowRight: head + 1, Home: 0, End: n - 1 };
    if (!(event.key in moves) || !n) return;
    event.preventDefault();
    pickHead(Math.max(0, Math.min(n - 1, moves[event.key])));
  });

  // 1. the chosen row, key by key
  function drawRow() {
    const h = data.heads[head];
    const r = chosen;
    const scale = scaleOf(h.q[r], ...h.k.slice(0, r + 1), ...h.v.slice(0, r + 1), h.out[r]);
    rowTitle.textContent = t("walk.attention.row_title", { q: label(r), h: head + 1 });
    query.replaceChildren(el("span", { text: t("walk.attention.query", { q: label(r) }) }), " ",
      miniVector(h.q[r], scale));
    const th = (text, scope, cls) => el("th", { scope, class: cls, text });
    const rows = data.tokens.map((_, j) => {
      const w = h.weights[r][j];
      if (w === null) {
        return el("tr", { class: "masked", "data-key": String(j) }, th(label(j), "row"),
          el("td", { colspan: "5", text: t("walk.attention.future") }));
      }
      const bar = el("span", { class: "w-bar", "aria-hidden": "true" }, el("span", { class: "w-fill" }));
      bar.firstChild.style.width = `${Math.round(w * 100)}%`;
      return el("tr", { "data-key": String(j), class: j === r ? "self" : "" }, th(label(j), "row"),
        el("td", {}, miniVector(h.k[j], scale)),
        el("td", { class: "num", text: short(h.scores[r][j]) }),
        el("td", { class: "weight" }, bar, el("span", { text: percent(w, 0) })),
        el("td", {}, miniVector(h.v[j], scale)),
        el("td", {}, miniVector(h.mixed[r][j], scale)));
    });
    rowTable.replaceChildren(el("caption", { text: t("walk.attention.row_caption", { d: data.head_dim }) }),
      el("thead", {}, el("tr", {}, th(t("walk.attention.key_col"), "col"), th("k", "col"),
        th(t("walk.attention.score_col", { d: data.head_dim }), "col"), th(t("walk.attention.weight_col"), "col"),
        th("v", "col"), th(t("walk.attention.mixed_col"), "col"))),
      el("tbody", {}, ...rows),
      el("tfoot", {}, el("tr", {}, th(t("walk.attention.sum_row"), "row"), el("td"), el("td"),
        el("td", { class: "num", text: percent(1, 0) }), el("td"),
        el("td", { class: "out" }, miniVector(h.out[r], scale)))));
    rowNote.textContent = t("walk.attention.row_note", { q: label(r), h: head + 1, hd: data.head_dim, n: data.n_head });
    root.dataset.row = String(r);
  }

  // 2. every row at once
  function drawTable() {
    const h = data.heads[head];
    const n = data.tokens.length;
    focus = [Math.min(focus[0], n - 1), Math.min(focus[1], n - 1)];
    const th = (text, scope, cls) => el("th", { scope, class: cls, text });
    const rows = data.tokens.map((lab, r) => el("tr", { class: r === chosen ? "chosen" : "" }, th(lab, "row"),
      ...h.weights[r].map((w, c) => {
        const td = el("td", { class: w === null ? "masked" : "", text: w === null ? "" : percent(w, 0),
          "data-r": String(r), "data-c": String(c), "data-masked": w === null ? "1" : null,
          tabindex: r === focus[0] && c === focus[1] ? "0" : "-1", "aria-label": describe(r, c) });
        if (w !== null) td.style.setProperty("--strength", `${Math.round(w * 45)}%`);
        return td;
      })));
    mapTitle.textContent = t("walk.attention.map_title");
    table.replaceChildren(el("caption", { text: t("walk.attention.caption", { h: head + 1 }) }),
      el("thead", {}, el("tr", {}, th(t("walk.attention.corner"), "col", "corner"),
        ...data.tokens.map((lab) => th(lab, "col")))),
      el("tbody", {}, ...rows));
    readout.textContent = t("walk.attention.hint");
  }

  function draw() {
    if (!data) return;
    drawHeads();
    chosen = picker.show(data.tokens, chosen);
    drawRow();
    drawTable();
  }

  const cell = (r, c) => table.querySelector(`td[data-r="${r}"][data-c="${c}"]`);
  table.addEventListener("keydown", (event) => {
    const [r, c] = focus;
    const moves = { ArrowUp: [r - 1, c], ArrowDown: [r + 1, c], ArrowLeft: [r, c - 1], ArrowRight: [r, c + 1] };
    if (!moves[event.key] || !data) return;
    event.preventDefault();
    const n = data.tokens.length;
    const [nr, nc] = moves[event.key].map((x) => Math.max(0, Math.min(n - 1, x)));
    cell(r, c)?.setAttribute("tabindex", "-1");
    focus = [nr, nc];
    cell(nr, nc).setAttribute("tabindex", "0");
    cell(nr, nc).focus();
  });
  const show = (event) => {
    const td = event.target.closest?.("td");
    if (td && data) readout.textContent = describe(Number(td.dataset.r), Number(td.dataset.c));
  };
  table.addEventListener("focusin", show);
  table.addEventListener("pointerover", show);
  // a click on a row of the heatmap works that row through above
  table.addEventListener("click", (event) => {
    const td = event.target.closest?.("td");
    if (!td || !data) return;
    chosen = Number(td.dataset.r);
    focus = [chosen, Number(td.dataset.c)];
    draw();
    cell(...focus)?.focus();
  });

  const again = onModel(root, async () => {
    const out = await call("attention", { name: input.value.trim() });
    input.setAttribute("aria-invalid", String(Boolean(out.problem)));
    nameProblem(showProblem, out.problem);
    if (out.problem) return;
    data = out;
    head = Math.min(head, data.n_head - 1);
    draw();
  });
  input.addEventListener("input", again);
  onLang(draw);
}
