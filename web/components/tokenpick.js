// A row of token chips to pick one position of a name (toggle buttons, aria-pressed).
//
//   const picker = createTokenPicker("walk.pipeline.pick", (pos) => ...);
//   chosen = picker.show(labels, wanted)  // returns the position shown (clamped)
import { onLang, t } from "../i18n.js";
import { el } from "./kit.js";

export function createTokenPicker(labelKey, onPick) {
  const element = el("div", { class: "chips token-picker", role: "group" });
  let labels = [];
  let chosen = 0;

  function draw() {
    element.setAttribute("aria-label", t(labelKey));
    element.replaceChildren(...labels.map((label, i) => {
      const b = el("button", { type: "button", class: `chip${label === "BOS" ? " bos" : ""}`,
        "data-pos": String(i), "aria-pressed": String(i === chosen) },
      el("span", { class: "chip-label", text: label }),
      el("span", { class: "chip-id", text: t("walk.pos", { pos: i }) }));
      b.addEventListener("click", () => {
        chosen = i;
        draw();
        element.children[i].focus();
        onPick(i);
      });
      return b;
    }));
  }
  onLang(draw);
  return {
    element,
    show(next, wanted) {
      labels = next;
      chosen = Math.max(0, Math.min(wanted, labels.length - 1));
      draw();
      return chosen;
    },
  };
}
