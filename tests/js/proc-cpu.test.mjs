// tools/proc-cpu.mjs, which bench-onoff.mjs uses to say which of the
// browser's processes ran how long during a load: Chromium's processes
// told apart by their command lines, as Linux gives them (arguments apart,
// or one rewritten title); differences taken thread by thread, so that a
// renderer that ended between two snapshots does not take its time off the
// others' and one that started counts from zero; and a real snapshot that
// reads this machine's threads.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, test } from 'node:test';
import { cpuBetween, cpuSnapshot, kindOf } from '../../tools/proc-cpu.mjs';

describe('proc-cpu', () => {
  test("Chromium's processes are told apart by their command lines, in either form", () => {
    const cases = [
      ['/usr/lib/chromium/chromium\0--headless=new\0--user-data-dir=/tmp/p\0about:blank', 'browser'],
      ['/usr/lib/chromium/chromium --type=renderer --extension-process --lang=en-US', 'extension'],
      ['/usr/lib/chromium/chromium\0--type=renderer\0--extension-process\0--lang=en-US', 'extension'],
      ['/usr/lib/chromium/chromium --type=renderer --lang=en-US --renderer-client-id=7', 'renderer'],
      // A flag that only starts like the extension process's is not it.
      ['/usr/lib/chromium/chromium --type=renderer --extension-process-foo', 'renderer'],
      ['/usr/lib/chromium/chromium --type=gpu-process --gpu-preferences=AAA', 'gpu'],
      ['/usr/lib/chromium/chromium --type=utility --utility-sub-type=network.mojom.NetworkService', 'network'],
      ['/usr/lib/chromium/chromium --type=utility --utility-sub-type=storage.mojom.StorageService', 'utility'],
      ['/usr/lib/chromium/chromium --type=zygote --no-zygote-sandbox', 'zygote'],
    ];
    for (const [cmdline, kind] of cases) assert.equal(kindOf(cmdline), kind, cmdline);
  });

  test('differences are taken thread by thread: a new thread counts from zero, an ended one takes nothing off', () => {
    const before = new Map([
      ['10/10', { kind: 'browser', name: 'main', run: 100, wait: 10 }],
      ['20/20', { kind: 'renderer', name: 'main', run: 500, wait: 50 }],
      ['30/30', { kind: 'renderer', name: 'main', run: 40, wait: 4 }],
    ]);
    const after = new Map([
      ['10/10', { kind: 'browser', name: 'main', run: 112.5, wait: 11 }],
      // 20/20 ended: a renderer left behind.
      ['30/30', { kind: 'renderer', name: 'main', run: 47, wait: 6 }],
      ['30/31', { kind: 'renderer', name: 'Compositor', run: 3, wait: 1 }],
      ['40/40', { kind: 'renderer', name: 'main', run: 20, wait: 2 }],
    ]);
    const d = cpuBetween(before, after);
    assert.deepEqual(d.kinds.browser, { run: 12.5, wait: 1 });
    assert.deepEqual(d.kinds.renderer, { run: 30, wait: 5 });
    assert.deepEqual(d.total, { run: 42.5, wait: 6 });
    assert.deepEqual(d.threads, { 'browser/main': 12.5, 'renderer/main': 27, 'renderer/Compositor': 3 });
  });

  test('a snapshot reads the threads of the Chromium processes below this one, and only those', { skip: !existsSync('/proc/self/task') && 'no /proc' }, async () => {
    assert.equal(cpuSnapshot().size, 0, 'no browser runs below the test yet');
    // A busy child process named like Chromium's: its threads are read, and its time grows.
    const child = spawn(process.execPath, ['-e', 'process.title = "chromium-test"; const t = Date.now(); while (Date.now() - t < 1500);'], {
      argv0: 'chromium-test',
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const first = cpuSnapshot();
      await new Promise((resolve) => setTimeout(resolve, 300));
      const second = cpuSnapshot();
      const ids = [...second.keys()];
      assert.ok(ids.length > 0 && ids.every((id) => id.startsWith(`${child.pid}/`)), ids.join(' '));
      assert.ok(ids.some((id) => id === `${child.pid}/${child.pid}` && second.get(id).name === 'main'));
      assert.ok(cpuBetween(first, second).kinds.browser.run > 100, 'a busy loop ran most of 300 ms');
    } finally {
      child.kill();
    }
  });
});
