// The code lab's editor: CodeMirror 6 with Python, bundled by build.py (esbuild) into
// site/vendor/codemirror/editor.js. This file is the bundle's entry; it is not shipped itself.
//
//   const editor = createEditor(parent, { doc, onChange, label, description });
//   editor.text                 the editor's text now
//   editor.setText(text)        replace it all (a preset); onChange is not called for it
//   editor.markLine(line, note) mark a 1-based line as the error's (a line class and a note at
//                               its end, so not by colour alone) and scroll it into view;
//                               markLine(null) clears it
//   editor.reveal(line)         scroll the editor (only the editor, not the page) to show a line
//   editor.setLabel(label, description)   the content's aria-label and description (a language
//                               switch); the description is a hidden element in the shadow root,
//                               since an aria-describedby id cannot reach out of it
//   editor.focus()
//   editorOf(parent)            the EditorView in parent, for tests and inspectors
//
// Keyboard: Tab indents (indentWithTab). To leave the editor, press Escape and then Tab
// (CodeMirror's tab focus mode for the next moment), or Ctrl+M (Shift+Alt+M on macOS) to
// switch Tab between indenting and moving focus.
// Colours are the page's CSS variables (css/code-lab.css), so the light and dark schemes follow
// prefers-color-scheme without JavaScript.
//
// The editor lives in an open shadow root on `parent`: CodeMirror writes its styles at run
// time, and in a document it does so with a <style> element, which the page's
// Content-Security-Policy (style-src 'self') refuses; in a shadow root it uses a constructed
// stylesheet (adoptedStyleSheets), which the policy allows. CSS variables inherit into it.
import { Compartment, EditorState, StateEffect, StateField } from "@codemirror/state";
import { Decoration, EditorView, WidgetType, drawSelection, highlightActiveLine,
  highlightActiveLineGutter, keymap, lineNumbers } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { HighlightStyle, bracketMatching, indentOnInput, indentUnit,
  syntaxHighlighting } from "@codemirror/language";
import { python } from "@codemirror/lang-python";
import { tags } from "@lezer/highlight";

const highlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.controlKeyword, tags.definitionKeyword, tags.operatorKeyword,
    tags.moduleKeyword, tags.bool, tags.null, tags.self], color: "var(--code-key)" },
  { tag: [tags.string, tags.special(tags.string)], color: "var(--code-str)" },
  { tag: [tags.number], color: "var(--code-num)" },
  { tag: [tags.comment, tags.lineComment, tags.docString], color: "var(--code-com)",
    fontStyle: "italic" },
  { tag: [tags.function(tags.definition(tags.variableName))], color: "var(--code-def)",
    fontWeight: "600" },
]);

const theme = EditorView.theme({
  "&": { color: "var(--text)", backgroundColor: "var(--bg)", fontSize: "0.9rem",
    border: "1px solid var(--border)", borderRadius: "6px", maxHeight: "34em" },
  "&.cm-focused": { outline: "none" }, // the host shows focus (css/code-lab.css)
  ".cm-scroller": { fontFamily: "var(--mono)", lineHeight: "1.5", overflow: "auto" },
  ".cm-content": { caretColor: "var(--text)" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--text)", borderLeftWidth: "2px" },
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection":
    { backgroundColor: "var(--code-selection)" },
  ".cm-gutters": { backgroundColor: "var(--surface)", color: "var(--text-muted)",
    borderRight: "1px solid var(--rule)", borderRadius: "6px 0 0 6px" },
  ".cm-activeLine": { backgroundColor: "var(--code-active)" },
  ".cm-activeLineGutter": { backgroundColor: "var(--code-active)", color: "var(--text)" },
  ".cm-matchingBracket, &.cm-focused .cm-matchingBracket": {
    backgroundColor: "var(--code-bracket)", outline: "1px solid var(--border)" },
  ".cm-nonmatchingBracket": { color: "var(--danger)" },
  ".cm-error-line": { backgroundColor: "var(--code-error-bg)",
    boxShadow: "inset 4px 0 0 var(--danger)" },
  ".cm-error-note": { color: "var(--danger)", fontWeight: "700", fontFamily: "var(--font)",
    fontSize: "0.85em", marginLeft: "1em", whiteSpace: "normal" },
});

