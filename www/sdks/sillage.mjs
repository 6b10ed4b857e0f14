// Sillage, a session-replay tag as the smaller vendors build theirs: the
// real rrweb recorder (npm `rrweb`) with rrweb's own packer
// (`@rrweb/packer`), which deflates each recorded event and writes its
// bytes as a string (`"x\u009c…"`), bundled into the one script the vendor
// serves from its CDN. The tag batches the packed events and posts them as
// JSON to its ingestion host every three seconds, and when the page is
// hidden.
// The vendor is made up (its hosts are in www/hosts.mjs); the recording and
// its compression are rrweb's, unchanged.
//
//   <script src="https://cdn.sillage-replay.io/v2/sillage.js"></script>
//   <script>sillage.init('site-key', { maskAllInputs: false })</script>
import { bundled } from './bundle.mjs';

export const SILLAGE = {
  cdn: 'cdn.sillage-replay.io',
  api: 'ingest.sillage-replay.io',
  script: '/v2/sillage.js',
};

const TAG = `
import { record } from 'rrweb';
import { pack } from '@rrweb/packer/pack';

const INGEST = 'https://${SILLAGE.api}/v1/batch';
let queue = [];
let key = null;
const session = Math.random().toString(36).slice(2);

function flush(onLeave) {
  if (!queue.length || key === null) return;
  const body = JSON.stringify({ key, session, sentAt: Date.now(), events: queue.splice(0) });
  fetch(INGEST + '?key=' + encodeURIComponent(key), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    keepalive: onLeave,
  }).catch(() => {});
}

window.sillage = {
  init(siteKey, options = {}) {
    key = siteKey;
    record({
      emit(event) {
        queue.push(event);
      },
      packFn: pack,
      maskAllInputs: options.maskAllInputs !== false,
    });
    setInterval(() => flush(false), 3000);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') flush(true);
    });
  },
};
`;

/** The tag, bundled once per server (rrweb and its packer inside). */
export const sillageScript = () => bundled(TAG);
