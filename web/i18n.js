// UI text from i18n/<lang>.json, nested by area ({"lab": {...}, "common": {...}}).
// Elements get text from a data-i18n attribute holding a key such as lab.title (as textContent,
// never HTML) and an aria-label from data-i18n-aria-label; scripts call t(key, {param: value}).

export const LANGS = ["en", "zh"];
const HTML_LANG = { en: "en", zh: "zh-CN" };

let lang = "en";
let strings = {};
const listeners = new Set();

export function pickLang(requested) {
  if (LANGS.includes(requested)) return requested;
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language];
  return preferred.some((l) => /^zh\b/i.test(l || "")) ? "zh" : "en";
}

export const currentLang = () => lang;

export function t(key, params = {}) {
  let value = key.split(".").reduce((node, part) => (node == null ? undefined : node[part]), strings);
  if (typeof value !== "string") {
    console.warn(`i18n: no text for ${key} in ${lang}`);
    return key;
  }
  return value.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

export function apply(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-aria-label]")) {
    el.setAttribute("aria-label", t(el.dataset.i18nAriaLabel));
  }
}

export async function setLang(code) {
  const response = await fetch(new URL(`./i18n/${code}.json`, import.meta.url));
  if (!response.ok) throw new Error(`i18n/${code}.json: HTTP ${response.status}`);
  strings = await response.json();
  lang = code;
  document.documentElement.lang = HTML_LANG[code];
  document.title = t("common.title");
  apply();
  for (const fn of listeners) fn(code);
}

export function onLang(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

// The page's one door to Intl: should the engine refuse the tag or options, English, then plain.
export function formatNumber(value, options = {}) {
  for (const tag of [HTML_LANG[lang], "en"]) {
    try {
      return new Intl.NumberFormat(tag, options).format(value);
    } catch {
      // the next tag
    }
  }
  return String(value);
}

// 75.4 -> "1:15"; 14.2 -> "14 s"; 0.04 -> "0.0 s"
export function formatSeconds(seconds) {
  const digits = seconds < 10 ? 1 : 0;
  if (seconds < 60) return t("common.seconds", { n: formatNumber(seconds, { minimumFractionDigits: digits, maximumFractionDigits: digits }) });
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}
