// Key terms with a one-line definition on hover and keyboard focus, in both languages.
//
// Walkthrough text marks a term as [[key|shown text]] (or [[key]] to show the key itself) and
// code as `code`; rich(text, params) turns that into DOM nodes. Definitions live in i18n area
// "glossary" (glossary.KEY); like the text around them they may hold {placeholders} of the live
// model (params, see walk.js). Their terms follow i18n/terms.json (tests/test_terms.py).
// Escape hides an open definition (WCAG 1.4.13).
import { t } from "./i18n.js";

const MARK = /\[\[([a-z_]+)(?:\|([^\]]+))?\]\]|`([^`]+)`/g;
let nextId = 1;

export function term(key, shown, params = {}) {
  const el = document.createElement("span");
  el.className = "term";
  el.tabIndex = 0;
  el.dataset.term = key;
  const tip = document.createElement("span");
  tip.className = "term-tip";
  tip.setAttribute("role", "tooltip");
  tip.id = `term-${nextId++}`;
  tip.textContent = t(`glossary.${key}`, params);
  el.setAttribute("aria-describedby", tip.id);
  el.append(document.createTextNode(shown), tip);
  return el;
}

// Text with [[term|shown]] and `code` marks -> a fragment of text nodes and elements.
export function rich(text, params = {}) {
  const fragment = document.createDocumentFragment();
  let last = 0;
  for (const m of text.matchAll(MARK)) {
    if (m.index > last) fragment.append(text.slice(last, m.index));
    if (m[3] !== undefined) {
      const code = document.createElement("code");
      code.textContent = m[3];
      fragment.append(code);
    } else {
      fragment.append(term(m[1], m[2] ?? m[1], params));
    }
    last = m.index + m[0].length;
  }
  if (last < text.length) fragment.append(text.slice(last));
  return fragment;
}

// keep an open definition inside the window (a term near the right edge on a phone)
function place(el) {
  const tip = el.querySelector(".term-tip");
  tip.style.left = "0px"; // CSSOM, which the page's CSP allows
  const box = tip.getBoundingClientRect();
  const over = box.right - (document.documentElement.clientWidth - 8);
  if (over > 0) tip.style.left = `${-Math.min(over, box.left - 8)}px`;
}
for (const type of ["focusin", "mouseover"]) {
  document.addEventListener(type, (event) => {
    const el = event.target.closest?.(".term");
    if (el) place(el);
  });
}

document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  const open = document.activeElement?.closest?.(".term");
  if (open) open.classList.add("tip-hidden");
});
document.addEventListener("focusin", (event) => {
  for (const el of document.querySelectorAll(".term.tip-hidden")) {
    if (el !== event.target) el.classList.remove("tip-hidden");
  }
});
