// Section 8: the live model's attention for a typed name, one head at a time. Rows are the
// query position, columns the key position; cells after the row's own position are masked.
// Arrow keys move between cells; each cell's score q.k/sqrt(d) and weight show on focus/hover.
import { onLang, t } from "../i18n.js";
import { call, el, frame, percent, short } from "../components/kit.js";
import { nameProblem, onModel } from "../components/live.js";
import { nameInput } from "./tokenizer.js";

export function mount(root) {
  const { body, showProblem } = frame(root, "walk.attention.title");
  const { input, row } = nameInput("attention-name", "walk.attention.name", "emma");
  const heads = el("div", { class: "head-buttons", role: "group" });
  const table = el("table", { class: "heatmap" });
  const readout = el("p", { class: "note heat-readout", "aria-live": "polite" });
  body.append(row, heads, el("div", { class: "table-scroll" }, table), readout);

  let data = null;
  let head = 0;
  let focus = [1, 0]; // the cell that takes Tab (roving focus)

  function describe(r, c) {
    const h = data.heads[head];
    const q = `${data.tokens[r]}@${r}`;
    const k = `${data.tokens[c]}@${c}`;
    if (h.weights[r][c] === null) return t("walk.attention.masked_cell", { q, k });
    return t("walk.attention.cell", { q, k, d: data.head_dim, score: short(h.scores[r][c]),
      weight: percent(h.weights[r][c]) });
  }

  function drawHeads() {
    heads.setAttribute("aria-label", t("walk.attention.heads"));
    heads.replaceChildren(...data.heads.map((_, h) => {
      const b = el("button", { type: "button", "data-head": String(h), "aria-pressed": String(h === head),
        text: t("walk.attention.head", { h: h + 1 }) });
      b.addEventListener("click", () => { head = h; draw(); heads.children[h].focus(); });
      return b;
    }));
  }

  function drawTable() {
    const h = data.heads[head];
    const n = data.tokens.length;
    focus = [Math.min(focus[0], n - 1), Math.min(focus[1], n - 1)];
    const th = (text, scope, cls) => el("th", { scope, class: cls, text });
    const rows = data.tokens.map((label, r) => el("tr", {}, th(label, "row"),
      ...h.weights[r].map((w, c) => {
        const td = el("td", { class: w === null ? "masked" : "", text: w === null ? "" : percent(w, 0),
          "data-r": String(r), "data-c": String(c), "data-masked": w === null ? "1" : null,
          tabindex: r === focus[0] && c === focus[1] ? "0" : "-1", "aria-label": describe(r, c) });
        if (w !== null) td.style.setProperty("--strength", `${Math.round(w * 45)}%`);
        return td;
      })));
    table.replaceChildren(el("caption", { text: t("walk.attention.caption", { h: head + 1 }) }),
      el("thead", {}, el("tr", {}, th(t("walk.attention.corner"), "col", "corner"),
        ...data.tokens.map((label) => th(label, "col")))),
      el("tbody", {}, ...rows));
    readout.textContent = t("walk.attention.hint");
  }

  function draw() {
    if (!data) return;
    drawHeads();
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
