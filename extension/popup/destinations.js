// "Where your data goes": the organizations the site's pages sent requests
// to, their group, the countries their servers answered from (flag and
// name), and which of them received personal data — those first. The rows
// come from the core (SiteReport.destinations, already in that order);
// here they are grouped by organization and drawn. Hosts no table lists
// are grouped by their registrable domain.

import { el } from './dom.js';
import { formatCount, plural } from './format.js';
import { countryLabel } from './sentence.js';

/** How protected a transfer is, most protected first (the core's `Transfer`). */
const TRANSFERS = ['eea', 'adequate', 'partial', 'notAdequate'];

/**
 * The rows grouped by organization (or domain), in the order of their first
 * row: `[{ name, listed, brands, hosts, countries, transfer, dataKinds,
 * contactKinds, requests, unread, sockets, socketMessages, privacyContact }]`: `dataKinds`
 * the person's own data it received, `contactKinds` contact data of the
 * profiles they viewed (other people's).
 */
export function destinationGroups(rows) {
  const groups = new Map();
  for (const row of Array.isArray(rows) ? rows : []) {
    if (!row || typeof row.host !== 'string') continue;
    const listed = typeof row.organization === 'string' && row.organization !== '';
    const name = listed ? row.organization : String(row.domain ?? row.host);
    let group = groups.get(name);
    if (!group) {
      group = {
        name,
        listed,
        brands: [],
        hosts: [],
        countries: [],
        transfer: null,
        dataKinds: [],
        contactKinds: [],
        requests: 0,
        unread: 0,
        cut: 0,
        sockets: 0,
        socketMessages: 0,
        privacyContact: listed ? (row.privacyContact ?? null) : null,
        privateServer: false,
      };
      groups.set(name, group);
    }
    if (typeof row.brand === 'string' && row.brand !== name && !group.brands.includes(row.brand)) group.brands.push(row.brand);
    group.hosts.push({ host: row.host, dataKinds: Array.isArray(row.dataKinds) ? row.dataKinds : [] });
    for (const c of Array.isArray(row.countries) ? row.countries : []) if (!group.countries.includes(c)) group.countries.push(c);
    for (const k of Array.isArray(row.dataKinds) ? row.dataKinds : []) if (!group.dataKinds.includes(k)) group.dataKinds.push(k);
    for (const k of Array.isArray(row.contactKinds) ? row.contactKinds : []) if (!group.contactKinds.includes(k)) group.contactKinds.push(k);
    if (TRANSFERS.indexOf(row.transfer) > TRANSFERS.indexOf(group.transfer)) group.transfer = row.transfer;
    group.requests += Number(row.requests) || 0;
    group.unread += Number(row.unread) || 0;
    group.cut += Number(row.cut) || 0;
    group.sockets += Number(row.sockets) || 0;
    group.socketMessages += Number(row.socketMessages) || 0;
    group.privateServer ||= row.privateServer === true;
  }
  return [...groups.values()];
}

/** A data kind in words ("e-mail address"), or as the core named it. */
function dataKindLabel(kind, t) {
  return t(`dataKind_${kind}`) || kind;
}

/**
 * What Vigie could not check of a group's requests (bodies the browser
 * hid while Vigie watched for personal data), or '' when none.
 */
export function uncheckedText(group, { t, lang }) {
  const n = Number(group?.unread) || 0;
  if (n <= 0) return '';
  return plural(t, 'popup_destinationUnread', n, lang) || `${formatCount(n, lang)} ?`;
}

/**
 * The requests to a group's hosts whose body was longer than Vigie reads of
 * one (searched as far as the cut) while it watched for personal data, or ''
 * when none.
 */
export function cutText(group, { t, lang }) {
  const n = Number(group?.cut) || 0;
  if (n <= 0) return '';
  return plural(t, 'popup_destinationCut', n, lang) || `${formatCount(n, lang)} ?`;
}

/**
 * The WebSocket connections opened to a group's hosts, and the messages
 * sent over them that Vigie's hooks read; or '' when none. With no message
 * read, what went over them is said to be unknown.
 */
