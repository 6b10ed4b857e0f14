// The complaint report (report.html?site=…&key=…): one contact-harvesting
// finding as a printable page for a data-protection authority — what was
// seen and when, the extension (name, id, version, permissions as the
// browser reports them), the evidence samples (masked by the core), the
// profiles concerned (masked here), Vigie's version, and the SHA-256 of the
// evidence file this page offers to save: the same bytes the popup's
// export writes. All of it is made on this computer.

import { localizeStatic, el } from './dom.js';
import { downloadJson } from './export.js';
import { exportFileName, failureLine, findingExport, findingSentence } from './format.js';
import { plural } from './sentence.js';

const ext = globalThis.browser ?? globalThis.chrome;
const t = (key, args = []) => {
  try {
    return ext?.i18n?.getMessage(key, args.map(String)) ?? '';
  } catch {
    return '';
  }
};
const lang = t('uiLanguage') || 'en';
const params = new URLSearchParams(location.search);
const $ = (id) => document.getElementById(id);

/** A profile slug masked to its first letter ("a***"): other people's names stay out of the report. */
export function maskSubject(subject) {
  const text = String(subject ?? '');
  return text ? `${[...text][0]}***` : '';
}

/** The SHA-256 of `text` (UTF-8), in hexadecimal. */
export async function sha256Hex(text) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const row = (label, value) => el('tr', {}, el('th', { text: label }), el('td', { text: value ?? '—' }));
const day = (ms) => (Number.isFinite(ms) ? new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC' : '—');

/** How the browser says an extension was installed, in the person's language. */
function installLabel(type) {
  if (typeof type !== 'string' || type === '') return null;
  // `_other` ends the keys of plural forms.
  return t(`installType_${type === 'other' ? 'otherWay' : type}`) || type;
}

async function oneExtension(id, recorded) {
  let info = null;
  try {
    info = await ext.management.get(id);
  } catch {
    // Uninstalled since: what the finding recorded.
  }
  // Gone from the browser: its access can no longer be asked, which is no
  // absence of access.
  const gone = info === null ? t('report_extUninstalled') || '—' : null;
  return [
    row(t('report_extName') || 'Name', info?.name ?? recorded?.name),
    row(t('report_extId') || 'ID', id),
    row(t('report_extVersion') || 'Version', info?.version ?? recorded?.version),
    row(t('report_extInstall') || 'Installed as', installLabel(info?.installType ?? recorded?.installType)),
    row(t('report_extPermissions') || 'Permissions', gone ?? ((info.permissions ?? []).join(', ') || '—')),
    // Chrome does not report the sites of content scripts: an empty list is no absence.
    row(
      t('report_extHosts') || 'Site access',
      gone ?? ((info.hostPermissions ?? []).join(', ') || t('report_extHostsUnreported') || '—'),
    ),
  ];
}

/**
 * The extension the finding names; when it names nobody, the extensions
 * able to do it, each as the browser reports it, under a line that says so.
 */
async function extensionRows(actor) {
  if (actor?.type === 'extension') return oneExtension(actor.id, actor);
  // A script of another origin, or the site's own: named by the browser's
  // account of the page (the finding says what that rests on).
  if (actor?.type === 'script' && typeof actor.origin === 'string') {
    return [row(t('report_actor') || 'Who', t('report_actorScript', [actor.origin]) || actor.origin)];
  }
  if (actor?.type === 'site' && typeof actor.host === 'string') {
    return [row(t('report_actor') || 'Who', t('report_actorSite', [actor.host]) || actor.host)];
  }
  const rows = [row(t('report_actor') || 'Who', t('report_unattributed') || 'not established')];
  for (const candidate of actor?.candidates ?? []) {
    rows.push(el('tr', {}, el('th', { attrs: { colspan: 2 }, text: t('report_candidate') || 'Able to do it:' })));
    rows.push(...(await oneExtension(candidate.id, candidate)));
  }
  // The finding lists ten at most, and counts the rest.
  const more = Number.isSafeInteger(actor?.more) && actor.more > 0 ? actor.more : 0;
  if (more > 0) {
    const text = plural(t, 'report_candidatesMore', more, lang) || `+ ${more}`;
    rows.push(el('tr', {}, el('th', { attrs: { colspan: 2 }, text })));
  }
  return rows;
}

/** The finding asked for is not among the site's: said as it is, with no technical detail. */
class MissingFinding extends Error {}

async function render() {
  const site = params.get('site') ?? '';
  const key = params.get('key') ?? '';
  const reply = await ext.runtime.sendMessage({ type: 'vigie:site-findings', site });
  const finding = reply?.findings?.find((f) => f.key === key);
  if (!finding) throw new MissingFinding(t('report_missing') || 'This finding is no longer in Vigie’s records.');
  const now = Date.now();
  const vigieVersion = ext.runtime.getManifest?.().version ?? null;
  const fileName = exportFileName(finding.site, finding.kind, now);
  const file = findingExport(finding, { exportedAt: now, vigieVersion });
  $('sentence').textContent = findingSentence(finding, t, lang);
  $('facts').replaceChildren(
    row(t('report_site') || 'Site', finding.site),
    row(t('report_first') || 'First seen', day(finding.firstSeen)),
    row(t('report_last') || 'Last seen', day(finding.lastSeen)),
    row(t('report_kinds') || 'Data kinds', (finding.evidence?.dataKinds ?? []).map((k) => t(`dataKind_${k}`) || k).join(', ')),
    row(t('report_destinations') || 'Sent to', (finding.evidence?.destinations ?? []).join(', ')),
    row(t('report_profiles') || 'Profiles concerned', (finding.subjects ?? []).map(maskSubject).join(', ')),
    // How sure, on what, and what the evidence lacks: a complaint states
    // the findings as Vigie holds them, no surer.
    row(
      t('report_confidence') || 'How sure',
      [t(`confidence_${finding.confidence}`), t(`confidence_${finding.confidence}_hint`)].filter(Boolean).join(' — ') || finding.confidence,
    ),
    row(t('report_basis') || 'Rests on', [t(`basis_${finding.basis}`), t(`basis_${finding.basis}_hint`)].filter(Boolean).join(' — ') || finding.basis),
    row(
      t('report_limits') || 'Limits of this evidence',
      [...new Set(finding.evidence?.notes ?? [])].map((n) => t(`note_${n}`) || n).join(' ') || (t('report_limitsNone') || '—'),
    ),
  );
  $('extension').replaceChildren(...(await extensionRows(finding.actor)));
  $('samples').replaceChildren(...(finding.evidence?.samples ?? []).map((s) => el('li', {}, el('code', { text: s }))));
  $('file-name').textContent = fileName;
  $('file-hash').textContent = `SHA-256 ${await sha256Hex(file)}`;
  $('download').addEventListener('click', () => downloadJson(fileName, file));
  $('print').addEventListener('click', () => window.print());
  $('stamp').textContent = t('report_stamp', [vigieVersion ?? '?', day(now)]) || `Vigie ${vigieVersion} — ${day(now)}`;
  $('report').hidden = false;
}

document.documentElement.lang = lang;
localizeStatic(document, t);
render().catch((error) => {
  // Anything else (Vigie not answering, a browser API refusing) in the
  // person's language, the browser's own words marked as a detail.
  $('error').textContent =
    error instanceof MissingFinding ? error.message : failureLine(t, t('report_failed') || 'Vigie could not make this report.', error);
  $('error').hidden = false;
});
