// A stepper shared by the walkthrough's step-throughs: Prev / Next buttons, a visible "k / N",
// and the arrow keys (Home and End too) anywhere in its scope except text fields and code.
//
//   const stepper = createStepper(scope, { onStep(index) {...}, label: "walk.graph.steps" });
//   scope.append(stepper.element); stepper.setCount(n); stepper.go(k); stepper.index
// onStep runs on every change (and on go()); the page's steps are 0-based, the counter 1-based.
import { onLang, t } from "../i18n.js";

const TYPING = new Set(["INPUT", "TEXTAREA", "SELECT"]);

export function createStepper(scope, { onStep, label }) {
  const element = document.createElement("div");
  element.className = "stepper";
  element.setAttribute("role", "group");
  const prev = button("prev", "‹");
  const next = button("next", "›");
  const counter = document.createElement("span");
  counter.className = "stepper-count";
  counter.setAttribute("role", "status"); // a live region that may carry a name
  counter.dataset.stepperCount = "";
  // the arrow keys, said where they work: shown while a key has focused the stepper (CSS)
  const keys = document.createElement("span");
  keys.className = "stepper-keys note";
  element.append(prev, counter, next, keys);

  let index = 0;
  let count = 0;

  function button(name, arrow) {
    const b = document.createElement("button");
    b.type = "button";
    b.dataset.stepper = name;
    const icon = document.createElement("span");
    icon.setAttribute("aria-hidden", "true");
    icon.textContent = arrow;
    const text = document.createElement("span");
    b.append(...(name === "prev" ? [icon, text] : [text, icon]));
    return b;
  }

  function texts() {
    element.setAttribute("aria-label", t(label));
    prev.lastChild.textContent = t("walk.stepper.prev");
    next.firstChild.textContent = t("walk.stepper.next");
    keys.textContent = t("walk.stepper.keys");
    draw();
  }

  function draw() {
    prev.disabled = index <= 0;
    next.disabled = index >= count - 1;
    counter.textContent = count ? `${index + 1} / ${count}` : "– / –";
    const position = t("walk.stepper.position", { k: index + 1, n: count });
    if (count) counter.setAttribute("aria-label", position);
    else counter.removeAttribute("aria-label");
    element.dataset.index = String(index);
    element.dataset.count = String(count);
  }

  function go(k) {
    const target = Math.max(0, Math.min(count - 1, k));
    index = target;
    draw();
    if (count) onStep(index);
    // a disabled button cannot keep focus: hand it to the other one
    if (document.activeElement?.disabled) (prev.disabled ? next : prev).focus();
  }

  prev.addEventListener("click", () => go(index - 1));
  next.addEventListener("click", () => go(index + 1));
  scope.addEventListener("keydown", (event) => {
    if (!count || TYPING.has(event.target.tagName) || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.target.closest(".codeview")) return; // there the arrows scroll the code sideways
    const moves = { ArrowLeft: index - 1, ArrowRight: index + 1, Home: 0, End: count - 1 };
    if (!(event.key in moves)) return;
    event.preventDefault();
    go(moves[event.key]);
  });
  onLang(texts);
  texts();

  return {
    element,
    get index() { return index; },
    get count() { return count; },
    setCount(n, start = 0) {
      count = n;
      index = Math.max(0, Math.min(n - 1, start));
      draw();
      if (n) onStep(index);
    },
    go,
  };
}
