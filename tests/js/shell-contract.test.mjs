// src/contract.json as the one source of what the core and the shell share:
// what extension/build.mjs makes of it for the background
// (generated/contract.js, shellContract), and content modules that read
// it instead of keeping copies.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { contractModule, shellContract } from '../../extension/build.mjs';
import contract from '../../src/contract.json' with { type: 'json' };
import { ROOT } from './content-source.mjs';

let scratch;
before(() => {
  scratch = mkdtempSync(join(tmpdir(), 'vigie-contract-'));
});
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A repository root holding only `contractJson` and the site models `sites` (file name → JSON). */
function fakeRoot(name, contractJson, sites) {
  const root = join(scratch, name);
  mkdirSync(join(root, 'src', 'sites'), { recursive: true });
  writeFileSync(join(root, 'src', 'contract.json'), JSON.stringify(contractJson));
  for (const [file, model] of Object.entries(sites)) writeFileSync(join(root, 'src', 'sites', file), JSON.stringify(model));
  return root;
}

const MINIMAL = {
  comment: 'top',
  engine: { maxStack: 20 },
  shell: { maxReportText: 2048 },
  hooks: { comment: 'lists', callApis: ['fetch'] },
  readHeaders: { comment: 'any site', any: ['Accept', 'content-type'] },
};

describe('the shell contract', () => {
  test('holds the engine, shell and hooks sections of src/contract.json, without comments', () => {
    const shell = shellContract();
    const { comment: _, ...hooks } = contract.hooks;
    assert.deepEqual(shell.engine, contract.engine);
    assert.deepEqual(shell.shell, contract.shell);
    assert.deepEqual(shell.hooks, hooks);
    assert.deepEqual(shell.fieldKinds, contract.fieldKinds.all);
    assert.deepEqual(Object.keys(shell), ['engine', 'shell', 'hooks', 'fieldKinds', 'readHeaders', 'browserSetHeaders', 'browserSetHeaderPrefixes', 'credentialHeaders', 'profileHosts']);
  });

  test('names the headers the browser sets, which the background never passes on', () => {
    const { browserSetHeaders, browserSetHeaderPrefixes } = shellContract();
    assert.deepEqual(browserSetHeaders, contract.readHeaders.browserSet.map((h) => h.toLowerCase()).sort());
    for (const name of ['cookie', 'user-agent', 'referer', 'origin']) assert.ok(browserSetHeaders.includes(name), name);
    assert.ok(browserSetHeaderPrefixes.includes('sec-'));
    assert.deepEqual(shellContract().credentialHeaders, ['authorization']);
    // No header a site model reads is one the browser sets.
    for (const name of shellContract().readHeaders) {
      assert.ok(!browserSetHeaders.includes(name) && !browserSetHeaderPrefixes.some((p) => name.startsWith(p)), name);
    }
  });

  test('reads the headers every site model names, lower-cased, sorted, each once', () => {
    const root = fakeRoot('headers', MINIMAL, {
      'linkedin.json': { clientHeaders: ['X-Li-Track', 'accept'], readHeaders: ['csrf-token', 'x-li-track'] },
      'other.json': { clientHeaders: ['x-app'] },
      'contact_finders.json': { clientHeaders: ['x-not-a-site'] },
    });
    assert.deepEqual(shellContract(root).readHeaders, ['accept', 'content-type', 'csrf-token', 'x-app', 'x-li-track']);
  });

  test('the real site models add their client headers to those read on every site', () => {
    const { readHeaders } = shellContract();
    const linkedin = JSON.parse(readFileSync(join(ROOT, 'src/sites/linkedin.json'), 'utf8'));
    for (const name of [...contract.readHeaders.any, ...linkedin.clientHeaders, ...(linkedin.readHeaders ?? [])]) {
      assert.ok(readHeaders.includes(name.toLowerCase()), name);
    }
    assert.deepEqual(readHeaders, [...new Set(readHeaders)].sort());
  });

  test('a header list that is not a list of names stops the build', () => {
    const root = fakeRoot('malformed', MINIMAL, { 'site.json': { clientHeaders: 'x-li-track' } });
    assert.throws(() => shellContract(root), /site\.json clientHeaders must be a list of header names/);
    const empty = fakeRoot('empty-name', MINIMAL, { 'site.json': { readHeaders: [''] } });
    assert.throws(() => shellContract(empty), /must be a list of header names/);
  });

  test('the profile sites are the hosts of every site model', () => {
    const root = fakeRoot('hosts', MINIMAL, {
      'linkedin.json': { hosts: ['www.linkedin.com', 'linkedin.com'] },
      'other.json': { hosts: ['people.example'] },
      'contact_finders.json': { hosts: ['not-a-site.example'] },
    });
    assert.deepEqual(shellContract(root).profileHosts, ['linkedin.com', 'people.example', 'www.linkedin.com']);
    const linkedin = JSON.parse(readFileSync(join(ROOT, 'src/sites/linkedin.json'), 'utf8'));
    assert.deepEqual(shellContract().profileHosts, [...linkedin.hosts].sort());
    for (const hosts of ['www.linkedin.com', ['WWW.LinkedIn.com'], [''], ['a b.example']]) {
      assert.throws(() => shellContract(fakeRoot(`bad-hosts-${JSON.stringify(hosts).length}`, MINIMAL, { 'site.json': { hosts } })), /site\.json hosts must be a list of lower-case host names/, JSON.stringify(hosts));
    }
  });

  test('a contract without one of its sections stops the build', () => {
    const { hooks: _, ...withoutHooks } = MINIMAL;
    assert.throws(() => shellContract(fakeRoot('no-hooks', withoutHooks, {})), /no "hooks" section/);
  });

  test('generated/contract.js exports it as CONTRACT, frozen at every level', async () => {
    const file = join(scratch, 'contract.mjs');
    writeFileSync(file, contractModule(shellContract()));
    const { CONTRACT } = await import(pathToFileURL(file).href);
    assert.deepEqual(CONTRACT, shellContract());
    const unfrozen = [];
    const walk = (value, path) => {
      if (value === null || typeof value !== 'object') return;
      if (!Object.isFrozen(value)) unfrozen.push(path);
      for (const [key, inner] of Object.entries(value)) walk(inner, `${path}.${key}`);
    };
    walk(CONTRACT, 'CONTRACT');
    assert.deepEqual(unfrozen, []);
  });

  test('each browser build carries generated/contract.js, when there is a build', async (t) => {
    if (!existsSync(join(ROOT, 'dist/chrome/manifest.json'))) return t.skip('no dist/ build (./build.sh)');
    for (const browser of ['chrome', 'firefox']) {
      const { CONTRACT } = await import(pathToFileURL(join(ROOT, 'dist', browser, 'generated/contract.js')).href);
      assert.deepEqual(Object.keys(CONTRACT), Object.keys(shellContract()), browser);
    }
  });
});

