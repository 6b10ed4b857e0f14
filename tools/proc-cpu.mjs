// CPU time of the browser's processes, read from Linux's per-thread
// scheduler statistics (/proc/<pid>/task/<tid>/schedstat: nanoseconds on a
// CPU, then nanoseconds waiting for one). A page load's wall time on this
// 2-core machine swings by 10 to 20 % with the machine's own pace; what the
// browser's processes ran during it is the cost itself, and where it ran
// (the browser process, the page's renderer, an extension's worker) says
// who paid it.
//
// The processes read are a root (by default this Node process: the browser
// Playwright started and its children) and all it started; only Chromium's
// are counted. bench-onoff.mjs and bench-pagecpu.mjs read them. Linux only.

import { readdirSync, readFileSync } from 'node:fs';

const read = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null; // The process or thread ended meanwhile.
  }
};

/**
 * The kind of a Chromium process, from its command line (its arguments
 * apart, or in one line: Chromium's child processes rewrite their title).
 */
export function kindOf(cmdline) {
  const type = /(?:^|[\0 ])--type=([^\0 ]+)/.exec(cmdline)?.[1] ?? null;
  if (type === null) return 'browser';
  if (type === 'renderer') return /(?:^|[\0 ])--extension-process(?:[\0 ]|$)/.test(cmdline) ? 'extension' : 'renderer';
  if (type === 'gpu-process') return 'gpu';
  if (type === 'utility') return /--utility-sub-type=network\./.test(cmdline) ? 'network' : 'utility';
  return type;
}

/** `root` and the pids descending from it. */
function withDescendants(root) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = read(`/proc/${name}/stat`);
    if (stat === null) continue;
    // The command name is in parentheses and may hold spaces: the fields after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(fields[1]);
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(Number(name));
  }
  const out = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop();
    out.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** The pid of a browser this Node process started (a Chromium child of it) that is not in `known`, or null. */
export function browserPid(known = []) {
  for (const pid of withDescendants(process.pid)) {
    const stat = read(`/proc/${pid}/stat`);
    if (stat === null || known.includes(pid)) continue;
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === process.pid && /chrom/i.test(stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')))) return pid;
  }
  return null;
}

/**
 * The CPU time (ms) each thread of the browser's processes has run so far,
 * and the time it waited for a CPU: a Map of "pid/tid" to `{ kind, name,
 * run, wait }` (`name`: the thread's, as Linux has it, e.g. CrRendererMain). Only Chromium's processes are read (by their program's name).
 */
export function cpuSnapshot(root = process.pid) {
  const threads = new Map();
  for (const pid of withDescendants(root)) {
    const cmdline = read(`/proc/${pid}/cmdline`);
    if (cmdline === null || !/chrom/i.test(cmdline.split(/[\0 ]/)[0])) continue;
    const kind = kindOf(cmdline);
    let tids;
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      const line = read(`/proc/${pid}/task/${tid}/schedstat`);
      if (line === null) continue;
      const [run, wait] = line.split(' ').map(Number);
      // The thread's name, its digits dropped (pools number their threads);
      // the main thread is named after the program.
      const name = tid === String(pid) ? 'main' : (read(`/proc/${pid}/task/${tid}/comm`) ?? '').trim().replace(/\d+$/, '');
      threads.set(`${pid}/${tid}`, { kind, name, run: run / 1e6, wait: wait / 1e6 });
    }
  }
  return threads;
}

/**
 * What ran between two snapshots, in ms: in all, by kind of process, and
 * by kind and thread name (run only): `{ total: { run, wait }, kinds: {
 * browser: { run, wait }, … }, threads: { 'browser/main': ms, … } }`. A
 * thread that started meanwhile counts from zero (as does one whose id a
 * new thread took); one that ended meanwhile is not counted (its time is
 * gone with it).
 */
export function cpuBetween(before, after) {
  const out = { total: { run: 0, wait: 0 }, kinds: {}, threads: {} };
  for (const [id, { kind, name, run, wait }] of after) {
    const b = before.get(id);
    const sum = (out.kinds[kind] ??= { run: 0, wait: 0 });
    const fresh = b === undefined || run < b.run || wait < b.wait;
    const d = fresh ? { run, wait } : { run: run - b.run, wait: wait - b.wait };
    sum.run += d.run;
    sum.wait += d.wait;
    out.total.run += d.run;
    out.total.wait += d.wait;
    const thread = `${kind}/${name}`;
    out.threads[thread] = (out.threads[thread] ?? 0) + d.run;
  }
  return out;
}
