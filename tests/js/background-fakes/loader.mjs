// Module hooks for the background's unit tests (registered by setup.mjs): the
// background's imports that exist only in a build — the wasm module and
// generated/contract.js — and its IndexedDB store resolve to stand-ins.

let contractUrl = null;
const fakes = new URL('./', import.meta.url);

export function initialize({ contractSource }) {
  contractUrl = `data:text/javascript,${encodeURIComponent(contractSource)}`;
}

export async function resolve(specifier, context, next) {
  if (context.parentURL?.includes('/extension/background/')) {
    if (specifier === '../generated/contract.js') return { url: contractUrl, shortCircuit: true };
    if (specifier === '../wasm/vigie.js') return { url: new URL('wasm.mjs', fakes).href, shortCircuit: true };
    if (specifier === './store.js') return { url: new URL('store.mjs', fakes).href, shortCircuit: true };
  }
  return next(specifier, context);
}
