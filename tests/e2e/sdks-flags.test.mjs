// Real feature-flag SDKs, as published on npm, that send the person to be
// evaluated with no body at all: Amplitude Experiment's user as base64url
// JSON in a header of its own (`X-Amp-Exp-User`), LaunchDarkly's context as
// base64url JSON in its URL's path, on a signed-in customer's page. On the
// garden shop's pages (www/sdks/, tests/e2e/sdk-site.mjs), in Chromium with
// Vigie; each beside a variant that only ever sends the anonymous visitor:
// nothing. What each vendor's host received is decoded here too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually } from './harness.mjs';
import { PERSON, SETTLED_MS, browser, leakFinding, leaksTo, server, signUp, signupPage, sleep, useSdkSite } from './sdk-site.mjs';

useSdkSite();

const fromBase64Url = (text) => JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));

const EXPERIMENT_HOST = 'api.lab.amplitude.com';
/** The users Amplitude Experiment asked variants for, read from their header. */
const experimentUsers = () =>
  server.sdks.to(EXPERIMENT_HOST, '/sdk/v2/vardata').map((r) => {
    assert.equal(r.method, 'GET');
    return fromBase64Url(r.headers['x-amp-exp-user']);
  });

test("Amplitude Experiment: the signed-up user, base64 in a header of its own, is a leak; the visitor's device alone: none", async () => {
  const anonymous = await signUp('experiment-anonymous');
  await eventually(() => experimentUsers().length > 0, { what: "Amplitude Experiment's variants request", timeout: 20000 });
  // Closed first: what the page sends as it goes is judged too.
  await anonymous.close();
  await sleep(SETTLED_MS);
  assert.ok(experimentUsers().every((u) => u.device_id === 'visiteur-7f3a9c' && u.user_id === undefined), JSON.stringify(experimentUsers()));
  assert.deepEqual(await leaksTo(EXPERIMENT_HOST), []);

  const page = await signUp('experiment');
  const finding = await leakFinding('leakToThirdParty', EXPERIMENT_HOST, 'a leak to Amplitude Experiment');
  assert.ok(experimentUsers().some((u) => u.user_id === PERSON.email), 'the variants request carries the signed-up user');
  // Neither its address nor a body carried it: the header alone.
  assert.ok(server.sdks.to(EXPERIMENT_HOST).every((r) => !r.query.includes('example.net') && r.body.length === 0));
  assert.ok(finding.evidence.encodings.includes('base64'), JSON.stringify(finding.evidence));
  assert.ok(finding.subjects.includes('l***@example.net'), JSON.stringify(finding.subjects));
  await page.close();
});

const LAUNCHDARKLY_HOST = 'app.launchdarkly.com';
/** The contexts LaunchDarkly asked flags for, read from the path of each request. */
const launchdarklyContexts = () =>
  server.sdks.to(LAUNCHDARKLY_HOST, '/sdk/evalx/').map((r) => {
    const match = /\/contexts\/([\w-]+)$/.exec(r.path);
    assert.ok(match, r.path);
    return fromBase64Url(match[1]);
  });

test("LaunchDarkly on a signed-in customer's page: the address in its flags request's path means nothing until the person watches it, then it is a leak; a visitor's page: none", async () => {
  const visitor = await signupPage('launchdarkly-anonymous');
  await eventually(() => launchdarklyContexts().length > 0, { what: "LaunchDarkly's flags request", timeout: 20000 });
  await sleep(SETTLED_MS);
  await visitor.close();
  assert.deepEqual(launchdarklyContexts().map((c) => c.key), ['visiteur-7f3a9c']);
  assert.deepEqual(await leaksTo(LAUNCHDARKLY_HOST), []);

  server.sdks.clear();
  let page = await signupPage('launchdarkly');
  await eventually(() => launchdarklyContexts().some((c) => c.email === PERSON.email), { what: "the customer's flags request", timeout: 20000 });
  await sleep(SETTLED_MS);
  await page.close();
  assert.deepEqual(await leaksTo(LAUNCHDARKLY_HOST), [], 'nothing typed, nothing watched: the address means nothing to Vigie');

  const options = await browser.context.newPage();
  await options.goto(`chrome-extension://${browser.extensionId}/options/options.html`);
  await options.fill('#value', PERSON.email);
  await options.click('#add button[type=submit]');
  await options.locator('[data-testid=watched-entry]').waitFor();
  await options.close();

  server.sdks.clear();
  page = await signupPage('launchdarkly');
  const finding = await leakFinding('leakToThirdParty', LAUNCHDARKLY_HOST, 'a leak of the watched address to LaunchDarkly');
  assert.ok(server.sdks.to(LAUNCHDARKLY_HOST).every((r) => r.body.length === 0 && !r.query.includes('example.net')), 'the path alone carried it');
  assert.ok(finding.evidence.encodings.includes('base64'), JSON.stringify(finding.evidence));
  assert.equal(finding.evidence.dataKinds[0], 'email');
  await page.close();
});
