// CleverTap's Web SDK as its servers read it, for the Chromium and Firefox
// tests alike: each request's `d` parameter is lz-string in base64 (the
// SDK's own copy of an early lz-string); with its encryption in transit on,
// that text is an envelope whose `itp` is AES-GCM ciphertext (tag last) of
// the same lz-string, its key in `itk` and its IV in `itv`.
import { createDecipheriv } from 'node:crypto';
import LZString from 'lz-string';

/** The text of each request's `d` parameter in `requests` (the fixture server's records). */
export const clevertapTexts = (requests) =>
  requests.flatMap((r) => {
    const d = new URLSearchParams(r.query).get('d');
    const text = d ? LZString.decompressFromBase64(d) : null;
    return text ? [text] : [];
  });

/** What an encrypted envelope carries, opened with the key it carries; null for a text that is no envelope. */
export function openEnvelope(text) {
  if (!text.startsWith('{"itp"')) return null;
  const envelope = JSON.parse(text);
  const sealed = Buffer.from(envelope.itp, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(envelope.itk, 'base64'), Buffer.from(envelope.itv, 'base64'));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  const inner = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]).toString('utf8');
  return LZString.decompressFromBase64(inner);
}
