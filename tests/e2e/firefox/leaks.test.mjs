// Personal data leaving a shop, in Firefox (Debian's firefox-esr over
// Marionette) with Vigie: an e-mail typed into the boutique's checkout
// (www/shop/), hashed on blur by an analytics tag and replayed in gzip by a
// session-replay tag, is a leak to each of them, before submit; the same
// page's masking replay and identity sync are not. Firefox gives webRequest
// the raw bytes of a beacon and of a fetch body as Chromium does; the
// replay's batches are keepalive fetches, which Firefox 133 to 146 (ESR 140)
// report with no tab, only their page's address. What its popup shows is
// read as a person sees it.
//
// Run by ./build.sh test's Firefox step (VIGIE_FIREFOX=1).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { startServer } from '../../../www/server.mjs';
import { SHOP_HOST } from '../../../www/hosts.mjs';
import { eventually } from '../harness.mjs';
import { FIREFOX, launchFirefox } from './launch.mjs';
import { openPopup } from './popup.mjs';

const skip = process.env.VIGIE_FIREFOX !== '1'
  ? 'Firefox end to end runs in its own step of ./build.sh test (VIGIE_FIREFOX=1)'
  : !existsSync(FIREFOX) && `${FIREFOX} is not installed`;

let server;
before(async () => {
  if (!skip) server = await startServer({ port: 0 });
});
after(async () => {
  await server?.close();
});

test('Firefox: an e-mail typed in the checkout, hashed on blur and replayed in gzip, is a leak to each tag before submit; the masking replay and the id sync are not', { skip, timeout: 180000 }, async () => {
  const ff = await launchFirefox({ serverPort: server.port });
  const { marionette } = ff;
  try {
    await marionette.navigate(`https://${SHOP_HOST}/commande?tags=mesurely,replaywise,clarisight,cartgraph`);
    await marionette.click('#email');
    await marionette.type('#email', 'jean.dupont@example.fr');
    await marionette.click('#tel');
    await eventually(() => server.shop.to('collect.mesurely.com').some((r) => r.raw.includes('identify')) && server.shop.to('in.replaywise.io').length, {
      what: 'the identify beacon and a replay batch',
      timeout: 20000,
    });
    const home = await marionette.windowHandle();
    let last = [];
    const shown = await eventually(async () => {
      const popup = await openPopup(ff, `https://${SHOP_HOST}/*`);
      await marionette.closeTab();
      await marionette.switchTo(home);
      last = popup.cards;
      const named = (host) => popup.cards.some((c) => c.kind === 'leakBeforeSubmit' && c.text.includes(host));
      return named('collect.mesurely.com') && named('in.replaywise.io') && popup;
    }, { what: 'leaks to both tags in the popup', timeout: 40000, interval: 500 }).catch((error) => {
      error.message += `\npopup cards: ${JSON.stringify(last.map((c) => `${c.kind}: ${c.text}`)).slice(0, 3000)}`;
      throw error;
    });
    for (const host of ['rec.clarisight.net', 'sync.cartgraph.com']) {
      assert.ok(!shown.cards.some((c) => c.text.includes(host)), `${host} is not named`);
    }
    assert.ok(!shown.cards.some((c) => c.text.includes('jean.dupont@example.fr')), 'the value is shown masked');
  } finally {
    await ff.close();
  }
});
