// The browser's natives and page objects, captured when Vigie's main-world
// bundle loads, before any page script exists (see captured.js for why).

export const win = globalThis;
export const NativeSetTimeout = win.setTimeout;
export const NativeURL = URL;
export const WindowPostMessage = win.postMessage;
export const MessagePortPostMessage = MessagePort.prototype.postMessage;
export const theDocument = document;
export const AbortSignalTimeout = win.AbortSignal?.timeout;
export const NativeAbortSignal = win.AbortSignal;
export const EventTargetAddListener = win.EventTarget?.prototype.addEventListener;
