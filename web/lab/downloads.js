// The loading panel's download lines: "pyodide.asm.wasm: 3.1 of 9.6 MB", one per file, from the
// worker's "download" load events, so a slow first visit shows how far it has come.
import { formatNumber, onLang, t } from "../i18n.js";

const MB = 1e6;

export function createDownloads(panel) {
  const list = document.createElement("ul");
  list.className = "downloads";
  list.dataset.downloads = "";
  panel.append(list);
  const files = new Map(); // file name -> {item, loaded, total}
  const mb = (bytes) => formatNumber(bytes / MB, { minimumFractionDigits: 1,
    maximumFractionDigits: 1 });
  const render = ({ item, file, loaded, total }) => {
    item.textContent = t("lab.download", { file, done: mb(Math.min(loaded, total)),
      total: mb(total) });
  };
  onLang(() => files.forEach(render));
  return {
    show({ file, loaded, total }) {
      if (!files.has(file)) {
        const item = document.createElement("li");
        list.append(item);
        files.set(file, { item, file });
      }
      const entry = Object.assign(files.get(file), { loaded, total });
      render(entry);
    },
    done() {
      list.hidden = true; // the phase times stay; the byte counts have served their purpose
    },
  };
}
