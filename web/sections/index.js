// The page's sections, in page order. Each NAME has a <section data-section="NAME"> in
// index.html and a module sections/NAME.js exporting mount(root), which may return a promise.
export const SECTIONS = ["intro", "lab", "walk-dataset", "walk-tokens", "walk-prediction",
  "walk-softmax", "walk-loss", "walk-autograd",
  "walk-embedding", "walk-attention", "walk-forward", "walk-learning", "walk-sampling",
  "walk-efficiency", "walk-code"];
