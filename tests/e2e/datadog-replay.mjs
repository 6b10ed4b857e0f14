// Datadog's session replay as its intake reads it, for the Chromium and
// Firefox tests alike: each request a multipart form whose `segment` part
// is a deflated (zlib) segment of recorded events.
import { inflateSync } from 'node:zlib';

/** The text of the replay segments in `requests` (the fixture server's records). */
export const datadogSegments = (requests) =>
  requests.flatMap((r) => {
    const boundary = /boundary=(.+)$/.exec(r.headers['content-type'] ?? '')?.[1];
    if (!boundary) return [];
    return r.body.toString('latin1').split(`--${boundary}`).flatMap((part) => {
      const at = part.indexOf('\r\n\r\n');
      if (at < 0 || !/name="segment"/.test(part.slice(0, at))) return [];
      try {
        return [inflateSync(Buffer.from(part.slice(at + 4, -2), 'latin1')).toString('utf8')];
      } catch {
        return [];
      }
    });
  });
