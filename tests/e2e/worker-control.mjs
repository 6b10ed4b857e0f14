// Stopping Vigie's service worker the way the browser does (idle, or at
// will), through the DevTools protocol: the worker's target is closed, and
// the test asks the browser's target list, not the old worker handle (a
// call on a stopped worker can hang), whether it is gone.

import { eventually } from './harness.mjs';

/**
 * A controller for the worker of the extension `extensionId` in `browser`
 * (harness.mjs `launch`). It keeps a blank page of its own for its DevTools
 * session.
 */
export async function workerControl(browser) {
  const page = await browser.context.newPage();
  const cdp = await browser.context.newCDPSession(page);
  const prefix = `chrome-extension://${browser.extensionId}/`;
  const target = async () =>
    (await cdp.send('Target.getTargets')).targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(prefix));
  return {
    /** Whether the worker runs now. */
    running: async () => Boolean(await target()),
    /**
     * Stops the worker if it runs; resolves to true once it is gone, false
     * when it was not running. With `wait: false`, does not wait for it to go.
     */
    async stop({ wait = true } = {}) {
      const worker = await target();
      if (!worker) return false;
      await cdp.send('Target.closeTarget', { targetId: worker.targetId }).catch(() => {});
      if (wait) {
        await eventually(async () => !(await cdp.send('Target.getTargets')).targetInfos.some((t) => t.targetId === worker.targetId), {
          what: 'the worker to stop',
          interval: 10,
        });
      }
      return true;
    },
    close: () => page.close().catch(() => {}),
  };
}
