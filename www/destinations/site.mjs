// Two fixture apps for "where your data goes" (issue: WhatsApp sharing its
// users' identifiers with the rest of Meta; a video app whose analytics go
// to servers in a country without an EU adequacy decision):
//
// - a messaging web app, on a Meta brand's host name, whose own API names
//   the signed-in account (`user_id`) and whose page then sends that id and
//   a SHA-256 of the account's phone number to the group's social-graph
//   host;
// - a video app whose analytics SDK reports views, and the e-mail address a
//   person types into its sign-up box hashed, to a ByteDance analytics host.
//
// The receiving hosts are answered by the collector (www/collector.mjs),
// which records what arrived. On loopback every server is 127.0.0.1: the
// end-to-end test gives the extension, through a test build, addresses of
// the IP table's own ranges for these hosts.

import { createHash } from 'node:crypto';
import { send, sendJson } from '../respond.mjs';

export const MESSAGING_HOST = 'web.whatsapp.com';
export const GROUP_HOST = 'graph.facebook.com';
export const VIDEO_HOST = 'www.videoapp.example';
export const ANALYTICS_HOST = 'analytics.tiktok.com';

/** The signed-in account of the messaging app, and its phone number. */
export const ACCOUNT = { userId: '491512345678', phone: '+49 151 2345678' };
const phoneHash = createHash('sha256').update(ACCOUNT.phone.replace(/[^\d+]/g, '')).digest('hex');

const page = (title, body, script) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>
<body>${body}<script src="${script}"></script></body></html>`;

const MESSAGING_APP = `
(async () => {
  const session = await (await fetch('/api/session?user_id=${ACCOUNT.userId}')).json();
  document.getElementById('me').textContent = session.displayName;
  // The app tells its group's social graph who opened it.
  await fetch('https://${GROUP_HOST}/v19.0/app_events', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ event: 'app_open', wa_user: session.userId, ph: '${phoneHash}' }),
  });
  document.body.dataset.sent = 'yes';
})();
`;

const VIDEO_APP = `
const sdk = (event, extra = {}) =>
  fetch('https://${ANALYTICS_HOST}/api/v2/pixel', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ event, page: location.pathname, ...extra }),
  });
async function sha256(text) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
sdk('view').then(() => { document.body.dataset.viewed = 'yes'; });
document.getElementById('signup').addEventListener('submit', async (event) => {
  event.preventDefault();
  const email = document.getElementById('email').value.trim().toLowerCase();
  await sdk('sign_up', { em: await sha256(email) });
  document.body.dataset.signedUp = 'yes';
});
`;

export async function handleMessaging(req, res, url) {
  if (url.pathname === '/') {
    return send(res, 200, 'text/html; charset=utf-8', page('Messaging', '<h1>Chats</h1><p id="me"></p>', '/static/app.js'));
  }
  if (url.pathname === '/static/app.js') return send(res, 200, 'text/javascript', MESSAGING_APP);
  if (url.pathname === '/api/session') {
    return sendJson(res, 200, { userId: url.searchParams.get('user_id'), displayName: 'Camille' });
  }
  return send(res, 404, 'text/plain', 'Not found\n');
}

export async function handleVideo(req, res, url) {
  if (url.pathname === '/') {
    const body = `<h1>Videos</h1>
<form id="signup"><label>E-mail <input type="email" id="email" name="email" autocomplete="email"></label>
<button type="submit">Sign up</button></form>`;
    return send(res, 200, 'text/html; charset=utf-8', page('Video app', body, '/static/sdk.js'));
  }
  if (url.pathname === '/static/sdk.js') return send(res, 200, 'text/javascript', VIDEO_APP);
  return send(res, 404, 'text/plain', 'Not found\n');
}
