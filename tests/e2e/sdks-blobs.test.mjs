// A real SDK whose every batch is a body Chromium keeps from extensions:
// Elastic's RUM agent (@elastic/apm-rum, from npm) gzips its NDJSON with
// CompressionStream into a Blob and posts it by `fetch`, through its own
// wrapper of `fetch`, which makes a Request of every call. Vigie's page
// hooks clone that Request as it is made and read the clone when it is
// fetched; the background gives those bytes to the request
// (content/main-world/sent-blobs.js, background/network.js
// `claimSentBody`). On the garden shop's pages (www/sdks/,
// tests/e2e/sdk-site.mjs), in Chromium with Vigie: a signed-in customer's
// page sets the customer as the agent's user; once the person watches
// their address, that is a leak, said to rest on a body read in the page.
// A visitor's page: nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ELASTIC_APM } from '../../www/sdks/site.mjs';
import { eventually } from './harness.mjs';
import { PERSON, SETTLED_MS, bodyText, leakFinding, leaksTo, server, signupPage, sleep, useSdkSite, watchInOptions } from './sdk-site.mjs';

useSdkSite();

/** The batches Elastic's APM server received, gzip undone. */
const batches = () =>
  server.sdks.to(ELASTIC_APM, '/intake/v2/rum/events').map((r) => {
    assert.equal(r.headers['content-encoding'], 'gzip');
    return bodyText(r);
  });

test("Elastic's RUM agent: its gzipped Blob batches are read in the page; the customer it reports is a leak once watched, said to rest on that read; a visitor's page: none", async () => {
  const visitor = await signupPage('elastic-anonymous');
  await eventually(() => batches().some((b) => b.includes('"page-load"')), { what: "the visitor's page-load batch", timeout: 20000 });
  await sleep(SETTLED_MS);
  await visitor.close();
  assert.ok(batches().every((b) => !b.includes(PERSON.email)));
  assert.deepEqual(await leaksTo(ELASTIC_APM), []);

  await watchInOptions(PERSON.email);

  server.sdks.clear();
  const page = await signupPage('elastic');
  const finding = await leakFinding('leakToThirdParty', ELASTIC_APM, "a leak of the watched address to Elastic's APM server");
  assert.ok(batches().some((b) => b.includes(`"email":"${PERSON.email}"`)), 'the batch carries the customer');
  // Neither the address nor a header carried it: the gzipped Blob alone.
  assert.ok(server.sdks.to(ELASTIC_APM).every((r) => !r.query.includes('example.net')));
  assert.ok(finding.evidence.encodings.includes('gzip'), JSON.stringify(finding.evidence));
  assert.equal(finding.evidence.dataKinds[0], 'email');
  // Chromium gave the body to no extension: it was read in the page, and said so.
  assert.ok(finding.evidence.notes.includes('bodyReadInPage'), JSON.stringify(finding.evidence));
  assert.equal(finding.confidence, 'likely');
  await page.close();
});
