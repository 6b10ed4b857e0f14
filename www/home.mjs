// Every host that is not a fixture site gets the demo home page, so opening
// https://127.0.0.1:PORT/ or https://localhost:PORT/ explains what is running.
import { readFile } from 'node:fs/promises';
import { send } from './respond.mjs';

const INDEX = new URL('./index.html', import.meta.url);

export async function handleHome(req, res, url) {
  if (url.pathname !== '/' && url.pathname !== '/index.html') {
    send(res, 404, 'text/plain; charset=utf-8', 'Not found\n');
    return;
  }
  send(res, 200, 'text/html; charset=utf-8', await readFile(INDEX));
}
