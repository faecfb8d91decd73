// Where the live model's parameters are: one stacked bar, a segment per matrix, coloured by
// part (token table, position table, each layer's attention and MLP, lm_head), widths from
// Python's model_facts; a legend with each part's count and share.
import { formatNumber, onLang, t } from "../i18n.js";
import { call, el, frame, percent } from "../components/kit.js";
import { onModel } from "../components/live.js";

// the part a matrix belongs to: wte, wpe and lm_head by name, the rest by facts' group
const part = (p) => (["wte", "wpe", "lm_head"].includes(p.name) ? p.name : p.group);
const PARTS = ["wte", "wpe", "attention", "mlp", "lm_head"];

export function mount(root) {
  const { body } = frame(root, "walk.param_bar.title");
  const bar = el("div", { class: "pbar" });
  const legend = el("ul", { class: "pbar-legend" });
  const note = el("p", { class: "note" });
  body.append(el("figure", { class: "pbar-figure" }, bar, el("figcaption", {}, legend, note)));

  let facts = null;

  function draw() {
    if (!facts) return;
    const total = facts.n_params;
    const int = (n) => formatNumber(n);
    const sums = Object.fromEntries(PARTS.map((k) => [k, 0]));
    for (const p of facts.params) sums[part(p)] += p.count;
    // in the order a token meets them: the tables, the layers, lm_head
    const rank = (p) => ({ wte: 0, wpe: 1, lm_head: 3 })[p.name] ?? 2;
    const ordered = [...facts.params].sort((a, b) => rank(a) - rank(b));
    bar.replaceChildren(...ordered.map((p) => {
      const seg = el("span", { class: `pbar-seg part-${part(p)}`, "data-name": p.name,
        title: `${p.name} ${p.rows}×${p.cols} = ${int(p.count)}` });
      seg.style.flexGrow = String(p.count);
      return seg;
    }));
    const items = PARTS.filter((k) => sums[k] > 0).map((k) => {
      const text = t(`walk.param_bar.${k}`, { n: int(sums[k]), share: percent(sums[k] / total),
        layers: int(facts.n_layer) });
      return { k, text };
    });
    legend.replaceChildren(...items.map(({ k, text }) => el("li", { "data-part": k },
      el("span", { class: `pbar-swatch part-${k}`, "aria-hidden": "true" }), el("span", { text }))));
    bar.setAttribute("role", "img"); // named from the first data on
    bar.setAttribute("aria-label", t("walk.param_bar.aria", { total: int(total),
      parts: items.map((i) => i.text).join("; ") }));
    note.textContent = t("walk.param_bar.note", { total: int(total), n: int(facts.n_layer) });
    root.dataset.total = String(total);
  }

  onModel(root, async () => {
    facts = await call("model_facts");
    draw();
  });
  onLang(draw);
}
