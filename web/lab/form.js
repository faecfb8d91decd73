// The lab's controls, built from the settings schema: read and write values, bounds, engine
// choices, inline errors. Which values are valid is Python's call ("validate"); this shows it.
import { apply, formatNumber, t } from "../i18n.js";
import { GROUPS, KEYS, SETTINGS } from "../schema.js";

export const FIELDS = KEYS;

function node(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) el.setAttribute(k, v);
  el.append(...children);
  return el;
}

// input attributes by kind: every number is typed as text the reader may still be editing
const INPUTS = {
  int: () => ({ type: "number", inputmode: "numeric", step: "1" }),
  float: () => ({ type: "number", inputmode: "decimal", step: "any" }),
  text: () => ({ type: "text", autocomplete: "off", autocapitalize: "off", spellcheck: "false" }),
};

// One field: label (its i18n text and <code>key</code>), input or select, hint, error slot.
function field(s) {
  const label = node("label", { for: `f-${s.key}` }, node("span", { "data-i18n": s.label }), " ",
    node("code", {}, s.key));
  const described = [s.hint && `h-${s.key}`, `e-${s.key}`].filter(Boolean).join(" ");
  const attrs = { id: `f-${s.key}`, name: s.key, "aria-describedby": described };
  const input = s.kind === "choice" ? node("select", attrs, ...s.choices.map((c) =>
    node("option", { value: c }, c)))
    : node("input", { ...attrs, ...INPUTS[s.kind]() });
  if (s.min !== undefined) Object.assign(input, { min: String(s.min), max: String(s.max) });
  const hint = s.hint && node("p", { class: "field-hint", id: `h-${s.key}`, "data-i18n": s.hint });
  const error = node("p", { class: "field-error", id: `e-${s.key}`, "data-error-for": s.key });
  return node("div", { class: "field" }, label, input, ...(hint ? [hint] : []), error);
}

// The form's fieldsets, one per group, disabled until Python is ready.
export function build(form) {
  form.replaceChildren(...GROUPS.map((group) => {
    const set = node("fieldset", { "data-group": group },
      node("legend", { "data-i18n": `lab.group.${group}` }),
      ...SETTINGS.filter((s) => s.group === group).map(field));
    set.disabled = true;
    return set;
  }));
  apply(form);
  labelChoices(form);
}

export function read(form) {
  return Object.fromEntries(FIELDS.map((name) => [name, form.elements[name].value]));
}

export function write(form, settings) {
  for (const name of FIELDS) {
    if (settings[name] !== undefined) form.elements[name].value = String(settings[name]);
  }
}

// A choice's text is lab.<key>.<choice> (lab.engine.fast), else the choice itself.
export function labelChoices(form) {
  for (const s of SETTINGS.filter((each) => each.kind === "choice")) {
    for (const option of form.elements[s.key].options) {
      const key = `lab.${s.key}.${option.value}`;
      const label = t(key);
      option.textContent = label === key ? option.value : label;
    }
  }
}

// One error from Python ({key, message, ...params}) in the page's language.
export function describe(error) {
  const key = `lab.error.${error.key}`;
  const params = Object.fromEntries(Object.entries(error).map(([k, v]) =>
    [k, typeof v === "number" ? formatNumber(v) : v]));
  const text = t(key, params);
  return text === key ? error.message : text;
}

// A warning (a slow but allowed setting: warning true) is shown like an error but leaves the
// settings valid.
export const isValid = (errors) => Object.values(errors).every((error) => error.warning);

// Returns the names whose message is new (none before, or another one), so that the lab can
// open the folded settings where the reader sees it.
export function showErrors(form, errors) {
  const fresh = [];
  for (const name of FIELDS) {
    const input = form.elements[name];
    const slot = form.querySelector(`[data-error-for="${name}"]`);
    const error = errors[name];
    const kind = error?.warning ? "warning" : error ? "error" : "";
    // new: another kind or problem than shown (not the same one in another language)
    if (error && slot.dataset.shown !== `${kind} ${error.key}`) fresh.push(name);
    slot.dataset.shown = error ? `${kind} ${error.key}` : "";
    slot.textContent = error ? describe(error) : "";
    slot.dataset.kind = kind;
    if (error && !error.warning) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }
  return fresh;
}

// How many fields show an error now (warnings not counted).
export const errorCount = (form) => form.querySelectorAll("[aria-invalid=true]").length;

// [{key, label, value}] of the settings whose value differs from the schema's default, for the
// folded panel's one-line summary (a shared link's settings show without opening it).
export function changed(form) {
  const values = read(form);
  return SETTINGS.filter((s) => {
    const value = values[s.key].trim();
    if (s.kind === "int" || s.kind === "float") {
      return value === "" || Number(value) !== Number(s.default);
    }
    return value !== String(s.default);
  }).map((s) => {
    const input = form.elements[s.key];
    const value = s.kind === "choice" ? input.selectedOptions[0]?.textContent ?? input.value
      : input.value;
    return { key: s.key, label: t(s.label), value };
  });
}

// While training, the settings that define the model cannot change.
export function lock(form, training) {
  for (const group of form.querySelectorAll("fieldset")) {
    group.disabled = training && group.dataset.group !== "sampling";
  }
}

export function unlockAll(form) {
  for (const group of form.querySelectorAll("fieldset")) group.disabled = false;
}
