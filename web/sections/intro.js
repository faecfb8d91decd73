// The opening, above the lab: what a GPT does, that this is Karpathy's microgpt (with links to
// his post and his script: links only, the page fetches nothing from them), and the loop in one
// picture (components/loop-picture.js). Needs no Python.
import { createLoopPicture } from "../components/loop-picture.js";
import { onLang, t } from "../i18n.js";

export const LINKS = {
  post: "https://karpathy.github.io/2026/02/12/microgpt/",
  script: "https://gist.github.com/karpathy/8627fe009c40f57531cb18360106ce95",
};

// A text with {post} and {script} in it, as text nodes and links (never HTML).
function withLinks(text) {
  return text.split(/\{(post|script)\}/).map((part, i) => {
    if (i % 2 === 0) return document.createTextNode(part);
    const link = document.createElement("a");
    link.href = LINKS[part];
    link.dataset.link = part;
    link.textContent = t(`intro.${part}`);
    return link;
  });
}

export function mount(root) {
  const story = document.createElement("div");
  story.className = "intro-story";
  const paragraphs = ["p1", "p2", "p3"].map((key) => {
    const p = document.createElement("p");
    p.dataset.intro = key;
    return p;
  });
  story.append(...paragraphs);
  root.replaceChildren(story, createLoopPicture());

  function texts() {
    for (const p of paragraphs) p.replaceChildren(...withLinks(t(`intro.${p.dataset.intro}`)));
  }
  onLang(texts);
  texts();
}
