// A stand-in for the wasm-bindgen module (wasm/vigie.js) that keeps its one
// trap: every call, static ones included, throws until the default export
// `init()` has resolved, as a cold-started worker's module does. The test
// holds `init()` back with `fakeWasm.gate` and sets what the engine answers
// in `fakeWasm.answers`.

const wasm = (globalThis.fakeWasm ??= { gate: Promise.resolve(), ready: false, calls: [], answers: {} });

export default async function init() {
  await wasm.gate;
  wasm.ready = true;
}

function call(name, args) {
  // The message wasm-bindgen's glue gives when the module is not there yet.
  if (!wasm.ready) throw new TypeError(`Cannot read properties of undefined (reading '${name}')`);
  wasm.calls.push([name, ...args]);
  const answer = wasm.answers[name];
  return typeof answer === 'function' ? answer(...args) : answer;
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
    return new Engine();
  }

  constructor() {
    call('new', []);
  }

  ingest(event) {
    return call('ingest', [event]) ?? { findings: [], notify: [], notices: [] };
  }

  siteReport(site) {
    return call('siteReport', [site]);
  }

  badge(site) {
    return call('badge', [site]) ?? { count: 0, worst: null };
  }

  health() {
    return call('health', []) ?? { rejectedEvents: 0, capsReached: [], bridgeDrops: 0 };
  }

  isProfileSite(url) {
    return call('isProfileSite', [url]) ?? false;
  }

  allFindings() {
    return call('allFindings', []) ?? [];
  }

  forgetSite(site) {
    return call('forgetSite', [site]) ?? 0;
  }

  snapshot() {
    call('snapshot', []);
    return '{}';
  }
}
