// The fixture server answered over real HTTPS with real Host headers, the
// way the browser will reach it through --host-resolver-rules.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import { startServer } from '../../www/server.mjs';

let server;
before(async () => {
  server = await startServer({ port: 0 });
});
after(() => server?.close());

function request(host, path, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: '127.0.0.1', port: server.port, servername: host, path, method,
        headers: { host, ...headers }, rejectUnauthorized: false, agent: false,
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const SESSION = { cookie: 'JSESSIONID="ajax:1234567890"; li_at=AQEDAtest', 'csrf-token': 'ajax:1234567890' };
const linkedin = (path, options) => request('www.linkedin.com', path, options);

test('profile page renders with the site CSP and session cookies', async () => {
  const res = await linkedin('/in/alice-martin/');
  assert.equal(res.status, 200);
  assert.match(res.body, /<h1>Alice Martin<\/h1>/);
  assert.match(res.body, /id="contact-info-link" href="\/in\/alice-martin\/overlay\/contact-info\/"/);
  assert.match(res.headers['content-security-policy'], /script-src 'self'/);
  assert.ok(res.headers['set-cookie'].some((c) => c.startsWith('JSESSIONID="ajax:')));
  assert.doesNotMatch(res.body, /nordlys-energy\.example/, 'no e-mail in the page itself');
});

test('unknown profile is a 404 page', async () => {
  const res = await linkedin('/in/no-such-person/');
  assert.equal(res.status, 404);
  assert.match(res.body, /doesn’t exist/);
});

test('contact info needs the csrf-token', async () => {
  const path = '/voyager/api/identity/profiles/alice-martin/profileContactInfo';
  const refused = await linkedin(path);
  assert.equal(refused.status, 403);
  const ok = await linkedin(path, { headers: SESSION });
  assert.equal(ok.status, 200);
  assert.match(ok.headers['content-type'], /^application\/vnd\.linkedin\.normalized\+json\+2\.1/);
  assert.equal(JSON.parse(ok.body).data.emailAddress, 'alice.martin@nordlys-energy.example');
});

test('people search with empty keywords lists everyone', async () => {
  const variables = '(start:0,origin:GLOBAL_SEARCH_HEADER,query:(keywords:))';
  const res = await linkedin(`/voyager/api/graphql?variables=${variables}&queryId=voyagerSearchDashClusters.b0928897b71bd00a5a7291755dcd64f0`, { headers: SESSION });
  assert.equal(res.status, 200);
  const slugs = JSON.parse(res.body).included.map((p) => p.publicIdentifier);
  assert.equal(slugs.length, 8);
  assert.ok(slugs.includes('alice-martin'));
});

test('collector records what it is sent', async () => {
  const body = JSON.stringify({ email: 'alice.martin@nordlys-energy.example' });
  const res = await request('api.collector.test', '/v1/leads?src=ext', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body,
  });
  assert.equal(res.status, 204);
  assert.equal(res.headers['access-control-allow-origin'], '*');
  const list = JSON.parse((await request('api.collector.test', '/__received')).body);
  const hit = list.find((r) => r.path === '/v1/leads');
  assert.equal(hit.method, 'POST');
  assert.deepEqual(hit.query, { src: 'ext' });
  assert.equal(hit.body, body);
  assert.equal(server.collector.received.length, list.length);
});
