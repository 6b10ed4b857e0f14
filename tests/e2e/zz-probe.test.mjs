import { test } from 'node:test';
import { inflateSync } from 'node:zlib';
import { findingsOf, popupDestinationRows, tabIdOf } from './harness.mjs';
import { bodyText, browser, fillSignup, server, signupPage, sleep, useSdkSite } from './sdk-site.mjs';
useSdkSite();
for (const sdk of ['datadog-allow']) {
  test(`probe ${sdk}`, async () => {
    server.sdks.clear();
    const w = await browser.worker();
    await w.evaluate(() => { globalThis.__seen = []; chrome.webRequest.onBeforeRequest.addListener((d) => { if (d.url.includes('/api/v2/replay')) globalThis.__seen.push({ formData: d.requestBody?.formData ? Object.keys(d.requestBody.formData) : null, raw: (d.requestBody?.raw ?? []).map((x) => ({ bytes: x.bytes ? x.bytes.byteLength : null, file: x.file ?? null })), error: d.requestBody?.error ?? null }); }, { urls: ['<all_urls>'] }, ['requestBody']); });
    const page = await signupPage(sdk);
    page.on('console', (m) => console.log('console', m.text().slice(0, 200), m.location().url));
    await sleep(3000);
    await fillSignup(page, { pause: 300 });
    await page.locator('h1').click();
    await sleep(12000);
    const tabId = await tabIdOf(browser, 'https://www.jardin-express.fr/inscription*', { active: true });
    console.log(JSON.stringify(await popupDestinationRows(browser, tabId)));
    await page.goto('https://www.jardin-express.fr/nothing-here');
    await sleep(4000);
    for (const r of server.sdks.to('browser-intake-datadoghq.eu', '/api/v2/replay')) {
      const b = r.body;
      const boundary = '--' + /boundary=(.*)$/.exec(r.headers['content-type'])[1];
      const parts = b.toString('latin1').split(boundary);
      for (const p of parts) {
        const i = p.indexOf('\r\n\r\n');
        if (i < 0) continue;
        const head = p.slice(0, i);
        const data = Buffer.from(p.slice(i + 4, p.length - 2), 'latin1');
        console.log(head.replace(/\r\n/g, ' | '), data.length, data.slice(0, 4).toString('hex'));
        if (/name="segment"/.test(head)) {
          try { const t = inflateSync(data).toString('utf8'); console.log('INFLATED', t.length, t.includes('Fontaine'), t.includes('lea.fontaine'), JSON.stringify([...t.matchAll(/.{60}(Fontaine|L\\u00e9a|Léa|\\*\\*\\*).{40}/g)].map((m) => m[0]).slice(0, 8))); } catch (e) { console.log('inflate error', e.message); }
        }
      }
    }
    console.log('SEEN', JSON.stringify(await (await browser.worker()).evaluate(() => globalThis.__seen)));
    const f = await findingsOf(browser);
    console.log(JSON.stringify(f.map((x) => [x.kind, x.evidence?.destinations, x.evidence?.dataKinds, x.evidence?.encodings])));
  });
}