class Note extends WidgetType {
  constructor(text) {
    super();
    this.text = text;
  }

  eq(other) {
    return other.text === this.text;
  }

  toDOM() {
    const span = document.createElement("span");
    span.className = "cm-error-note";
    span.textContent = this.text; // text only, never HTML
    return span;
  }
}

const setError = StateEffect.define();

// {line, note} of the error's line, or null; the marks follow it while the reader edits.
const errorField = StateField.define({
  create: () => Decoration.none,
  update(marks, tr) {
    let next = marks.map(tr.changes);
    for (const effect of tr.effects) {
      if (!effect.is(setError)) continue;
      const mark = effect.value;
      if (!mark) {
        next = Decoration.none;
        continue;
      }
      const line = tr.state.doc.line(mark.line);
      next = Decoration.set([
        Decoration.line({ class: "cm-error-line", attributes: { "data-error-line": String(mark.line) } })
          .range(line.from),
        Decoration.widget({ widget: new Note(mark.note), side: 1 }).range(line.to),
      ]);
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

export function createEditor(parent, { doc = "", onChange = () => {}, label = "",
  description = "" } = {}) {
  const labels = new Compartment();
  const shadow = parent.shadowRoot ?? parent.attachShadow({ mode: "open" });
  const about = document.createElement("p");
  about.id = "editor-description";
  about.hidden = true; // read as the description, never shown
  about.textContent = description;
  shadow.append(about);
  // tabindex: contenteditable is focusable anyway; said outright, checkers see the scroller's
  // content as reachable by keyboard
  const attrs = (text) => EditorView.contentAttributes.of({ tabindex: "0",
    "aria-label": text, "aria-describedby": about.id });
  let quiet = false; // setText: not the reader's edit
  const view = new EditorView({
    parent: shadow,
    root: shadow,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightActiveLine(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        indentUnit.of("    "),
        EditorState.tabSize.of(4),
        python(),
        syntaxHighlighting(highlight),
        EditorView.lineWrapping,
        keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
        labels.of(attrs(label)),
        errorField,
        theme,
        EditorView.updateListener.of((update) => {
          if (update.docChanged && !quiet) onChange(update.state.doc.toString());
        }),
      ],
    }),
  });

  return {
    view,
    get text() {
      return view.state.doc.toString();
    },
    setText(text) {
      quiet = true;
      try {
        view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text },
          effects: setError.of(null) });
      } finally {
        quiet = false;
      }
    },
    markLine(line, note = "") {
      if (!line || line < 1 || line > view.state.doc.lines) {
        view.dispatch({ effects: setError.of(null) });
        return false;
      }
      const at = view.state.doc.line(line).from;
      view.dispatch({ effects: [setError.of({ line, note }),
        EditorView.scrollIntoView(at, { y: "center" })] });
      return true;
    },
    reveal(line) {
      if (!line || line < 1 || line > view.state.doc.lines) return;
      const block = view.lineBlockAt(view.state.doc.line(line).from);
      view.scrollDOM.scrollTop = Math.max(0, block.top - 2 * view.defaultLineHeight);
    },
    setLabel(text, described = about.textContent) {
      about.textContent = described;
      view.dispatch({ effects: labels.reconfigure(attrs(text)) });
    },
    focus() {
      view.focus();
    },
    destroy() {
      view.destroy();
    },
  };
}

export function editorOf(parent) {
  const dom = parent?.shadowRoot?.querySelector(".cm-editor");
  return dom ? EditorView.findFromDOM(dom) : null;
}