export function socketsText(group, { t, lang }) {
  const n = Number(group?.sockets) || 0;
  const read = Number(group?.socketMessages) || 0;
  if (read <= 0) return n <= 0 ? '' : plural(t, 'popup_destinationSockets', n, lang) || `${formatCount(n, lang)} WebSocket`;
  const opened = n > 0 ? plural(t, 'popup_destinationSocketsOpened', n, lang) : '';
  const messages = plural(t, 'popup_destinationSocketMessages', read, lang) || `${formatCount(read, lang)} WebSocket`;
  return opened ? `${opened} ${messages}` : messages;
}

/** The line saying which kinds of data an organization received (`key` its sentence), or nothing. */
function kindsLine(kinds, key, testid, t) {
  if (kinds.length === 0) return false;
  return el('p', {
    className: 'destination-data',
    testid,
    text: t(key, [kinds.map((k) => dataKindLabel(k, t)).join(', ')]) || kinds.join(', '),
  });
}

function groupItem(group, { t, lang }) {
  const personal = group.dataKinds.length > 0 || group.contactKinds.length > 0;
  const unchecked = uncheckedText(group, { t, lang });
  const cut = cutText(group, { t, lang });
  const sockets = socketsText(group, { t, lang });
  const countries = group.countries.length
    ? group.countries.map((c) => countryLabel(c, lang)).join(', ')
    : group.privateServer
      ? t('popup_destinationPrivate') || 'a private address'
      : t('popup_destinationCountryUnknown') || 'unknown';
  const transferNote =
    group.transfer === 'notAdequate'
      ? t('popup_destinationNotAdequate')
      : group.transfer === 'partial'
        ? t('popup_destinationPartial')
        : '';
  return el(
    'li',
    {
      className: `destination${personal ? ' destination-personal' : ''}${group.transfer === 'notAdequate' ? ' destination-outside' : ''}`,
      testid: 'destination',
    },
    el(
      'p',
      { className: 'destination-name' },
      el('strong', { text: group.name, testid: 'destination-organization' }),
      group.brands.length > 0 && el('span', { className: 'destination-brands', text: ` · ${group.brands.join(', ')}` }),
    ),
    el(
      'p',
      { className: 'destination-where' },
      el('span', { className: 'destination-label', text: t('popup_destinationServers') || 'Servers:' }),
      ' ',
      el('span', { text: countries, testid: 'destination-countries' }),
      transferNote && el('span', { className: 'destination-transfer', text: ` — ${transferNote}` }),
    ),
    kindsLine(group.dataKinds, 'popup_destinationPersonalData', 'destination-personal', t),
    kindsLine(group.contactKinds, 'popup_destinationContactData', 'destination-contacts', t),
    unchecked && el('p', { className: 'destination-unread', testid: 'destination-unread', text: unchecked }),
    cut && el('p', { className: 'destination-unread', testid: 'destination-cut', text: cut }),
    sockets && el('p', { className: 'destination-unread', testid: 'destination-sockets', text: sockets }),
    el('p', {
      className: 'destination-hosts',
      text: `${group.hosts.map((h) => h.host).join(', ')} · ${plural(t, 'popup_destinationRequests', group.requests, lang) || formatCount(group.requests, lang)}`,
    }),
  );
}

/** The section, or null when the site's pages contacted no other host. */
export function destinationsView(rows, { t, lang }) {
  const groups = destinationGroups(rows);
  if (groups.length === 0) return null;
  const list = el('ul', { className: 'destinations' });
  for (const group of groups) list.append(groupItem(group, { t, lang }));
  return el(
    'section',
    { className: 'destinations-view', testid: 'destinations', attrs: { 'aria-labelledby': 'destinations-heading' } },
    el('h2', { className: 'destinations-title', text: t('popup_destinationsHeading') || 'Where your data goes', attrs: { id: 'destinations-heading' } }),
    el('p', { className: 'destinations-intro', text: t('popup_destinationsIntro') }),
    list,
  );
}
