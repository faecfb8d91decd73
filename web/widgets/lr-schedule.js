// Section 10: the learning rate against the step, lr_t = lr·(1 − t/steps), for the live run's
// steps and rate (points from Trainer.learning_rate_for), with the lab model's current step
// marked; it follows training as it runs.
import { formatNumber, onLang, t } from "../i18n.js";
import { call, el, frame, svg } from "../components/kit.js";
import { onModel } from "../components/live.js";

const W = 360;
const H = 170;
const PAD = { left: 52, right: 14, top: 26, bottom: 36 };

export function mount(root) {
  const { body } = frame(root, "walk.lr_schedule.title");
  const chart = svg("svg", { class: "lr-chart", viewBox: `0 0 ${W} ${H}` });
  const caption = el("figcaption", { class: "note", "aria-live": "polite" });
  body.append(el("figure", { class: "lr-figure" }, chart, caption));

  let data = null;
  const rate = (x) => formatNumber(x, { maximumSignificantDigits: 3 });
  const int = (n) => formatNumber(n);

  function draw() {
    if (!data) return;
    const { steps, learning_rate: lr, points, step, current } = data;
    const px = (s) => PAD.left + (s / Math.max(1, steps - 1)) * (W - PAD.left - PAD.right);
    const py = (r) => H - PAD.bottom - (r / lr) * (H - PAD.top - PAD.bottom);
    const x0 = px(0), x1 = px(steps - 1), y0 = py(0), y1 = py(lr);
    const parts = [
      svg("line", { class: "lr-axis", x1: x0, y1: y0, x2: x1, y2: y0 }),
      svg("line", { class: "lr-axis", x1: x0, y1: y0, x2: x0, y2: y1 }),
    ];
    for (const r of [0, lr / 2, lr]) {
      parts.push(svg("text", { class: "lr-tick", x: x0 - 5, y: py(r) + 4, "text-anchor": "end", text: rate(r) }));
    }
    for (const s of [0, Math.round((steps - 1) / 2), steps - 1]) {
      parts.push(svg("text", { class: "lr-tick", x: px(s), y: y0 + 14, "text-anchor": "middle", text: int(s) }));
    }
    parts.push(svg("text", { class: "lr-axis-label", x: (x0 + x1) / 2, y: H - 4, "text-anchor": "middle",
      text: t("walk.lr_schedule.x") }));
    parts.push(svg("text", { class: "lr-axis-label", x: 4, y: 12, text: t("walk.lr_schedule.y") }));
    parts.push(svg("polyline", { class: "lr-line", points: points.map(([s, r]) => `${px(s)},${py(r)}`).join(" ") }));
    // the lab model's place: the step it takes next, or the end once training is done
    const at = current === null ? steps - 1 : step;
    const atRate = current === null ? points[points.length - 1][1] : current;
    parts.push(svg("line", { class: "lr-now-line", x1: px(at), y1: y0, x2: px(at), y2: py(atRate) }),
      svg("circle", { class: "lr-now", cx: px(at), cy: py(atRate), r: 5 }));
    chart.replaceChildren(...parts);
    const text = current === null
      ? t("walk.lr_schedule.done", { lr: rate(lr), steps: int(steps), last: rate(atRate) })
      : t("walk.lr_schedule.now", { lr: rate(lr), steps: int(steps), step: int(step), rate: rate(current) });
    caption.textContent = text;
    chart.setAttribute("role", "img"); // named from the first data on
    chart.setAttribute("aria-label", t("walk.lr_schedule.aria", { lr: rate(lr), steps: int(steps) }) + " " + text);
    root.dataset.step = String(step);
  }

  onModel(root, async () => {
    data = await call("lr_schedule");
    draw();
  }, { live: true });
  onLang(draw);
}
