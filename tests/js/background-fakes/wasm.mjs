// A stand-in for the wasm-bindgen module (wasm/vigie.js) that keeps its
// traps:
// - every call, static ones included, throws until the default export
//   `init()` has resolved, as a cold-started worker's module does (the test
//   holds `init()` back with `fakeWasm.gate`);
// - a call for which `fakeWasm.trap(name, args)` is true throws
//   `RuntimeError: unreachable`, as a panic does, and leaves the instance
//   unusable: every later call throws "recursive use of an object", until
//   `__wbg_reset_state()` (wasm-bindgen's --experimental-reset-state-function)
//   makes a new instance; engines of an older instance then throw as stale.
// The engine keeps the events it took, in order (`ingested`), and its
// snapshot is that list; `fakeWasm.answers` sets what calls answer.

const wasm = (globalThis.fakeWasm ??= {});
wasm.gate ??= Promise.resolve();
wasm.ready ??= false;
wasm.calls ??= [];
wasm.answers ??= {};
wasm.instance ??= 1;
wasm.poisoned ??= false;
wasm.resets ??= 0;

export default async function init() {
  await wasm.gate;
  wasm.ready = true;
}

export function __wbg_reset_state() {
  wasm.instance += 1;
  wasm.poisoned = false;
  wasm.resets += 1;
}

function call(name, args, self = null) {
  // The message wasm-bindgen's glue gives when the module is not there yet.
  if (!wasm.ready) throw new TypeError(`Cannot read properties of undefined (reading '${name}')`);
  if (self && self.instance !== wasm.instance) throw new Error('Invalid stale object from previous Wasm instance');
  if (wasm.poisoned) throw new Error('recursive use of an object detected which would lead to unsafe aliasing in rust');
  wasm.calls.push([name, ...args]);
  if (wasm.trap?.(name, args)) {
    wasm.poisoned = true;
    throw new WebAssembly.RuntimeError('unreachable');
  }
  const answer = wasm.answers[name];
  return typeof answer === 'function' ? answer(...args) : answer;
}

export function loadPublicSuffixes(text) {
  call('loadPublicSuffixes', [text.length]);
}

export class Engine {
  static siteOf(url) {
    call('siteOf', [url]);
    try {
      const { protocol, hostname } = new URL(url);
      return protocol === 'https:' || protocol === 'http:' ? hostname : undefined;
    } catch {
      return undefined;
    }
  }

  static schemaVersion() {
    call('schemaVersion', []);
    return 3;
  }

  static restore(text) {
    call('restore', [text]);
    const engine = new Engine();
    engine.ingested = JSON.parse(text).ingested ?? [];
    return engine;
  }

  constructor() {
    call('new', []);
    this.instance = wasm.instance;
    this.ingested = [];
    wasm.live = this;
  }

  ingest(event) {
    const out = call('ingest', [event], this) ?? { findings: [], notify: [], notices: [] };
    this.ingested.push(event);
    return out;
  }

  siteReport(site) {
    return call('siteReport', [site], this);
  }

  badge(site) {
    return call('badge', [site], this) ?? { count: 0, worst: null };
  }

  health() {
    return call('health', [], this) ?? { rejectedEvents: 0, capsReached: [], bridgeDrops: 0 };
  }

  allFindings() {
    return call('allFindings', [], this) ?? [];
  }

  forgetSite(site) {
    return call('forgetSite', [site], this) ?? 0;
  }

  snapshot() {
    call('snapshot', [], this);
    return JSON.stringify({ ingested: this.ingested });
  }
}
