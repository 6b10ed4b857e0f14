// The comparison both probe tests make (tests/e2e/probes.test.mjs in
// Chromium, tests/e2e/firefox/probes.test.mjs): every probe of
// www/pages/probes.js ran without Vigie and with it; no output may differ
// or reveal Vigie but those listed in `knownTells` (name → why), which are
// reported, not run as failing `todo` subtests.
import assert from 'node:assert/strict';

/** `off`, `on`: `{ results, count }`; `reveals(output)`: whether an output names Vigie. */
export function assertNoProbeTells(off, on, reveals, knownTells) {
  assert.ok(off.count >= 45, `${off.count} probes`);
  assert.equal(Object.keys(off.results).length, off.count, 'every probe ran without Vigie');
  assert.equal(Object.keys(on.results).length, on.count, 'every probe ran with Vigie');

  const revealing = Object.entries(on.results).filter(([, output]) => reveals(output));
  const differing = Object.keys(off.results).filter((name) => off.results[name] !== on.results[name]);
  console.log(`# ${off.count} probes: ${differing.length} differ with Vigie, ${revealing.length} reveal it`);
  for (const name of differing) {
    console.log(`# differs: ${name}\n#   without: ${JSON.stringify(off.results[name])}\n#   with:    ${JSON.stringify(on.results[name])}`);
  }
  const known = (name) => Object.hasOwn(knownTells, name);
  assert.deepEqual(revealing.map(([name]) => name).filter((name) => !known(name)), [], 'probes whose output names Vigie');
  assert.deepEqual(differing.filter((name) => !known(name)), [], 'probes whose output differs with Vigie');
  for (const [name, why] of Object.entries(knownTells)) {
    assert.ok(Object.hasOwn(off.results, name), `the probe “${name}” exists`);
    const still = on.results[name] !== off.results[name];
    console.log(`# known tell, ${still ? 'still differs' : 'no longer differs'}: ${name} (${why})`);
  }
}
