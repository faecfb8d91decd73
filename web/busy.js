// The busy line: a Python call that has run for SHOW_AFTER_MS shows what runs, for how long,
// and a Stop button (the interrupt, else a restart: client.stop). After a restart it says what
// was stopped and whether the kept model is back (resume.restore, run by client.onRecover).
import * as client from "./client.js";
import { formatNumber, formatSeconds, onLang, t } from "./i18n.js";
import * as resume from "./resume.js";

const SHOW_AFTER_MS = 1000;

const NAMED = ["train", "sample", "generate", "efficiency", "apply_step", "step_preview",
  "forward", "attention", "load_model", "use_dataset", "dataset_report", "save_model", "start",
  "code_start", "code_train", "code_original", "code_samples"];

function what(cmd) {
  if (cmd === "timeout") return t("stop.timeout");
  return NAMED.includes(cmd) ? t(`stop.what.${cmd}`) : t("stop.what.other", { cmd: cmd ?? "?" });
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

export function mount(parent = document.body) {
  const css = el("link", { rel: "stylesheet", href: new URL("./css/busy.css", import.meta.url) });
  document.head.append(css);
  const text = el("span", { "data-busy-text": "" });
  const time = el("span", { class: "busy-time", "aria-hidden": "true" }); // ticks: not read out
  const stop = el("button", { type: "button", "data-action": "stop-python" });
  const close = el("button", { type: "button", "data-action": "dismiss-busy" });
  const root = el("div", { class: "busy-line", role: "status", "data-busy": "" },
    text, time, stop, close);
  root.hidden = true;
  parent.append(root);

  let shown = null; // {kind: "busy", call} | {kind: "news", key, params}
  let call = null; // the Python call running now ({id, cmd, since})
  let later = 0;
  let ticking = 0;

  function draw() {
    root.hidden = !shown;
    root.dataset.kind = shown?.kind ?? "";
    if (!shown) return;
    const busy = shown.kind === "busy";
    stop.hidden = !busy;
    close.hidden = busy || shown.key === "stop.restarting";
    stop.textContent = t(shown.stopping ? "stop.stopping" : "stop.button");
    stop.setAttribute("aria-label", t("stop.button_label"));
    stop.disabled = Boolean(shown.stopping);
    close.textContent = t("stop.dismiss");
    if (busy) {
      text.textContent = t("stop.busy", { what: what(shown.call.cmd) });
      const seconds = (performance.now() - shown.call.since) / 1000;
      time.textContent = t("stop.for", { time: formatSeconds(seconds) });
    } else {
      text.textContent = t(shown.key, shown.params);
      time.textContent = "";
    }
  }

  function show(next) {
    shown = next;
    clearInterval(ticking);
    if (next?.kind === "busy") ticking = setInterval(draw, 500);
    draw();
  }

  client.on("python", (next) => {
    call = next;
    clearTimeout(later);
    if (shown?.kind === "busy") show(null);
    if (!next) return;
    later = setTimeout(() => { if (call === next) show({ kind: "busy", call: next }); },
      SHOW_AFTER_MS);
  });

  stop.addEventListener("click", () => {
    if (shown?.kind !== "busy") return;
    show({ ...shown, stopping: true });
    client.stop("stop").catch(() => {});
  });
  close.addEventListener("click", () => show(null));

  client.onRecover(() => resume.restore({ ignoreLink: true }));
  client.on("restart", ({ state, reason, what: cmd, recovered, message }) => {
    const params = { what: what(reason === "timeout" ? "timeout" : cmd) };
    if (state === "started") return show({ kind: "news", key: "stop.restarting", params });
    if (state === "failed") return show({ kind: "news", key: "stop.failed", params: { message } });
    root.dataset.restored = String(Boolean(recovered?.restored));
    if (recovered?.restored) {
      const step = formatNumber(recovered.status.step);
      show({ kind: "news", key: "stop.restored", params: { ...params, step } });
    } else {
      show({ kind: "news", key: recovered?.reason === "none" ? "stop.fresh" : "stop.not_restored",
        params });
    }
  });
  onLang(draw);
}
