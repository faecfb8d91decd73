// Section 1: the names the model learns from. Data: "dataset" and "dataset_search".
import { formatNumber, t } from "../i18n.js";
import { call, el, fixed, frame, live, svg } from "../components/kit.js";

// a small column chart: [[label, count]] -> <svg> with an accessible summary
// drawn at the box's own width (at most 560), so its labels keep their size on phones
function columns(pairs, width) {
  const w = Math.max(260, Math.min(560, width || 560)), h = 150, pad = 22;
  const labelEvery = w / pairs.length < 14 ? 2 : 1;
  const max = pairs.reduce((most, [, n]) => Math.max(most, n), 1); // no spread: no arg limit
  const step = (w - 10) / pairs.length;
  const chart = svg("svg", { class: "plot", viewBox: `0 0 ${w} ${h + pad}`, role: "img" });
  pairs.forEach(([label, n], i) => {
    const bh = (n / max) * h;
    const bar = svg("rect", { class: "hist", x: 5 + i * step + 1, y: h - bh, width: Math.max(1, step - 2), height: bh });
    bar.append(svg("title", { text: `${label}: ${formatNumber(n)}` }));
    chart.append(bar);
    if (i % labelEvery === 0) {
      chart.append(svg("text", { x: 5 + i * step + step / 2, y: h + 15, "text-anchor": "middle", text: String(label) }));
    }
  });
  chart.append(svg("line", { class: "axis", x1: 0, x2: w, y1: h, y2: h }));
  return chart;
}

export function mount(root) {
  const { body, showProblem } = frame(root, "walk.dataset.title");
  const stats = el("dl", { class: "readouts" });
  const lengthsTitle = el("h4", { class: "note" });
  const lengths = el("figure", { class: "chart-box" });
  const firstsTitle = el("h4", { class: "note" });
  const firsts = el("figure", { class: "chart-box" });
  const searchLabel = el("label", { for: "dataset-search" });
  const search = el("input", { id: "dataset-search", type: "text", value: "emma", autocomplete: "off", spellcheck: "false", autocapitalize: "off" });
  const found = el("p", { "aria-live": "polite", "data-search-result": "" });
  body.append(stats, lengthsTitle, lengths, firstsTitle, firsts,
    el("div", { class: "row" }, searchLabel, search), found);
  let data = null;
  let result = null;

  function draw() {
    searchLabel.textContent = t("walk.dataset.search");
    if (!data) return;
    const item = (key, value) => el("div", {}, el("dt", { text: t(key) }), el("dd", { text: value }));
    stats.replaceChildren(
      item("walk.dataset.count", formatNumber(data.count)),
      item("walk.dataset.distinct", formatNumber(data.distinct)),
      item("walk.dataset.mean_length", fixed(data.mean_length, 1)),
      item("walk.dataset.longest", data.longest),
      item("walk.dataset.chars", formatNumber(data.chars.length)));
    stats.dataset.count = String(data.count);
    lengthsTitle.textContent = t("walk.dataset.lengths");
    const lengthChart = columns(data.lengths, lengths.clientWidth);
    lengthChart.setAttribute("aria-label", t("walk.dataset.lengths_alt", {
      common: data.lengths.reduce((a, b) => (b[1] > a[1] ? b : a))[0] }));
    lengths.replaceChildren(lengthChart);
    firstsTitle.textContent = t("walk.dataset.first_letters");
    const firstChart = columns(data.first_letters, firsts.clientWidth);
    firstChart.setAttribute("aria-label", t("walk.dataset.first_letters_alt", {
      common: data.first_letters.reduce((a, b) => (b[1] > a[1] ? b : a))[0] }));
    firsts.replaceChildren(firstChart);
    drawResult();
  }

  function drawResult() {
    showProblem(result?.problem, "walk.dataset.problem");
    if (!result || result.problem || !result.query) {
      found.replaceChildren();
      return;
    }
    const q = result.query;
    const parts = [el("strong", { text: t(result.found ? "walk.dataset.found" : "walk.dataset.not_found", { name: q }) }), " "];
    const many = { 0: "starts_with_none", 1: "starts_with_one" }[result.starts_with] ?? "starts_with";
    parts.push(t(`walk.dataset.${many}`, { n: formatNumber(result.starts_with), prefix: q }));
    if (result.matches.length) parts.push(" ", el("span", { class: "note", text: result.matches.join(", ") + (result.starts_with > result.matches.length ? ", …" : "") }));
    found.replaceChildren(...parts);
    found.dataset.found = String(result.found);
  }

  async function find() {
    try {
      result = await call("dataset_search", { query: search.value });
    } catch (e) {
      showProblem(e);
      return;
    }
    drawResult();
  }

  live(root, async () => {
    try {
      data = await call("dataset");
    } catch (e) {
      showProblem(e);
      return;
    }
    await find();
    draw();
  }, draw);
  search.addEventListener("input", () => find());
  draw();
}
