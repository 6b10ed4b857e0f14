// Evidence files: a finding, or every finding of a site, saved as JSON through
// a Blob and an `<a download>`. The content and the file name come from the
// pure helpers in format.js; this module only hands the file to the browser.

import { el } from './dom.js';
import { exportFileName, findingExport, siteExport } from './format.js';

// The object URL outlives the click: the browser reads the Blob after the
// click returns (Firefox only when the download starts).
const REVOKE_AFTER_MS = 60_000;

/** Offers `text` for download as `fileName`. */
export function downloadJson(fileName, text) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = el('a', { hidden: true, attrs: { href: url, download: fileName } });
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
  }
}

/**
 * Downloads one finding's evidence file; returns its name. `meta`:
 * { vigieVersion, now } (now: a Date or ms, defaults to the current time).
 */
export function exportFinding(finding, { vigieVersion, now = Date.now() } = {}) {
  const fileName = exportFileName(finding?.site, finding?.kind, now);
  downloadJson(fileName, findingExport(finding, { exportedAt: now, vigieVersion }));
  return fileName;
}

/** Downloads the evidence file of every finding of `site`; returns its name. */
export function exportSite(site, findings, { vigieVersion, now = Date.now() } = {}) {
  const fileName = exportFileName(site, 'all', now);
  downloadJson(fileName, siteExport(site, findings, { exportedAt: now, vigieVersion }));
  return fileName;
}
