// When walkthrough widgets refresh: they show the current model, so they redraw when it
// changes, only when on screen (or next time they scroll into view), and the heavier ones not on
// every chunk while the lab trains (they catch up when it pauses or ends).
//
//   refresher(root, fn, opts)    the scheduler; kit.live(root, refresh, redraw) calls it too
//   onModel(root, fn, { live })  fn() once Python is ready and after each model change;
//                                live: true also redraws during training (at model-changed pace);
//                                returns again(): refresh now, after the reader changed an input
//   onTraining(fn)               fn(isTraining) when the lab starts or stops training
//   nameProblem(showProblem, p)  a name problem from Python in the reader's language
import * as client from "../client.js";
import * as events from "../events.js";
import { onLang } from "../i18n.js";
import * as store from "../store.js";

let training = false;
const trainingFns = new Set();

store.subscribe(({ phase }) => {
  const now = phase === "training";
  if (now === training) return;
  training = now;
  for (const fn of trainingFns) fn(training);
});

export const isTraining = () => training;

export function onTraining(fn) {
  trainingFns.add(fn);
  return () => trainingFns.delete(fn);
}

// The one refresh scheduler every walkthrough widget uses (kit.live and onModel are its two
// shapes): fn() once Python is ready, again after each model change while on screen (or when
// next in view), not while the lab trains unless duringTraining; redraw() on a language switch.
export function refresher(root, fn, { model = true, duringTraining = true, redraw = null } = {}) {
  let started = false;
  let visible = false;
  let stale = true;
  let force = false; // the reader asked: refresh even off screen or while training
  let running = false;
  async function run() {
    if (!started || running || !stale) return;
    if (!force && (!visible || (training && !duringTraining))) return;
    force = false;
    stale = false;
    running = true;
    try {
      await fn();
    } catch (e) {
      console.error(e);
    } finally {
      root.dataset.state = "ready";
      running = false;
      run(); // a change that came in meanwhile
    }
  }
  new IntersectionObserver((entries) => {
    visible = entries.some((e) => e.isIntersecting);
    run();
  }, { rootMargin: "300px" }).observe(root);
  if (model) client.on(events.MODEL_CHANGED, () => { stale = true; run(); });
  if (!duringTraining) onTraining(run);
  if (redraw) onLang(redraw);
  client.ready.then(() => { started = true; run(); }, () => {}); // the lab shows start-up failures
  return function again() {
    stale = true;
    force = true;
    run();
  };
}

export const onModel = (root, fn, { live = false } = {}) =>
  refresher(root, fn, { duringTraining: live });

// The name problems are the tokenizer's (walk.tokenizer.problem.*), plus one about the context.
export function nameProblem(showProblem, problem) {
  showProblem(problem, problem?.key === "too_long_context" ? "walk.problem" : "walk.tokenizer.problem");
}
