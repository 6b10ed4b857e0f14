// Loads content-script modules into a realm of their own, for unit tests.
//
// Most tests import the modules under extension/content/ directly. A test
// that plays a page tampering with its built-ins needs the module in a
// fresh realm, so that it can replace String.prototype.slice or
// Reflect.apply there without breaking node: the module and its imports are
// bundled by esbuild, as extension/build.mjs bundles the shipped scripts,
// and evaluated in a node:vm context.
import { buildSync } from 'esbuild';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EXPORTS = '__vigieModuleUnderTest';

/**
 * The exports of `path` (relative to the repository) evaluated in
 * `context`, a node:vm context the test can tamper with afterwards.
 */
export function moduleInRealm(path, { context = vm.createContext({}) } = {}) {
  const { outputFiles } = buildSync({
    entryPoints: [`${ROOT}${path}`],
    bundle: true,
    format: 'iife',
    globalName: EXPORTS,
    write: false,
    logLevel: 'warning',
  });
  return vm.runInContext(`${outputFiles[0].text}\n${EXPORTS}`, context, { filename: path });
}

/** A value from a content module as plain data of this realm (deepEqual compares prototypes). */
export const plain = (value) => JSON.parse(JSON.stringify(value));