describe('content modules', () => {
  const CONTENT = join(ROOT, 'extension/content');
  const modules = readdirSync(CONTENT, { recursive: true })
    .filter((file) => file.endsWith('.js'))
    .map((file) => ({ file, code: codeLines(readFileSync(join(CONTENT, file), 'utf8')) }));

  /** The lines of `source` that are not comments (enough for a search of literals). */
  function codeLines(source) {
    return source
      .split('\n')
      .filter((line) => !/^\s*(?:\/\/|\/\*|\*)/.test(line))
      .map((line) => line.replace(/\s\/\/ .*$/, ''))
      .join('\n');
  }

  const contractNumbers = new Set(
    [...Object.values(contract.engine), ...Object.values(contract.shell)].filter((v) => typeof v === 'number'),
  );
  // Content-script constants that happen to equal a contract value but are
  // not one: each says what it is instead.
  const LOCAL = {
    CALL_BURST: 'main-world calls reported in a burst before the budget refills',
    MAX_REPLACEMENT_REPORTS: 'main-world budget of replaced-native reports',
    STACK_TRACE_LIMIT: 'frames V8 records while Vigie reads a stack',
    CONTACT_DEBOUNCE_MS: 'quiet time before a contact scan',
    CONTACT_MAX_WAIT_MS: 'longest wait for a contact scan on a page that keeps changing',
    MAX_READS: 'main-world budget of Blob bodies read per page',
    MAX_MESSAGES: 'main-world budget of WebSocket messages read per page',
    SMALL_TREE: 'elements under which an added subtree is walked for shadow hosts rather than searched by selectors',
  };

  test('exist, in the two folders the build bundles and the one both import', () => {
    assert.ok(modules.some((m) => m.file.startsWith('main-world/')));
    assert.ok(modules.some((m) => m.file.startsWith('observer/')));
    assert.deepEqual(modules.filter((m) => !/^(?:main-world|observer|shared)\//.test(m.file)), []);
  });

  test('hold no numeric constant that copies a value of src/contract.json', () => {
    const copies = [];
    for (const { file, code } of modules) {
      for (const [, name, value] of code.matchAll(/\bconst\s+([A-Z][A-Z0-9_]*)\s*=\s*([0-9][0-9_]*)\s*;/g)) {
        const number = Number(value.replaceAll('_', ''));
        if (contractNumbers.has(number) && !Object.hasOwn(LOCAL, name)) copies.push(`${file}: ${name} = ${value}`);
      }
    }
    assert.deepEqual(copies, []);
  });

  test('write none of the contract’s text caps as a literal', () => {
    const caps = [contract.shell.maxReportText, contract.shell.maxContactLength, contract.shell.maxDialogText, contract.shell.maxUrlBytes];
    const found = [];
    for (const { file, code } of modules) {
      for (const cap of caps) if (new RegExp(`\\b${cap}\\b`).test(code)) found.push(`${file}: ${cap}`);
    }
    assert.deepEqual(found, []);
  });

  test('copy none of the hooked api lists', () => {
    const lists = [contract.hooks.callApis, contract.hooks.replaceableApis, contract.hooks.replacedWhen];
    const found = [];
    for (const { file, code } of modules) {
      const flat = code.replace(/\s+/g, ' ').replaceAll('"', "'");
      for (const list of lists) if (flat.includes(list.map((item) => `'${item}'`).join(', '))) found.push(`${file}: ${list}`);
    }
    assert.deepEqual(found, []);
  });
});
