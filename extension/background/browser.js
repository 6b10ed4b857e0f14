// Which browser the background runs in, where an API differs between them
// (Firefox gives extension pages moz-extension: URLs).

const api = globalThis.browser ?? globalThis.chrome;

export const isFirefox = () => api.runtime.getURL('').startsWith('moz-extension:');
