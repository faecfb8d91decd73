// Small helpers the walkthrough widgets share: building elements, calling Python, refreshing.
import * as client from "../client.js";
import { formatNumber, onLang, t } from "../i18n.js";
import { refresher } from "./live.js";

// el("p", {class: "note", text: "..."}, child...): text always as textContent, never HTML;
// every other key is an attribute (false, null and undefined leave it out)
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key === "class") node.className = value;
    else if (key === "hidden") node.hidden = Boolean(value);
    else node.setAttribute(key, String(value));
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

export const SVG_NS = "http://www.w3.org/2000/svg";
export function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "text") node.textContent = value;
    else node.setAttribute(key, value);
  }
  return node;
}

// 0.6003 -> "60.0%"
export const percent = (p, digits = 1) => p === null || p === undefined ? "–"
  : formatNumber(p, { style: "percent", minimumFractionDigits: digits, maximumFractionDigits: digits });
export const fixed = (x, digits = 2) => x === null || x === undefined ? "∞"
  : formatNumber(x, { minimumFractionDigits: digits, maximumFractionDigits: digits });
// short form for values in tables and graphs: 4, 0.333, -0.222, 1.2e+6
export function short(x) {
  if (x === null || x === undefined) return "–";
  if (x === 0) return "0"; // -0 too (relu(-1) * 2 is -0 in floating point)
  if (Number.isInteger(x)) return formatNumber(x);
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return x.toExponential(2);
  return formatNumber(x, { maximumFractionDigits: 3 });
}

// A widget's frame: class, title, an alert line (role="alert"), a body.
export function frame(root, titleKey) {
  root.classList.add("widget");
  root.dataset.state = "loading";
  const title = el("h3");
  const alert = el("p", { class: "alert", role: "alert", hidden: true });
  const body = el("div", { class: "widget-body" });
  root.replaceChildren(title, body, alert);
  const texts = () => { title.textContent = t(titleKey); };
  onLang(texts);
  texts();
  return {
    body,
    // a problem from Python ({key, message, ...params}) in the reader's language, or an Error
    showProblem(problem, area) {
      if (!problem) {
        alert.hidden = true;
        alert.textContent = "";
        return;
      }
      // every key Python may send has a text in i18n; an Error shows its own message
      alert.textContent = problem.key ? t(`${area}.${problem.key}`, problem) : problem.message;
      alert.hidden = false;
    },
  };
}

// Refresh on model changes while on screen, redraw() on a language switch ({ model: false }
// for data that does not depend on the model); returns again(). Scheduled by live.js.
export const live = (root, refresh, redraw = () => {}, { model = true } = {}) =>
  refresher(root, refresh, { model, redraw });

export const call = client.call;

const share = (x) => `${Math.max(0, Math.min(1, x)) * 100}%`;

// horizontal bars: [{label, value (0..1 of the track), text, cls}] -> <ol class="bars">;
// marker (0..1) draws a dashed reference line across every track
export function bars(items, marker = null) {
  return el("ol", { class: "bars" }, ...items.map(({ label, value, text, cls = "" }) => {
    const fill = el("span", { class: "bar-fill" });
    fill.style.width = share(value); // CSSOM: allowed by the CSP
    const track = el("span", { class: "bar-track", "aria-hidden": "true" }, fill);
    if (marker !== null) {
      const line = el("span", { class: "bar-marker" });
      line.style.left = share(marker);
      track.append(line);
    }
    return el("li", { class: `bar-row ${cls}`, "data-label": label },
      el("span", { class: "bar-label", text: label }), track, el("span", { class: "bar-value", text }));
  }));
}
