// Which answers the main-world hooks copy (extension/content/main-world/
// site-answers.js): the site model's contact lookups only, whatever the
// GraphQL deployment hash, on the site's own hosts only; and only for a call
// the site's own code started, as the core's attribution reads a stack
// (the outermost script that names an author). The module runs in a realm
// of its own that stands for a page of www.linkedin.com or of another site.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import vm from 'node:vm';
import { moduleInRealm } from './content-source.mjs';

/**
 * The module's exports in a realm whose page is served by `host`; `read`,
 * when given, collects the names of the realm's globals the module reads.
 */
function onPage(host, read = null) {
  const globals = {
    URL,
    MessagePort: class MessagePort {
      postMessage() {}
    },
    document: {},
    location: { hostname: host, origin: `https://${host}` },
    setTimeout,
    setInterval,
    postMessage() {},
    Response,
    ReadableStream,
    ReadableStreamDefaultReader,
    TextDecoder,
    Uint8Array,
  };
  const context = vm.createContext(read === null ? globals : {});
  if (read !== null) {
    for (const [name, value] of Object.entries(globals)) {
      Object.defineProperty(context, name, { get: () => (read.add(name), value), configurable: true });
    }
  }
  context.window = context;
  return moduleInRealm('extension/content/main-world/site-answers.js', { context });
}

