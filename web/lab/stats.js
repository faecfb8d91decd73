// The figures above the chart: step, the last step's loss and its moving average, parameter
// count, speed, elapsed, time left.
import { formatNumber, formatSeconds, onLang } from "../i18n.js";

export function createStats(root) {
  const cells = Object.fromEntries([...root.querySelectorAll("[data-stat]")]
    .map((el) => [el.dataset.stat, el]));
  let status = null;
  let lastStep = null; // the latest {loss, loss_avg}

  function render() {
    if (!status) return;
    const dash = "–";
    cells.step.textContent = `${formatNumber(status.step)} / ${formatNumber(status.steps)}`;
    // the last step's loss and the moving average of the latest steps (Python's AVERAGE_OVER)
    cells.loss.textContent = lastStep?.loss?.toFixed(3) ?? dash;
    cells["loss-avg"].textContent = lastStep?.loss_avg?.toFixed(3) ?? dash;
    cells.speed.textContent = status.steps_per_s
      ? formatNumber(status.steps_per_s, { maximumFractionDigits: 1 }) : dash;
    cells.elapsed.textContent = status.train_seconds ? formatSeconds(status.train_seconds) : dash;
    cells.left.textContent = status.seconds_left != null && !status.done ? formatSeconds(status.seconds_left) : dash;
    cells.params.textContent = formatNumber(status.num_params);
  }

  onLang(render);
  return {
    update(newStatus, steps = []) {
      status = newStatus;
      if (steps.length) lastStep = steps[steps.length - 1];
      if (status.step === 0) lastStep = null;
      render();
    },
  };
}
