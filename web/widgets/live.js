// What the part-2 widgets add to kit.js: they show the current model, so they redraw when it
// changes, but not on every chunk while the lab trains (they catch up when it pauses or ends),
// and only when on screen (or next time they scroll into view).
//
//   onModel(root, fn, { live })  fn() once Python is ready and after each model change;
//                                live: true also redraws during training (at model-changed pace);
//                                returns again(): refresh now, after the reader changed an input
//   onTraining(fn)               fn(isTraining) when the lab starts or stops training
//   nameProblem(showProblem, p)  a name problem from Python in the reader's language
import * as client from "../client.js";

const lab = document.querySelector("[data-lab]");
let training = false;
const trainingFns = new Set();

function watchLab() {
  const now = lab?.dataset.state === "training";
  if (now === training) return;
  training = now;
  for (const fn of trainingFns) fn(training);
}
if (lab) new MutationObserver(watchLab).observe(lab, { attributes: true, attributeFilter: ["data-state"] });

export const isTraining = () => training;

export function onTraining(fn) {
  trainingFns.add(fn);
  return () => trainingFns.delete(fn);
}

export function onModel(root, fn, { live = false } = {}) {
  let started = false;
  let visible = false;
  let stale = true;
  let force = false; // the reader asked: refresh even off screen or while training
  let running = false;
  async function run() {
    if (!started || running || !stale) return;
    if (!force && (!visible || (training && !live))) return;
    force = false;
    stale = false;
    running = true;
    try {
      await fn();
      root.dataset.state = "ready";
    } catch (e) {
      console.error(e);
    } finally {
      running = false;
      run(); // a change that came in meanwhile
    }
  }
  new IntersectionObserver((entries) => {
    visible = entries.some((e) => e.isIntersecting);
    run();
  }, { rootMargin: "300px" }).observe(root);
  client.on("model-changed", () => { stale = true; run(); });
  onTraining(run);
  client.ready.then(() => { started = true; run(); }, () => {}); // the lab shows start-up failures
  return function again() {
    stale = true;
    force = true;
    run();
  };
}

// The name problems are part 1's (walk1.tokenizer.problem.*), plus one about the context.
export function nameProblem(showProblem, problem) {
  showProblem(problem, problem?.key === "too_long_context" ? "walk2.problem" : "walk1.tokenizer.problem");
}
