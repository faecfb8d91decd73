// Section 3: the prediction game, (context -> target) pairs of a name and the current model's
// guess at each. Data: the "prediction" command (microgpt.explain.tokens.prediction).
import { currentLang, formatNumber, t } from "../i18n.js";
import { bars, call, el, frame, live, percent } from "../components/kit.js";
import { createStepper } from "../components/stepper.js";
import { chips, nameInput } from "./tokenizer.js";

// "9th" / "第 9 名"
export function ordinal(n) {
  const rule = new Intl.PluralRules(currentLang() === "zh" ? "zh-CN" : "en", { type: "ordinal" }).select(n);
  return t(`walk.prediction.ordinal.${rule}`, { n: formatNumber(n) });
}

// the model's top guesses as bars, then the right answer if it ranks lower: always there,
// marked in words (and a tick) as well as by colour
export function guessBars(pair) {
  const rows = pair.shown ?? pair.top.map((row, i) => [...row, i + 1]);
  const list = bars(rows.map(([label, id, p]) => ({ label, value: p, text: percent(p),
    cls: id === pair.target ? "target" : "" })));
  rows.forEach(([, id, , rank], i) => {
    if (id !== pair.target) return;
    const item = list.children[i];
    item.dataset.rank = String(rank);
    item.querySelector(".bar-label").prepend(el("span", { class: "answer-tick", "aria-hidden": "true", text: "✓ " }));
    item.append(el("span", { class: "answer-tag", "data-answer": "",
      text: rank <= pair.top.length ? t("walk.prediction.answer") : t("walk.prediction.answer_ranked", { rank: ordinal(rank) }) }));
    if (i > 0 && rank > rows[i - 1][3] + 1) { // a gap: the ranks in between are not drawn
      list.insertBefore(el("li", { class: "bar-gap", text: t("walk.prediction.gap", { n: formatNumber(rank - rows[i - 1][3] - 1) }) }), item);
    }
  });
  return list;
}

export function mount(root) {
  const { body, showProblem } = frame(root, "walk.prediction.title");
  const { input, row } = nameInput("prediction-text", "walk.prediction.label", "emma");
  const sequence = el("div");
  const caption = el("p", { class: "step-caption", "aria-live": "polite", "data-caption": "" });
  const guessTitle = el("h4", { class: "note" });
  const guesses = el("div");
  const note = el("p", { class: "note" });
  const stepper = createStepper(root, { label: "walk.prediction.steps", onStep: draw });
  body.append(row, stepper.element, sequence, caption, guessTitle, guesses, note);
  let data = null;

  function draw() {
    if (!data) return;
    input.setAttribute("aria-invalid", String(Boolean(data.problem)));
    showProblem(data.problem, "walk.tokenizer.problem");
    if (data.problem) {
      for (const part of [sequence, guesses]) part.replaceChildren();
      caption.textContent = "";
      return;
    }
    const pair = data.pairs[stepper.index];
    const k = pair.pos;
    sequence.replaceChildren(chips(data.labels, data.ids,
      (i) => (i <= k ? "context" : i === k + 1 ? "target" : "later")));
    caption.replaceChildren(t("walk.prediction.caption", {
      context: pair.context.map((_, i) => data.labels[i]).join(" "),
      target: data.labels[k + 1],
      p: percent(pair.p),
      rank: pair.rank,
      vocab: data.vocab_size,
    }));
    guessTitle.textContent = t("walk.prediction.top", { step: data.step });
    guesses.replaceChildren(guessBars(pair));
    note.textContent = data.cut ? t("walk.prediction.cut", { cut: data.cut, block_size: data.block_size }) : "";
  }

  const again = live(root, async () => {
    try {
      data = await call("prediction", { text: input.value });
    } catch (e) {
      showProblem(e);
      return;
    }
    if (data.pairs) stepper.setCount(data.pairs.length, stepper.index);
    else draw();
  }, draw);
  input.addEventListener("input", again);
}
