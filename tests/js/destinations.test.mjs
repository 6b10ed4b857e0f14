// The popup's "Where your data goes" (extension/popup/destinations.js):
// the core's rows grouped by organization, in the core's order (personal
// data first), with the least protected country of each group; countries
// written with their flag and name in the person's language.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cutText, destinationGroups, socketsText, uncheckedText } from '../../extension/popup/destinations.js';
import { localeT } from './locale.mjs';
import { letterOrganization, rightsPath } from '../../extension/popup/rights-links.js';
import { countryLabel, messageArg } from '../../extension/popup/sentence.js';

const ROWS = [
  { host: 'analytics.tiktok.com', domain: 'analytics.tiktok.com', brand: 'TikTok Analytics', organization: 'ByteDance Inc',
    countries: ['CN'], transfer: 'notAdequate', requests: 3, dataKinds: ['email'], privacyContact: 'privacy@bytedance.com' },
  { host: 'connect.facebook.net', domain: 'facebook.net', brand: 'Facebook', organization: 'Meta', countries: ['IE'],
    transfer: 'eea', requests: 2, dataKinds: [] },
  { host: 'mon.tiktokv.com', domain: 'tiktokv.com', brand: 'TikTok CDN', organization: 'ByteDance Inc', countries: ['SG'],
    transfer: 'notAdequate', requests: 1, dataKinds: [] },
  { host: 'cdn.example.org', domain: 'example.org', brand: null, organization: null, countries: [], transfer: null,
    privateServer: true, requests: 4, dataKinds: [] },
];

