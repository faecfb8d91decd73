// Compare runs: the chart keeps the previous run's moving average as a faint line (lab/chart.js);
// this lists the settings of both runs under it, with the ones that differ marked.
import * as client from "../client.js";
import { formatNumber, onLang, t } from "../i18n.js";
import * as resume from "../resume.js";
import { el } from "../components/files-kit.js";
import { MODEL_KEYS } from "../schema.js";

export const NEW_RUN = "chart-new-run"; // from lab/chart.js, detail {had_points, final_avg}
const SHOWN = MODEL_KEYS; // the settings that make a model

export function mount(root) {
  root.classList.add("compare-runs");
  let current = null; // {settings, dataset} of the run the chart now shows
  let previous = null; // the same for the run before it, plus its final_avg

  function describeRun(run, other, labelKey) {
    const item = el("li", {}, el("span", { class: "compare-label", text: t(labelKey) }), " ");
    const parts = [["dataset", run.dataset], ...SHOWN.map((k) => [k, run.settings[k]])];
    parts.forEach(([key, value], i) => {
      const shown = typeof value === "number" ? formatNumber(value) : value;
      const text = key === "dataset" ? String(value) : `${key} ${shown}`;
      const differs = other && (key === "dataset" ? other.dataset !== value : other.settings[key] !== value);
      if (i) item.append(" · ");
      item.append(differs ? el("strong", { text, "data-differs": "" }) : text);
    });
    if (run.final_avg != null) {
      const loss = formatNumber(run.final_avg, { maximumFractionDigits: 3 });
      item.append(" · ", t("files.compare.final", { loss }));
    }
    return item;
  }

  function render() {
    root.hidden = !previous;
    if (!previous) return root.replaceChildren();
    root.replaceChildren(el("ul", { class: "compare-list" },
      describeRun(current, previous, "files.compare.this"),
      describeRun(previous, current, "files.compare.previous")));
  }

  async function newRun({ detail }) {
    const before = current;
    const status = await client.call("status").catch(() => null);
    if (!status) return;
    if (detail.had_points && before) previous = { ...before, final_avg: detail.final_avg };
    current = { settings: status.settings, dataset: resume.dataset().name };
    render();
  }

  // the lab's own chart: other widgets may mirror it with charts of their own
  (document.querySelector("[data-lab] [data-chart]") ?? document).addEventListener(NEW_RUN, newRun);
  onLang(render);
  render();
}
