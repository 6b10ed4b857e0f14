// Builds dist/chrome and dist/firefox (and their zips) from this folder and
// the wasm-bindgen output. One manifest template; the `chrome` and `firefox`
// keys hold what differs and are merged into the common part.
//
// The content scripts are ES modules (content/main-world/, content/observer/)
// bundled by esbuild into the one classic script each that the manifest
// loads (content/main-world.js, content/observer.js): content scripts cannot
// be modules, and the main-world one must add nothing to the page's global
// object. src/contract.json, the numbers and lists the core and the shell
// share, is inlined into the bundles and written out for the background as
// generated/contract.js.
//
// The compiled organization and IP-country tables (tools/build-destinations.mjs)
// are shipped as data/, read by the background when the engine starts.
//
//   node extension/build.mjs --wasm <dir with vigie.js + vigie_bg.wasm> --data <dir with the tables> --out dist --version 0.1.0
//                            [--letters <dir with vigie_letters.js + vigie_letters_bg.wasm>; target/wasm-letters by default]
//                            [--matcher <dir with vigie_matcher.js + vigie_matcher_bg.wasm>; target/wasm-matcher by default]
//   node extension/build.mjs --contract-module <file>   # only generated/contract.js, e.g. for node tests

import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(here, '..');
const BROWSERS = ['chrome', 'firefox'];
// Copied as they are; everything else in extension/ is build input or docs.
const SHIPPED = ['background', 'popup', 'options', '_locales', 'icons'];
// Each is bundled from content/<name>/index.js into content/<name>.js; the
// module folders themselves are not shipped.
export const CONTENT_SCRIPTS = ['main-world', 'observer'];
// Site models that are not sites: the list of known contact-finder extensions.
const NOT_SITE_MODELS = ['contact_finders.json'];
// The tables of tools/build-destinations.mjs, shipped under data/.
export const DATA_FILES = ['organizations.txt', 'ip-country.bin'];
// The rights page's own wasm (extension/letters/), shipped under wasm/ beside the core's.
const LETTER_FILES = ['vigie_letters.js', 'vigie_letters_bg.wasm'];
// The options page's own wasm (extension/matcher/), likewise.
const MATCHER_FILES = ['vigie_matcher.js', 'vigie_matcher_bg.wasm'];
// The Public Suffix List, read by the background and given to the core
// (extension/background/core.js): the native core and the audit page compile
// it in, the extension's wasm does not.
const PUBLIC_SUFFIX_LIST = join(ROOT, 'src', 'observe', 'public_suffix_list.dat');

function arg(name) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || !process.argv[i + 1]) throw new Error(`missing --${name}`);
  return process.argv[i + 1];
}

const hasArg = (name) => process.argv.includes(`--${name}`);

export function manifestFor(template, browser, version) {
  const common = structuredClone(template);
  for (const b of BROWSERS) delete common[b];
  const manifest = { ...common, ...structuredClone(template[browser]), version };
  if (browser === 'chrome') {
    // Chromium's equivalent of Firefox's match_about_blank that also covers
    // data:, blob: and srcdoc frames.
    for (const cs of manifest.content_scripts) cs.match_origin_as_fallback = true;
  }
  return manifest;
}

/** esbuild targets for the oldest browsers the manifest accepts ("chrome121", "firefox140"). */
export function bundleTargets(template) {
  const chrome = template.chrome?.minimum_chrome_version;
  const firefox = template.firefox?.browser_specific_settings?.gecko?.strict_min_version;
  if (!chrome || !firefox) throw new Error('manifest.template.json names no minimum Chrome or Firefox version');
  return [`chrome${chrome.split('.')[0]}`, `firefox${firefox.split('.')[0]}`];
}

/**
 * The classic script for content/<name>/index.js and its imports: one IIFE
 * whose top level runs synchronously, in import order, and declares
 * nothing global. Not minified, so that reviewers can read what ships;
 * esbuild drops comments, hence the pointer to the sources.
 */
export async function bundleContentScript(name, { template = readTemplate() } = {}) {
  const result = await esbuild({
    entryPoints: [join(here, 'content', name, 'index.js')],
    bundle: true,
    format: 'iife',
    target: bundleTargets(template),
    charset: 'utf8',
    write: false,
    logLevel: 'warning',
    plugins: [coreJsonWithoutComments, profileHostsModule],
    banner: {
      js: `// Vigie's ${name} content script, bundled by extension/build.mjs from the ES modules\n` +
        `// in extension/content/${name}/ and src/contract.json; the comments are in those sources.`,
    },
  });
  return result.outputFiles[0].text;
}

/**
 * The core's JSON files (src/contract.json, the site models) as the content
 * scripts need them: without their `comment` members, which every page
 * would otherwise parse at load.
 */
