// Minimal templates: {{name}} is HTML-escaped, {{{name}}} is inserted as is
// (only for fragments this module already rendered). A missing value throws,
// so a typo in a template fails loudly instead of rendering "undefined".
import { readFileSync } from 'node:fs';

const DIR = new URL('./templates/', import.meta.url);
const cache = new Map();

export function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function load(name) {
  if (!cache.has(name)) cache.set(name, readFileSync(new URL(`${name}.html`, DIR), 'utf8'));
  return cache.get(name);
}

export function render(name, vars) {
  return load(name).replace(/\{\{(\{?)\s*(\w+)\s*\}?\}\}/g, (_, raw, key) => {
    if (!Object.hasOwn(vars, key)) throw new Error(`template ${name}: no value for ${key}`);
    return raw ? String(vars[key]) : escapeHtml(vars[key]);
  });
}
