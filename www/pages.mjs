// Static test pages under /__pages/ on every fixture host: the detection
// probes and the framing attempts of the end-to-end tests. Served from the
// page's own origin (www.linkedin.com for framing attempts that play the
// site), so their scripts have real URLs in stacks.
import { readFile } from 'node:fs/promises';
import { send } from './respond.mjs';

export const PAGES_PREFIX = '/__pages/';
const DIR = new URL('./pages/', import.meta.url);
const TYPES = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', json: 'application/json' };

export async function handlePage(req, res, url) {
  const name = url.pathname.slice(PAGES_PREFIX.length);
  const ext = name.split('.').pop();
  if (!/^[a-z0-9-]+\.(html|js|json)$/.test(name)) {
    send(res, 404, 'text/plain; charset=utf-8', 'Not found\n');
    return;
  }
  try {
    send(res, 200, TYPES[ext], await readFile(new URL(name, DIR)));
  } catch {
    send(res, 404, 'text/plain; charset=utf-8', 'Not found\n');
  }
}