const coreJsonWithoutComments = {
  name: 'core-json-without-comments',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/].*\.json$/ }, ({ path }) => ({
      contents: JSON.stringify(withoutComments(readJson(path))),
      loader: 'json',
    }));
  },
};

/**
 * `vigie:profile-hosts`: the site models' hosts (shellContract's
 * `profileHosts`), for the observer to tell a modelled profile site without
 * asking the background (content/observer/page-config.js).
 */
const profileHostsModule = {
  name: 'profile-hosts',
  setup(build) {
    build.onResolve({ filter: /^vigie:profile-hosts$/ }, ({ path }) => ({ path, namespace: 'vigie' }));
    build.onLoad({ filter: /.*/, namespace: 'vigie' }, () => ({
      contents: `export const profileHosts = Object.freeze(${JSON.stringify(shellContract().profileHosts)});`,
      loader: 'js',
    }));
  },
};

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: ${error.message}`);
  }
}

function readTemplate() {
  return readJson(join(here, 'manifest.template.json'));
}

/** A copy of `value` without its `comment` keys (documentation, not contract). */
function withoutComments(value) {
  if (Array.isArray(value)) return value.map(withoutComments);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'comment').map(([key, v]) => [key, withoutComments(v)]));
}

function headerList(value, where) {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((name) => typeof name === 'string' && name.trim() !== '')) {
    throw new Error(`${where} must be a list of header names`);
  }
  return value.map((name) => name.trim().toLowerCase());
}

/** A site model's host names, exactly as the core compares them (lower-case ASCII). */
function hostList(value, where) {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((host) => typeof host === 'string' && /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(host))) {
    throw new Error(`${where} must be a list of lower-case host names`);
  }
  return value;
}

/**
 * What the shell needs of src/contract.json under `root`: its `engine`,
 * `shell` and `hooks` sections, and `readHeaders`, the request headers the
 * background passes to the core first: contract.json's `readHeaders.any`
 * and every site model's `clientHeaders` and `readHeaders`
 * (src/sites/*.json), lower-cased, sorted, each once;
 * `browserSetHeaders` and `browserSetHeaderPrefixes`, the headers the
 * browser sets, and `credentialHeaders`, which it never passes (every other
 * one it does); and
 * `profileHosts`, every site model's
 * `hosts`: the pages where the observer also watches gestures and contact
 * data, known without waiting for the core (a waking worker answers the
 * observer's question before its engine is back).
 */
export function shellContract(root = ROOT) {
  const path = join(root, 'src', 'contract.json');
  const contract = readJson(path);
  for (const section of ['engine', 'shell', 'hooks']) {
    if (contract[section] === null || typeof contract[section] !== 'object') throw new Error(`${path} has no "${section}" section`);
  }
  const headers = new Set(headerList(contract.readHeaders?.any, `${path} readHeaders.any`));
  const profileHosts = new Set();
  const sites = join(root, 'src', 'sites');
  for (const file of readdirSync(sites).filter((f) => f.endsWith('.json') && !NOT_SITE_MODELS.includes(f)).sort()) {
    const site = readJson(join(sites, file));
    for (const key of ['clientHeaders', 'readHeaders']) {
      for (const name of headerList(site[key], `src/sites/${file} ${key}`)) headers.add(name);
    }
    for (const host of hostList(site.hosts, `src/sites/${file} hosts`)) profileHosts.add(host);
  }
  return {
    engine: withoutComments(contract.engine),
    shell: withoutComments(contract.shell),
    hooks: withoutComments(contract.hooks),
    fieldKinds: [...(contract.fieldKinds?.all ?? [])],
    readHeaders: [...headers].sort(),
    browserSetHeaders: headerList(contract.readHeaders?.browserSet, `${path} readHeaders.browserSet`).sort(),
    browserSetHeaderPrefixes: headerList(contract.readHeaders?.browserSetPrefixes, `${path} readHeaders.browserSetPrefixes`).sort(),
    credentialHeaders: headerList(contract.readHeaders?.credentials, `${path} readHeaders.credentials`).sort(),
    profileHosts: [...profileHosts].sort(),
  };
}

/** `value` as a JavaScript expression, frozen at every level. */
function frozenLiteral(value, indent = '') {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    return `Object.freeze([${value.map((v) => frozenLiteral(v, inner)).join(', ')}])`;
  }
  if (value !== null && typeof value === 'object') {
    const name = (key) => (/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key));
    const fields = Object.entries(value).map(([key, v]) => `${inner}${name(key)}: ${frozenLiteral(v, inner)},`);
    return `Object.freeze({\n${fields.join('\n')}\n${indent}})`;
  }
  return JSON.stringify(value);
}

/** The text of generated/contract.js for `contract` (as shellContract gives it). */
export function contractModule(contract) {
  return (
    '// Generated by extension/build.mjs from src/contract.json and src/sites/*.json: edit those, not this.\n' +
    `export const CONTRACT = ${frozenLiteral(contract)};\n`
  );
}

/**
 * The text of generated/test-hooks.js: `null` in every release build; a
 * test build (`--test-server-addresses <file.json>`, `{host: address}`)
 * makes the background report those addresses for those hosts, so that
 * fixture sites served on 127.0.0.1 can stand for servers abroad.
 */
export function testHooksModule(serverAddresses = null) {
  return (
    '// Generated by extension/build.mjs: test hooks, null in release builds.\n' +
    `export const SERVER_ADDRESS_OVERRIDES = ${serverAddresses ? frozenLiteral(serverAddresses) : 'null'};\n`
  );
}

function writeContractModule(path, contract) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, contractModule(contract));
}

/**
 * The name a bundle's frames have in stacks, per browser: in Chromium a
 * world-MAIN script's frames would otherwise show Vigie's extension URL
 * (and its id) to any page that reads a stack while a wrapper runs; with
 * this name they look like any unnamed script's.
 */
export const STACK_NAMES = { chrome: { 'main-world': '<anonymous>' } };

async function build() {
  const wasmDir = resolve(arg('wasm'));
  const dataDir = resolve(arg('data'));
  const lettersDir = hasArg('letters') ? resolve(arg('letters')) : join(ROOT, 'target', 'wasm-letters');
  const matcherDir = hasArg('matcher') ? resolve(arg('matcher')) : join(ROOT, 'target', 'wasm-matcher');
  const serverAddresses = hasArg('test-server-addresses') ? readJson(resolve(arg('test-server-addresses'))) : null;
  const out = resolve(arg('out'));
  const version = arg('version');
  const template = readTemplate();
  for (const file of ['vigie.js', 'vigie_bg.wasm']) {
    if (!existsSync(join(wasmDir, file))) throw new Error(`${file} not found in ${wasmDir}`);
  }
  for (const file of LETTER_FILES) {
    if (!existsSync(join(lettersDir, file))) throw new Error(`${file} not found in ${lettersDir}: run ./build.sh build`);
  }
  for (const file of MATCHER_FILES) {
    if (!existsSync(join(matcherDir, file))) throw new Error(`${file} not found in ${matcherDir}: run ./build.sh build`);
  }
  for (const file of DATA_FILES) {
    if (!existsSync(join(dataDir, file))) throw new Error(`${file} not found in ${dataDir}: run node tools/build-destinations.mjs`);
  }
  const contract = shellContract();
  const bundles = {};
  for (const name of CONTENT_SCRIPTS) bundles[name] = await bundleContentScript(name, { template });
  for (const browser of BROWSERS) {
    const dir = join(out, browser);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, 'wasm'), { recursive: true });
    for (const entry of SHIPPED) cpSync(join(here, entry), join(dir, entry), { recursive: true });
    mkdirSync(join(dir, 'content'));
    for (const name of CONTENT_SCRIPTS) {
      const stackName = STACK_NAMES[browser]?.[name];
      writeFileSync(join(dir, 'content', `${name}.js`), bundles[name] + (stackName ? `//# sourceURL=${stackName}\n` : ''));
    }
    writeContractModule(join(dir, 'generated', 'contract.js'), contract);
    writeFileSync(join(dir, 'generated', 'test-hooks.js'), testHooksModule(serverAddresses));
    for (const file of ['vigie.js', 'vigie_bg.wasm']) cpSync(join(wasmDir, file), join(dir, 'wasm', file));
    for (const file of LETTER_FILES) cpSync(join(lettersDir, file), join(dir, 'wasm', file));
    for (const file of MATCHER_FILES) cpSync(join(matcherDir, file), join(dir, 'wasm', file));
    mkdirSync(join(dir, 'data'));
    for (const file of DATA_FILES) cpSync(join(dataDir, file), join(dir, 'data', file));
    cpSync(PUBLIC_SUFFIX_LIST, join(dir, 'data', 'public_suffix_list.dat'));
    const manifest = manifestFor(template, browser, version);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    const zip = join(out, `vigie-${version}-${browser}.zip`);
    rmSync(zip, { force: true });
    execFileSync('zip', ['-q', '-r', '-X', zip, '.'], { cwd: dir, stdio: 'inherit' });
    console.log(`  ${browser}: ${dir} (${zip.slice(out.length + 1)})`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (hasArg('contract-module')) writeContractModule(resolve(arg('contract-module')), shellContract());
  else await build();
}
