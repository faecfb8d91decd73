// A walkthrough section: its title and paragraphs from i18n, placed around its widgets.
//
//   mountSection(root, "walk.dataset", ["p1", "p2", "@dataset", "p3"])
// "pN" is the paragraph at AREA.pN (with glossary marks, see glossary.js); "@NAME" is the
// section's own <div data-widget="NAME">, already in the page and mounted by main.js.
import { rich } from "./glossary.js";
import { onLang, t } from "./i18n.js";

export function mountSection(root, area, layout) {
  const title = document.createElement("h2");
  title.id = `${root.id}-title`;
  root.setAttribute("aria-labelledby", title.id);
  const widgets = Object.fromEntries([...root.querySelectorAll("[data-widget]")]
    .map((el) => [el.dataset.widget, el]));
  const parts = layout.map((item) => {
    if (item.startsWith("@")) {
      const widget = widgets[item.slice(1)];
      if (!widget) throw new Error(`${area}: no data-widget="${item.slice(1)}" in the section`);
      return widget;
    }
    const p = document.createElement("p");
    p.dataset.text = `${area}.${item}`;
    return p;
  });
  root.replaceChildren(title, ...parts);

  function texts() {
    title.textContent = t(`${area}.title`);
    for (const p of parts) {
      if (p.dataset.text) p.replaceChildren(rich(t(p.dataset.text)));
    }
  }
  onLang(texts);
  texts();
}