describe('where your data goes', () => {
  test('groups hosts by organization in the order of their first row, personal data first', () => {
    const groups = destinationGroups(ROWS);
    assert.deepEqual(groups.map((g) => g.name), ['ByteDance Inc', 'Meta', 'example.org']);
    const bytedance = groups[0];
    assert.deepEqual(bytedance.hosts.map((h) => h.host), ['analytics.tiktok.com', 'mon.tiktokv.com']);
    assert.deepEqual(bytedance.brands, ['TikTok Analytics', 'TikTok CDN']);
    assert.deepEqual(bytedance.countries, ['CN', 'SG']);
    assert.deepEqual(bytedance.dataKinds, ['email']);
    assert.equal(bytedance.requests, 4);
    assert.equal(bytedance.transfer, 'notAdequate');
    assert.equal(bytedance.privacyContact, 'privacy@bytedance.com');
  });

  test('shows unlisted hosts by their domain, with no contact and no invented country', () => {
    const [, meta, unlisted] = destinationGroups(ROWS);
    assert.equal(meta.transfer, 'eea');
    assert.equal(unlisted.listed, false);
    assert.equal(unlisted.privacyContact, null);
    assert.deepEqual(unlisted.countries, []);
    assert.equal(unlisted.privateServer, true);
  });

  test('sums the requests Vigie could not check, and says so in the number agreed, in English and French', () => {
    const rows = [
      { host: 'api-sr.amplitude.com', domain: 'amplitude.com', organization: 'Amplitude', requests: 5, unread: 2, dataKinds: [] },
      { host: 'api2.amplitude.com', domain: 'amplitude.com', organization: 'Amplitude', requests: 3, unread: 1, dataKinds: [] },
      { host: 'cdn.example.org', domain: 'example.org', requests: 1, dataKinds: [] },
    ];
    const [amplitude, other] = destinationGroups(rows);
    assert.equal(amplitude.unread, 3);
    assert.equal(other.unread, 0);
    const en = { t: localeT('en'), lang: 'en' };
    const fr = { t: localeT('fr'), lang: 'fr' };
    assert.equal(uncheckedText(other, en), '', 'nothing said when every body was read');
    assert.equal(uncheckedText(amplitude, en),
      'Vigie could not read all of the body of 3 requests: the browser hides them, in whole or in part, from extensions, so Vigie cannot tell whether they carried personal data.');
    assert.equal(uncheckedText({ unread: 1 }, en),
      'Vigie could not read all of the body of 1 request: the browser hides it, in whole or in part, from extensions, so Vigie cannot tell whether it carried personal data.');
    assert.match(uncheckedText({ unread: 1 }, fr), /^Vigie n’a pas pu lire tout le contenu de 1 requête\u00a0: /);
    assert.match(uncheckedText(amplitude, fr), /^Vigie n’a pas pu lire tout le contenu de 3 requêtes\u00a0: /);
  });

  test('sums the requests whose body was longer than Vigie reads, and says only their start was searched, in English and French', () => {
    const rows = [
      { host: 'api-sr.amplitude.com', domain: 'amplitude.com', organization: 'Amplitude', requests: 5, cut: 2, dataKinds: [] },
      { host: 'api2.amplitude.com', domain: 'amplitude.com', organization: 'Amplitude', requests: 3, cut: 1, unread: 1, dataKinds: [] },
      { host: 'cdn.example.org', domain: 'example.org', requests: 1, dataKinds: [] },
    ];
    const [amplitude, other] = destinationGroups(rows);
    assert.equal(amplitude.cut, 3);
    assert.equal(amplitude.unread, 1, 'a body hidden is counted apart from one cut');
    assert.equal(other.cut, 0);
    const en = { t: localeT('en'), lang: 'en' };
    const fr = { t: localeT('fr'), lang: 'fr' };
    assert.equal(cutText(other, en), '', 'nothing said when every body was read whole');
    assert.equal(cutText(amplitude, en),
      'Vigie read only the start of the bodies of 3 requests, longer than it reads of one: it cannot tell whether the rest carried personal data.');
    assert.equal(cutText({ cut: 1 }, en),
      'Vigie read only the start of the body of 1 request, longer than it reads of one: it cannot tell whether the rest carried personal data.');
    assert.match(cutText({ cut: 1 }, fr), /^Vigie n’a lu que le début du contenu de 1 requête, plus long que ce qu’il lit d’une requête\u00a0: /);
    assert.match(cutText(amplitude, fr), /^Vigie n’a lu que le début des contenus de 3 requêtes, plus longs /);
  });

  test('sums the WebSocket connections opened to an organization, and says their messages are hidden, in English and French', () => {
    const rows = [
      { host: 'ws.tchatbox.io', domain: 'tchatbox.io', requests: 2, sockets: 2, dataKinds: ['email'] },
      { host: 'cdn.tchatbox.io', domain: 'tchatbox.io', requests: 1, dataKinds: [] },
      { host: 'cdn.example.org', domain: 'example.org', requests: 1, dataKinds: [] },
    ];
    const [chat, other] = destinationGroups(rows);
    assert.equal(chat.sockets, 2);
    const en = { t: localeT('en'), lang: 'en' };
    const fr = { t: localeT('fr'), lang: 'fr' };
    assert.equal(socketsText(other, en), '', 'nothing said of hosts no WebSocket went to');
    assert.equal(socketsText(chat, en),
      '2 WebSocket connections to its servers were requested: the browser shows extensions where they go, not the messages sent over them, so Vigie cannot tell whether they carried personal data.');
    assert.match(socketsText({ sockets: 1 }, en), /^1 WebSocket connection to its servers was requested: .* sent over it,/);
    assert.match(socketsText({ sockets: 1 }, fr), /^1 connexion WebSocket vers ses serveurs a été demandée\u00a0: /);
    assert.match(socketsText(chat, fr), /^2 connexions WebSocket vers ses serveurs ont été demandées\u00a0: /);
  });

  test('says how many messages sent over the WebSockets Vigie read, once it read any, in English and French', () => {
    const rows = [
      { host: 'ws.tchatbox.io', domain: 'tchatbox.io', requests: 2, sockets: 2, socketMessages: 3, dataKinds: ['name'] },
      { host: 'live.tchatbox.io', domain: 'tchatbox.io', requests: 1, sockets: 1, socketMessages: 2, dataKinds: [] },
    ];
    const [chat] = destinationGroups(rows);
    assert.equal(chat.socketMessages, 5);
    const en = { t: localeT('en'), lang: 'en' };
    const fr = { t: localeT('fr'), lang: 'fr' };
    assert.equal(socketsText(chat, en),
      '3 WebSocket connections to its servers were requested. Vigie read 5 messages the pages’ scripts sent over them, and looked for your data in them; not seen: what a page’s worker sends, what goes over a connection a page opened before Vigie’s hooks were in place, and what a page sends past its first 1,000 messages or 1 MiB (each message read as far as 64 KiB).');
    assert.doesNotMatch(socketsText(chat, en), /cannot tell/);
    assert.equal(socketsText({ sockets: 1, socketMessages: 1 }, en),
      '1 WebSocket connection to its servers was requested. Vigie read 1 message the pages’ scripts sent over them, and looked for your data in it; not seen: what a page’s worker sends, what goes over a connection a page opened before Vigie’s hooks were in place, and what a page sends past its first 1,000 messages or 1 MiB (each message read as far as 64 KiB).');
    // Messages of a socket whose opening Vigie did not count: the messages alone.
    assert.match(socketsText({ sockets: 0, socketMessages: 2 }, en), /^Vigie read 2 messages /);
    assert.match(socketsText(chat, fr), /^3 connexions WebSocket vers ses serveurs ont été demandées\. Vigie a lu 5 messages .*\u00a0; non vus\u00a0: ce qu’envoie un worker d’une page, .* au-delà de ses 1\u00a0000 premiers messages ou de 1\u00a0Mio \(chaque message est lu jusqu’à 64\u00a0Kio\)\.$/);
  });

  test('ignores rows that are not rows', () => {
    assert.deepEqual(destinationGroups([null, 3, { host: 7 }]), []);
    assert.deepEqual(destinationGroups(undefined), []);
  });

  test('writes countries with their flag and their name in the language', () => {
    assert.equal(countryLabel('CN', 'en'), '🇨🇳 China');
    assert.equal(countryLabel('CN', 'fr'), '🇨🇳 Chine');
    assert.equal(countryLabel('??', 'en'), '??');
    assert.equal(messageArg({ countries: ['SG', 'CN'] }, () => '', 'fr'), '🇸🇬 Singapour, 🇨🇳 Chine');
  });

  test("a finding's letter goes to the first of its destinations the table lists, as the core picks it", () => {
    const finding = (destinations) => ({ key: 'k', evidence: { destinations } });
    assert.equal(letterOrganization(finding(['cdn.example.org', 'mon.tiktokv.com', 'connect.facebook.net']), ROWS), 'ByteDance Inc');
    assert.equal(letterOrganization(finding(['connect.facebook.net', 'analytics.tiktok.com']), ROWS), 'Meta');
    // An unlisted host, a host the site's rows do not have, no destination: no letter.
    assert.equal(letterOrganization(finding(['cdn.example.org']), ROWS), null);
    assert.equal(letterOrganization(finding(['graph.facebook.com']), ROWS), null);
    assert.equal(letterOrganization(finding([]), ROWS), null);
    assert.equal(letterOrganization({ key: 'k' }, ROWS), null);
    assert.equal(letterOrganization(finding(['analytics.tiktok.com']), undefined), null);
    assert.equal(letterOrganization(null, ROWS), null);
  });

  test('the letter and the report pages are addressed by site and finding key', () => {
    assert.equal(rightsPath('letter', 'web.whatsapp.com', 'sharedWithinGroup|a&b'), 'popup/rights.html?site=web.whatsapp.com&key=sharedWithinGroup%7Ca%26b');
    assert.equal(rightsPath('report', 'www.linkedin.com', 'k'), 'popup/report.html?site=www.linkedin.com&key=k');
  });
});
