// Loads the pure part of a content script for unit tests.
//
// Content scripts are classic scripts (no ES modules, no bundler), and the
// main-world one must not put anything on the page's global object. So each
// keeps its pure helpers between two markers,
//   /* @vigie-pure-begin … */  …  /* @vigie-pure-end */
// and the tests evaluate exactly that shipped text in a fresh node:vm
// context, then take the named functions out of it. Nothing is copied, and
// the extension carries no test hook.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const BEGIN = '/* @vigie-pure-begin';
const END = '/* @vigie-pure-end */';

/**
 * The named functions of `path`'s pure section. `context` (a vm context) can
 * be passed to tamper with its built-ins afterwards, as a page would.
 */
export function pureSection(path, names, { context = vm.createContext({}) } = {}) {
  const source = readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
  const begin = source.indexOf(BEGIN);
  const end = source.indexOf(END);
  assert.ok(begin >= 0 && end > begin, `${path} has one pure section`);
  assert.equal(source.indexOf(BEGIN, begin + 1), -1, `${path} has a single begin marker`);
  const body = source.slice(begin, end);
  const exported = `\n;({ ${names.join(', ')} })`;
  return vm.runInContext(`'use strict';\n${body}${exported}`, context, { filename: path });
}

/** A value from the vm context as plain data of this realm (deepEqual compares prototypes). */
export const plain = (value) => JSON.parse(JSON.stringify(value));
