// A vector as a strip of coloured cells (blue below 0, orange above, stronger = larger), its
// numbers on hover and on keyboard focus: Tab to the strip, then arrow keys move along it.
// Widgets say so once with the text walk.vector.hint.
//
//   const strip = createVector("walk.embedding.tok_emb");  parent.append(strip.element)
//   strip.show(values, scale, labelParams)  // scale: the |value| drawn at full strength
import { onLang, t } from "../i18n.js";
import { el, short } from "./kit.js";

export function createVector(labelKey) {
  const caption = el("div", { class: "vector-caption" });
  const cells = el("div", { class: "vector-cells", role: "group", tabindex: "0" });
  const readout = el("div", { class: "vector-readout", "aria-live": "polite" });
  const element = el("div", { class: "vector" }, caption, cells, readout);
  let values = [];
  let active = -1;
  let params = {};

  function say() {
    readout.textContent = active >= 0 ? t("walk.vector.cell", { i: active, value: short(values[active]) }) : "";
  }

  function mark(i) {
    active = i;
    [...cells.children].forEach((c, k) => c.classList.toggle("active", k === i));
    say();
  }

  function texts() {
    caption.textContent = t(labelKey, params);
    cells.setAttribute("aria-label", t(labelKey, params));
    say();
  }

  cells.addEventListener("keydown", (event) => {
    const moves = { ArrowLeft: active - 1, ArrowRight: active + 1, Home: 0, End: values.length - 1 };
    if (!(event.key in moves) || !values.length) return;
    event.preventDefault();
    event.stopPropagation(); // the arrows move along the vector, not the stepper
    mark(Math.max(0, Math.min(values.length - 1, active < 0 ? 0 : moves[event.key])));
  });
  cells.addEventListener("focus", () => mark(active < 0 ? 0 : active));
  cells.addEventListener("blur", () => mark(-1));
  cells.addEventListener("pointerover", (event) => {
    const i = event.target.dataset?.i;
    if (i !== undefined) mark(Number(i));
  });
  cells.addEventListener("pointerleave", () => { if (document.activeElement !== cells) mark(-1); });
  onLang(texts);

  return {
    element,
    show(next, scale, labelParams = {}) {
      values = next;
      params = labelParams;
      const top = scale || scaleOf(values);
      cells.replaceChildren(...values.map((v, i) => {
        const cell = el("span", { class: `cell ${v < 0 ? "neg" : "pos"}`, "data-i": String(i) });
        // CSSOM, allowed by the page's CSP (no inline style attributes)
        cell.style.setProperty("--strength", `${Math.round(Math.min(1, Math.abs(v) / top) * 100)}%`);
        return cell;
      }));
      element.dataset.size = String(values.length);
      if (active >= values.length) active = -1;
      texts();
      if (active >= 0) mark(active);
    },
  };
}

// The largest |value| across several vectors, so strips shown together share one colour scale.
export const scaleOf = (...vectors) => Math.max(1e-12, ...vectors.flat().map(Math.abs));