const linkedin = onPage('www.linkedin.com');
const hash = () => [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
const SITE_SCRIPT = 'https://static.licdn.com/aero-v1/sc/h/bundle.js';
const PAGE_SCRIPT = 'https://www.linkedin.com/static/bundle.js';
const EXTENSION = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/hook.js';

describe('the answers copied: the site model’s contact lookups', () => {
  test('the contact-info query, whatever its deployment hash, and the legacy REST record', () => {
    for (let i = 0; i < 5; i++) {
      assert.ok(linkedin.isContactLookup(`https://www.linkedin.com/voyager/api/graphql?includeWebMetadata=true&variables=(memberIdentity:chloe-nguyen)&queryId=voyagerIdentityDashProfiles.${hash()}`));
    }
    assert.ok(linkedin.isContactLookup('https://www.linkedin.com/voyager/api/graphql?variables=%28memberIdentity%3Achloe-nguyen%29&queryId=voyagerIdentityDashProfiles.0a1b'));
    assert.ok(linkedin.isContactLookup('https://www.linkedin.com/voyager/api/identity/profiles/chloe-nguyen/profileContactInfo'));
    assert.ok(linkedin.isContactLookup('https://www.linkedin.com/voyager/api/identity/profiles/chloe-nguyen/profileContact%49nfo'), 'an escaped path, read decoded');
    // A Sales Navigator lead asked for with its contact details, its path escaped or not.
    const lead = 'ACwAAA0DrUwBVYgKNPX9HNcbd6mXP2VOX1aji6c';
    const deco = encodeURIComponent('(entityUrn,fullName,contactInfo)');
    assert.ok(linkedin.isContactLookup(`https://www.linkedin.com/sales-api/salesApiProfiles/(profileId:${lead},authType:NAME_SEARCH,authToken:UbPM)?decoration=${deco}`));
    assert.ok(linkedin.isContactLookup(`https://www.linkedin.com/sales-api/salesApiProfiles/%28profileId%3A${lead}%29?decoration=${deco}`));
    assert.equal(linkedin.isContactLookup(`https://www.linkedin.com/sales-api/salesApiProfiles/(profileId:${lead})?decoration=(entityUrn,fullName)`), false, 'no contactInfo: a profile fetch');
    // A malformed escape elsewhere does not keep the rest from being read.
    assert.ok(linkedin.isContactLookup(`https://www.linkedin.com/sales-api/salesApiProfiles/%28profileId%3A${lead}%29%ZZ?decoration=${deco}%E0`));
  });

  test('not the site’s other calls, nor the same paths on other hosts', () => {
    for (const url of [
      `https://www.linkedin.com/voyager/api/graphql?variables=(start:0)&queryId=voyagerFeedDashMainFeed.${hash()}`,
      'https://www.linkedin.com/voyager/api/identity/profiles/chloe-nguyen/profileView',
      // The same query name asked by vanity name is the profile's own load.
      `https://www.linkedin.com/voyager/api/graphql?includeWebMetadata=true&variables=(vanityName:chloe-nguyen)&queryId=voyagerIdentityDashProfiles.${hash()}`,
      'https://www.linkedin.com/in/chloe-nguyen/overlay/contact-info/',
      'https://www.linkedin.com.evil.example/voyager/api/identity/profiles/chloe-nguyen/profileContactInfo',
      'https://notlinkedin.com/voyager/api/identity/profiles/chloe-nguyen/profileContactInfo',
      'https://shop.example.test/voyager/api/identity/profiles/chloe-nguyen/profileContactInfo',
      'not a url',
    ]) {
      assert.equal(linkedin.isContactLookup(url), false, url);
    }
  });
});

describe('the answers copied: calls the site’s own code started', () => {
  test('the site’s scripts, on its hosts or its CDN, even through a wrapper another script put on fetch', () => {
    assert.ok(linkedin.startedBySite([PAGE_SCRIPT]));
    assert.ok(linkedin.startedBySite([SITE_SCRIPT, PAGE_SCRIPT]));
    // Innermost first: an extension's wrapper on fetch is not the author.
    assert.ok(linkedin.startedBySite([EXTENSION, PAGE_SCRIPT]));
  });

  test('never an extension’s call, Firefox’s anonymous page-world code, a third party or an unreadable stack', () => {
    assert.equal(linkedin.startedBySite([EXTENSION]), false);
    assert.equal(linkedin.startedBySite([PAGE_SCRIPT, EXTENSION]), false, 'the extension started it');
    assert.equal(linkedin.startedBySite([PAGE_SCRIPT, '<anonymous code>']), false);
    assert.equal(linkedin.startedBySite(['https://cdn.tracker.example/t.js']), false);
    assert.equal(linkedin.startedBySite([]), false);
    assert.equal(linkedin.startedBySite(['blob:https://www.linkedin.com/1234']), false);
  });

  test('a reaction is made only for the site’s own call of a contact lookup on the site’s own page', () => {
    const lookup = 'https://www.linkedin.com/voyager/api/identity/profiles/chloe-nguyen/profileContactInfo';
    assert.equal(typeof linkedin.answerReader(lookup, [PAGE_SCRIPT]), 'function');
    assert.equal(linkedin.answerReader(lookup, [EXTENSION]), undefined);
    assert.equal(linkedin.answerReader('https://www.linkedin.com/feed/', [PAGE_SCRIPT]), undefined);
    // A page of another site asking LinkedIn's endpoint (or a copy of it) is not LinkedIn's page.
    assert.equal(onPage('shop.example.test').answerReader(lookup, ['https://shop.example.test/app.js']), undefined);
  });

  test('a page of another site captures none of the natives the reading needs', () => {
    // Capturing a native makes the browser build its interface in the frame:
    // off the site, where no answer is read, that is cost for nothing.
    const NEEDED = ['Response', 'ReadableStream', 'ReadableStreamDefaultReader', 'TextDecoder'];
    const offSite = new Set();
    onPage('shop.example.test', offSite);
    assert.deepEqual(NEEDED.filter((name) => offSite.has(name)), []);
    const onSite = new Set();
    onPage('www.linkedin.com', onSite);
    assert.deepEqual(NEEDED.filter((name) => !onSite.has(name)), [], 'the site’s own page reads them');
  });
});

describe('the answer handed on', () => {
  test('is the very response, its body unread and whole for the page', async () => {
    const lookup = 'https://www.linkedin.com/voyager/api/identity/profiles/chloe-nguyen/profileContactInfo';
    const body = JSON.stringify({ emailAddress: 'chloe@mapleandfinch.example', padding: 'x'.repeat(200_000) });
    const response = new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
    const handedOn = linkedin.answerReader(lookup, [PAGE_SCRIPT])(response);
    assert.equal(handedOn, response);
    assert.equal(response.bodyUsed, false);
    assert.equal(await response.text(), body, 'the page reads all of it, past the copy’s cap');
  });

  test('a body the page already took, or no body, changes nothing', async () => {
    const lookup = 'https://www.linkedin.com/voyager/api/identity/profiles/chloe-nguyen/profileContactInfo';
    const used = new Response('{}', { status: 200 });
    await used.text();
    assert.equal(linkedin.answerReader(lookup, [PAGE_SCRIPT])(used), used);
    const empty = new Response(null, { status: 200 });
    assert.equal(linkedin.answerReader(lookup, [PAGE_SCRIPT])(empty), empty);
  });
});
