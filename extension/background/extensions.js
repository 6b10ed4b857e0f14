// The installed extensions: what the browser's `management` API says of them,
// turned into core events, and the state of the popup's Extensions view.
//
// The core keeps the previous permission set of every extension (its
// inventory, in the engine's snapshot) and audits each change against it:
// an extension installed, enabled, or updated with more access — Chrome and
// Firefox both fire `management.onInstalled` for an update, and for an
// unpacked extension reloaded — comes back as a finding with its risk
// before and after, which the caller notifies. Neither browser reports
// permissions granted later to another extension (`permissions.onAdded` is
// only for an extension's own): the inventory is taken again at every
// wake-up and whenever the Extensions view opens, and the core compares.

import { isFirefox } from './browser.js';
import { ingest, withEngine } from './core.js';
import { inLine } from './gate.js';

const api = globalThis.browser ?? globalThis.chrome;
const now = () => Date.now();

/** The fields of `management.ExtensionInfo` the core reads. */
export function extensionInfo(e) {
  return {
    id: e.id,
    name: e.name ?? null,
    version: e.version ?? null,
    enabled: e.enabled !== false,
    installType: e.installType ?? null,
    type: e.type ?? null,
    permissions: e.permissions ?? [],
    hostPermissions: e.hostPermissions ?? [],
    updateUrl: typeof e.updateUrl === 'string' ? e.updateUrl : null,
  };
}

/**
 * Takes the whole inventory (`management.getAll()`); resolves with what the
 * engine made of it once it is logged.
 */
export async function refreshInventory() {
  const all = await api.management.getAll();
  return ingest({
    type: 'extensionInventory',
    time: now(),
    selfId: api.runtime.id,
    extensions: all.map(extensionInfo),
  });
}

/**
 * Registers the `management` listeners — call it synchronously at the top
 * level of the background. `afterIngest(out)` gets what the engine made of
 * each change (findings to show and notify).
 */
export function watchExtensions(afterIngest) {
  const onChange = (change) => async (info) => {
    // onUninstalled passes only the id.
    const extension = typeof info === 'string' ? { id: info } : extensionInfo(info);
    // In its place among what pages did, which may wait for their loads
    // (gate.js): a change lost to a stop meanwhile is found again by the
    // next wake-up's inventory.
    const event = { type: 'extensionChanged', time: now(), change, extension };
    const out = await inLine(() => ingest(event));
    if (out?.findings.length) await afterIngest(out);
  };
  api.management.onInstalled.addListener(onChange('installed'));
  api.management.onUninstalled.addListener(onChange('uninstalled'));
  api.management.onEnabled.addListener(onChange('enabled'));
  api.management.onDisabled.addListener(onChange('disabled'));
}

/**
 * The Extensions view: every installed extension with its audit and the
 * findings that concern it, riskiest first, after a fresh inventory.
 * `accessHidden` says whether this browser hides content-script sites.
 */
export async function extensionsState(afterIngest) {
  try {
    const out = await refreshInventory();
    if (out?.findings.length) await afterIngest(out);
  } catch (error) {
    // The last inventory the engine has still answers.
    console.warn('Vigie: could not take the extension inventory:', error?.message);
  }
  const extensions = await withEngine((e) => e.extensionReports());
  return { ok: true, selfId: api.runtime.id, accessHidden: !isFirefox(), extensions };
}
