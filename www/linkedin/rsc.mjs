// The server-driven pages' actions (/flagship-web/rsc-action/…), as public
// client code and extensions describe them: a POST of JSON, answered with a
// React Server Components stream (numbered rows of JSON, served as
// application/octet-stream). Only the Contact info overlay is served:
//   POST /flagship-web/rsc-action/actions/navigation
//        ?screenId=com.linkedin.sdui.flagshipnav.profile.ProfileContactDetailsOverlay
//        &sduiid=<the same>
//   { clientArguments: { payload: { vanityName, givenName, familyName,
//     isVanityNameResolved } }, isModal: true }
// It needs the session and the csrf-token, as the Voyager API does, and
// shows what the viewer may see of the member's contact details.
import { readBody, send } from '../respond.mjs';
import { csrfOk, hasSession } from './session.mjs';
import { contactOf, findPerson, fullName } from './people.mjs';

export const CONTACT_OVERLAY = 'com.linkedin.sdui.flagshipnav.profile.ProfileContactDetailsOverlay';
const MAX_BODY = 16 * 1024;
const STREAM = 'application/octet-stream';

function vanityNameOf(raw) {
  try {
    const name = JSON.parse(raw.toString('utf8'))?.clientArguments?.payload?.vanityName;
    return typeof name === 'string' ? name : null;
  } catch {
    return null;
  }
}

/** The overlay's stream: the screen, then one row per detail shown. */
function overlayStream(p) {
  const contact = contactOf(p);
  const rows = [
    ['$', 'div', null, { 'data-sdui-screen': CONTACT_OVERLAY, children: [['$', 'h2', null, { children: 'Contact info' }], '$L1', '$L2']}],
    ['$', 'section', null, { children: [['$', 'p', null, { children: 'Profile' }], ['$', 'a', null, { href: `https://www.linkedin.com/in/${p.slug}`, children: `linkedin.com/in/${p.slug}` }]] }],
    contact.email
      ? ['$', 'section', null, { children: [['$', 'p', null, { children: 'Email' }], ['$', 'a', null, { href: `mailto:${contact.email}`, children: contact.email }]] }]
      : null,
  ];
  if (contact.phones.length) {
    rows.push(['$', 'section', null, { children: [['$', 'p', null, { children: 'Phone' }], ['$', 'span', null, { children: `${contact.phones[0].number} (${contact.phones[0].type})` }]] }]);
  }
  rows.push({ title: `${fullName(p)}’s contact info` });
  return rows.filter(Boolean).map((row, i) => `${i.toString(16)}:${JSON.stringify(row)}\n`).join('');
}

export async function handleRscAction(req, res, url) {
  if (req.method !== 'POST') return send(res, 405, 'text/plain', 'Method not allowed\n');
  const { raw } = await readBody(req, MAX_BODY);
  if (!hasSession(req)) return send(res, 401, 'text/plain', 'Unauthorized\n');
  if (!csrfOk(req)) return send(res, 403, 'text/plain', 'CSRF check failed.\n');
  const screen = url.searchParams.get('screenId') ?? url.searchParams.get('sduiid');
  if (url.pathname !== '/flagship-web/rsc-action/actions/navigation' || screen !== CONTACT_OVERLAY) {
    return send(res, 500, STREAM, '0:{"error":"unknown screen"}\n');
  }
  const name = vanityNameOf(raw);
  let p;
  try {
    p = name && findPerson(name);
  } catch {
    p = undefined;
  }
  if (!p) return send(res, 500, STREAM, '0:{"error":"member not found"}\n');
  return send(res, 200, STREAM, overlayStream(p));
}
