// Source code of a package function as the running package has it, with active lines.
//
//   const view = createCodeView(container, "walk.softmax_steps.code");
//   view.show(source, firstLine); view.highlight([3, 4])  // lines of that source, 1-based
// The numbers in the gutter are the file's own line numbers (firstLine + i). Long lines wrap
// under their own indentation (a hanging indent), so the code fits any width.
// The code sits behind a closed "Show the code" disclosure, so a reader sees the picture first;
// createCodeView(container, key, { hidden: false }) shows it at once (where the code is the
// picture).
import { onLang, t } from "../i18n.js";

const KEYWORDS = new Set(["def", "class", "return", "for", "in", "if", "elif", "else", "while",
  "import", "from", "not", "and", "or", "is", "lambda", "None", "True", "False", "with", "as",
  "yield", "raise", "try", "except", "finally", "pass", "break", "continue"]);
const TOKEN = /(#.*$)|("""|'''|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(\b\d+(?:\.\d+)?(?:e-?\d+)?\b)|([A-Za-z_]\w*)/g;

function span(cls, text) {
  const s = document.createElement("span");
  s.className = cls;
  s.textContent = text;
  return s;
}

// One line of Python as text nodes and coloured spans (never innerHTML).
function colour(line, inDoc) {
  const out = [];
  if (inDoc.open || /^\s*("""|''')/.test(line)) {
    const quotes = line.match(/"""|'''/g)?.length ?? 0;
    if (inDoc.open ? quotes % 2 === 1 : quotes === 1) inDoc.open = !inDoc.open;
    out.push(span("tok-str", line));
    return out;
  }
  let last = 0;
  for (const m of line.matchAll(TOKEN)) {
    if (m.index > last) out.push(document.createTextNode(line.slice(last, m.index)));
    const [text, comment, string, number, word] = m;
    if (comment) out.push(span("tok-com", text));
    else if (string) out.push(span("tok-str", text));
    else if (number) out.push(span("tok-num", text));
    else if (word && KEYWORDS.has(word)) out.push(span("tok-key", text));
    else out.push(document.createTextNode(text));
    last = m.index + text.length;
  }
  if (last < line.length) out.push(document.createTextNode(line.slice(last)));
  return out;
}

export function createCodeView(container, labelKey, { hidden = true } = {}) {
  const pre = document.createElement("pre");
  pre.className = "codeview";
  pre.tabIndex = 0; // scrollable, so reachable by keyboard
  pre.setAttribute("role", "group"); // so that its aria-label is read
  const code = document.createElement("code");
  pre.append(code);
  let details = null;
  let summary = null;
  if (hidden) {
    summary = document.createElement("summary");
    details = document.createElement("details");
    details.className = "code-details";
    details.append(summary, pre);
    container.append(details);
    details.addEventListener("toggle", () => {
      texts();
      if (details.open) scrollTo(shown, "auto"); // the active line, laid out only now
    });
  } else {
    container.append(pre);
  }
  let rows = [];
  let name = "";
  let shown = [];

  function texts() {
    pre.setAttribute("aria-label", t(labelKey, { name }));
    if (summary) summary.textContent = t(details.open ? "walk.code.hide" : "walk.code.show");
  }

  function scrollTo(lines, behavior) {
    const first = rows[Math.min(...lines) - 1];
    if (!first || (details && !details.open)) return;
    // scroll the code box, never the page
    const top = first.offsetTop - pre.clientHeight / 3;
    pre.scrollTo({ top: Math.max(0, top), behavior });
  }

  onLang(texts);
  texts();

  return {
    element: pre,
    show(source, firstLine, fnName = "") {
      name = fnName;
      texts();
      code.replaceChildren();
      const inDoc = { open: false };
      rows = source.replace(/\n$/, "").split("\n").map((line, i) => {
        const row = document.createElement("span");
        row.className = "code-line";
        // continuation lines of a wrapped line start under its code, a little further in
        row.style.setProperty("--indent", String(line.match(/^ */)[0].length)); // CSSOM: CSP allows it
        const number = span("code-num", String(firstLine + i));
        number.setAttribute("aria-hidden", "true");
        row.append(number, ...colour(line, inDoc), document.createTextNode("\n"));
        code.append(row);
        return row;
      });
    },
    highlight(lines) {
      shown = lines;
      rows.forEach((row, i) => row.classList.toggle("active", lines.includes(i + 1)));
      scrollTo(lines, matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth");
    },
    lineText(line) {
      return rows[line - 1]?.textContent.replace(/^\d+/, "").trim() ?? "";
    },
  };
}
