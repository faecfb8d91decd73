// The lab's controls: read and write values, bounds, engine choices, inline errors.
// Which values are valid is Python's call (the "validate" command); this only shows it.
import { formatNumber, t } from "../i18n.js";

export const FIELDS = ["steps", "learning_rate", "seed", "n_layer", "n_embd", "n_head",
  "block_size", "engine", "temperature", "n_samples", "prefix"];

export function read(form) {
  return Object.fromEntries(FIELDS.map((name) => [name, form.elements[name].value]));
}

export function write(form, settings) {
  for (const name of FIELDS) {
    if (settings[name] !== undefined) form.elements[name].value = String(settings[name]);
  }
}

export function setLimits(form, limits) {
  for (const [name, { min, max }] of Object.entries(limits)) {
    const input = form.elements[name];
    if (!input) continue;
    input.min = String(min);
    input.max = String(max);
  }
}

export function setEngines(form, engines) {
  const select = form.elements.engine;
  const value = select.value;
  select.replaceChildren(...engines.map((name) => {
    const option = document.createElement("option");
    option.value = name;
    option.dataset.engine = name;
    return option;
  }));
  labelEngines(form);
  if (engines.includes(value)) select.value = value;
}

export function labelEngines(form) {
  for (const option of form.elements.engine.options) {
    const key = `lab.engine.${option.value}`;
    const label = t(key);
    option.textContent = label === key ? option.value : label;
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

export function showErrors(form, errors) {
  for (const name of FIELDS) {
    const input = form.elements[name];
    const slot = form.querySelector(`[data-error-for="${name}"]`);
    const error = errors[name];
    slot.textContent = error ? describe(error) : "";
    slot.dataset.kind = error?.warning ? "warning" : error ? "error" : "";
    if (error && !error.warning) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }
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
