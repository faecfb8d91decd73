// Section 3: the prediction game, (context -> target) pairs of a name and the current model's
// guess at each. Data: the "prediction" command (microgpt.explain.tokens.prediction).
import { t } from "../i18n.js";
import { bars, call, el, frame, live, percent } from "../components/kit.js";
import { createStepper } from "../components/stepper.js";
import { chips, nameInput } from "./tokenizer.js";

// the model's top guesses as bars, the right answer marked
export function guessBars(pair) {
  return bars(pair.top.map(([label, id, p]) => ({ label, value: p, text: percent(p),
    cls: id === pair.target ? "target" : "" })));
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
