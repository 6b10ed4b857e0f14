// Module hooks for the background's unit tests (registered by setup.mjs): the
// background's imports that exist only in a build — the wasm module and
// generated/contract.js and test-hooks.js — and its IndexedDB stores resolve to stand-ins.
// A background module imported with `?wake=N` passes the query on to the
// background modules it imports: a test loads a fresh set of them, as a
// woken worker does, while the stores (held on globalThis) stay.

let contractUrl = null;
// A release build's test hooks: none.
const testHooksUrl = `data:text/javascript,${encodeURIComponent('export const SERVER_ADDRESS_OVERRIDES = null;')}`;
const fakes = new URL('./', import.meta.url);

export function initialize({ contractSource }) {
  contractUrl = `data:text/javascript,${encodeURIComponent(contractSource)}`;
}

export async function resolve(specifier, context, next) {
  if (context.parentURL?.includes('/extension/background/')) {
    const wake = new URL(context.parentURL).search;
    if (specifier === '../generated/contract.js') return { url: contractUrl, shortCircuit: true };
    if (specifier === '../generated/test-hooks.js') return { url: testHooksUrl, shortCircuit: true };
    if (specifier === '../wasm/vigie.js') return { url: new URL(`wasm.mjs${wake}`, fakes).href, shortCircuit: true };
    if (specifier === './store.js') return { url: new URL('store.mjs', fakes).href, shortCircuit: true };
    if (specifier === './watched-store.js') return { url: new URL('watched-store.mjs', fakes).href, shortCircuit: true };
    if (wake && specifier.startsWith('./')) {
      const resolved = await next(specifier, context);
      return { ...resolved, url: `${resolved.url.split('?')[0]}${wake}` };
    }
  }
  return next(specifier, context);
}
