// Messages to Vigie's background. The background adds the tab and page URL
// from the browser's own record of the sender, and the core judges.

const api = globalThis.browser ?? globalThis.chrome;

/** Whether this frame can reach Vigie's background at all. */
export function runtimeAvailable() {
  return Boolean(api?.runtime?.id);
}

/** Sends `message`, expecting no answer. */
export function send(message) {
  try {
    const pending = api.runtime.sendMessage(message);
    // Chrome and Firefox return a promise; a stopped background or a
    // reloaded extension rejects it, which is not the page's business.
    if (pending && typeof pending.catch === 'function') pending.catch(() => {});
  } catch {
    // The extension context was invalidated (Vigie updated or reloaded).
  }
}

/** Sends `message`; resolves to the answer, or null when there is none. */
export function ask(message) {
  try {
    const pending = api.runtime.sendMessage(message);
    return pending && typeof pending.then === 'function' ? pending.catch(() => null) : Promise.resolve(null);
  } catch {
    return Promise.resolve(null);
  }
}
