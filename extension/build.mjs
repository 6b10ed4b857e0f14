// Builds dist/chrome and dist/firefox (and their zips) from this folder and
// the wasm-bindgen output. One manifest template; the `chrome` and `firefox`
// keys hold what differs and are merged into the common part.
//
//   node extension/build.mjs --wasm <dir with vigie.js + vigie_bg.wasm> --out dist --version 0.1.0

import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const BROWSERS = ['chrome', 'firefox'];
// Copied as they are; everything else in extension/ is build input or docs.
const SHIPPED = ['background', 'content', 'popup', '_locales', 'icons'];

function arg(name) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || !process.argv[i + 1]) throw new Error(`missing --${name}`);
  return process.argv[i + 1];
}

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

function build() {
  const wasmDir = resolve(arg('wasm'));
  const out = resolve(arg('out'));
  const version = arg('version');
  const template = JSON.parse(readFileSync(join(here, 'manifest.template.json'), 'utf8'));
  for (const file of ['vigie.js', 'vigie_bg.wasm']) {
    if (!existsSync(join(wasmDir, file))) throw new Error(`${file} not found in ${wasmDir}`);
  }
  for (const browser of BROWSERS) {
    const dir = join(out, browser);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, 'wasm'), { recursive: true });
    for (const entry of SHIPPED) cpSync(join(here, entry), join(dir, entry), { recursive: true });
    for (const file of ['vigie.js', 'vigie_bg.wasm']) cpSync(join(wasmDir, file), join(dir, 'wasm', file));
    const manifest = manifestFor(template, browser, version);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    const zip = join(out, `vigie-${version}-${browser}.zip`);
    rmSync(zip, { force: true });
    execFileSync('zip', ['-q', '-r', '-X', zip, '.'], { cwd: dir, stdio: 'inherit' });
    console.log(`  ${browser}: ${dir} (${zip.slice(out.length + 1)})`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) build();
