// Module hook for tests that run the background on the real core: the
// background's `../wasm/vigie.js` resolves to the wasm-bindgen glue built in
// target/wasm-web (./build.sh). Registered after loader.mjs, so it is asked
// first.

let glueUrl = null;

export function initialize({ glue }) {
  glueUrl = glue;
}

export async function resolve(specifier, context, next) {
  if (context.parentURL?.includes('/extension/background/') && specifier === '../wasm/vigie.js') {
    return { url: glueUrl, shortCircuit: true };
  }
  return next(specifier, context);
}
