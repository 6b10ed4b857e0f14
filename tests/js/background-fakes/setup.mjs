// Loads the background's modules in node: registers the module hooks of
// loader.mjs (generated/contract.js built from src/contract.json by the same
// code as the extension build, a cold wasm stand-in, an in-memory store) and
// installs a `chrome` that records what the background asks of the browser
// and lets a test fire the browser's events. Import it before any background
// module.

import { register } from 'node:module';
import { contractModule, shellContract } from '../../../extension/build.mjs';
import { localeT } from '../locale.mjs';

export const CONTRACT = shellContract();
register('./loader.mjs', import.meta.url, { data: { contractSource: contractModule(CONTRACT) } });

/** An event the background listens to: `fire(...args)` calls every listener, returns their results. */
function event() {
  const listeners = [];
  return {
    listeners,
    addListener: (listener) => listeners.push(listener),
    removeListener: (listener) => {
      const at = listeners.indexOf(listener);
      if (at >= 0) listeners.splice(at, 1);
    },
    fire: (...args) => listeners.map((listener) => listener(...args)),
  };
}

const SELF = 'vigievigievigievigievigievigievi';

/** storage.session: a map kept in `globalThis.fakeSession`, which outlives a module reload as the browser's does. */
function sessionStorage() {
  const data = (globalThis.fakeSession ??= {});
  return {
    // A key, a list of keys or null (everything), as the browser's get takes.
    get: async (keys) => {
      const wanted = keys === null || keys === undefined ? Object.keys(data) : [keys].flat();
      return Object.fromEntries(wanted.filter((key) => key in data).map((key) => [key, structuredClone(data[key])]));
    },
    set: async (items) => {
      for (const [key, value] of Object.entries(items)) data[key] = structuredClone(value);
    },
    remove: async (keys) => {
      for (const key of [keys].flat()) delete data[key];
    },
    setAccessLevel: async (options) => {
      data.accessLevel = options.accessLevel;
    },
  };
}

/** The fake browser: `calls` lists what was asked of it, in order, as [api, ...args]. */
export function installBrowser({ lang = 'en', tabs = [] } = {}) {
  const calls = [];
  const record = (name) => async (...args) => {
    calls.push([name, ...args]);
  };
  const t = localeT(lang);
  const chrome = {
    runtime: {
      id: SELF,
      getURL: (path) => `chrome-extension://${SELF}/${path}`,
      onInstalled: event(),
      onStartup: event(),
      onMessage: event(),
    },
    management: {
      getAll: async () => [],
      onInstalled: event(),
      onUninstalled: event(),
      onEnabled: event(),
      onDisabled: event(),
    },
    tabs: {
      get: async (id) => tabs.find((tab) => tab.id === id),
      // Only the filter the background uses: `status`.
      query: async ({ status } = {}) => tabs.filter((tab) => status === undefined || tab.status === status),
      create: record('tabs.create'),
      update: record('tabs.update'),
      onCreated: event(),
      onRemoved: event(),
      onReplaced: event(),
      onActivated: event(),
    },
    webNavigation: { onCommitted: event(), onCompleted: event(), onHistoryStateUpdated: event(), onCreatedNavigationTarget: event(), onErrorOccurred: event() },
    webRequest: { onBeforeRequest: event(), onBeforeSendHeaders: event(), onResponseStarted: event() },
    action: {
      setBadgeText: record('action.setBadgeText'),
      setBadgeBackgroundColor: record('action.setBadgeBackgroundColor'),
      setTitle: record('action.setTitle'),
      openPopup: record('action.openPopup'),
    },
    windows: { update: record('windows.update') },
    notifications: { create: record('notifications.create'), clear: record('notifications.clear'), onClicked: event() },
    storage: { session: sessionStorage() },
    scripting: { executeScript: record('scripting.executeScript') },
    i18n: { getMessage: (key, args) => t(key, args == null ? [] : [].concat(args)), getUILanguage: () => lang },
  };
  globalThis.browser = undefined;
  globalThis.chrome = chrome;
  return { chrome, calls, self: SELF };
}

/** Waits until `probe()` is truthy (polling every 5 ms), or fails after `ms`. */
export async function until(probe, what, ms = 2000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** What the engine reports of a site where it saw nothing, for tests that need no findings. */
export function emptySiteReport(site) {
  return {
    site,
    findings: [],
    health: { rejectedEvents: 0, capsReached: [], bridgeDrops: 0 },
    watched: { pages: 1, injections: 0, since: 1 },
    extensions: { total: 0, enabled: 0 },
    badge: { count: 0, worst: null },
    siteModel: null,
  };
}

/**
 * A fake engine whose module is held back until the test lets it load (the
 * worker's inventory waits for it); returns the function that lets it.
 */
export function engineHeldBack() {
  let load;
  globalThis.fakeWasm = {
    gate: new Promise((resolve) => {
      load = resolve;
    }),
    ready: false,
    answers: { siteReport: emptySiteReport },
  };
  return load;
}
