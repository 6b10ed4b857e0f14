// One HTTPS server on 127.0.0.1 for all fixture sites, dispatched by Host.
// Chromium is pointed at it with --host-resolver-rules, so pages load under
// their real names and Vigie's site models match as they would for a user.
import https from 'node:https';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureCert } from './cert.mjs';
import { createCollector } from './collector.mjs';
import { createSdkSite } from './sdks/site.mjs';
import { MESSAGING_HOST, VIDEO_HOST, handleMessaging, handleVideo } from './destinations/site.mjs';
import { handleHome } from './home.mjs';
import { COLLECTOR_HOSTS, LINKEDIN_HOST, MAPPED_HOSTS, SHOP_HOST, SHOP_METRICS_HOST, VENDOR_HOSTS, DESTINATION_COLLECTOR_HOSTS } from './hosts.mjs';
import { createLinkedIn } from './linkedin/site.mjs';
import { PAGES_PREFIX, handlePage } from './pages.mjs';
import { hostOf, send } from './respond.mjs';
import { createShop } from './shop/site.mjs';

/** Chromium flags that send the fixture host names to this server. */
export function chromiumHostArgs(port) {
  const rules = MAPPED_HOSTS.map((h) => `MAP ${h}:443 127.0.0.1:${port}`).join(',');
  return [`--host-resolver-rules=${rules}`, '--ignore-certificate-errors'];
}

export async function startServer({ port = 0 } = {}) {
  const collector = createCollector();
  const linkedin = createLinkedIn();
  const shop = createShop();
  const routes = { [LINKEDIN_HOST]: linkedin.handle, ...linkedin.assetRoutes, [SHOP_HOST]: shop.handleShop, [SHOP_METRICS_HOST]: shop.handleMetrics };
  for (const host of COLLECTOR_HOSTS) routes[host] = collector.handle;
  for (const host of VENDOR_HOSTS) routes[host] = shop.handleVendor;
  routes[MESSAGING_HOST] = handleMessaging;
  routes[VIDEO_HOST] = handleVideo;
  for (const host of DESTINATION_COLLECTOR_HOSTS) routes[host] = collector.handle;
  const sdks = createSdkSite();
  for (const host of sdks.hosts) routes[host] = sdks.handle;

  const server = https.createServer(await ensureCert(), async (req, res) => {
    try {
      const url = new URL(req.url, 'https://fixture.invalid');
      const handler = url.pathname.startsWith(PAGES_PREFIX) ? handlePage : (routes[hostOf(req)] ?? handleHome);
      await handler(req, res, url);
    } catch (err) {
      console.error(`fixture server: ${req.method} ${req.headers.host}${req.url}:`, err);
      if (!res.headersSent) send(res, 500, 'text/plain', 'Internal error\n');
      else res.destroy();
    }
  });

  // WebSocket handshakes: the shop's vendors record what pages send over them.
  const socketRoutes = Object.fromEntries(VENDOR_HOSTS.map((h) => [h, shop.handleVendorSocket]));
  server.on('upgrade', (req, socket) => {
    // Node leaves an upgraded socket without its own error listener.
    socket.on('error', () => socket.destroy());
    const handler = socketRoutes[hostOf(req)];
    if (handler) handler(req, socket);
    else socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  });

  // Browsers keep connections alive; close() destroys them so a test run
  // ends as soon as it is done instead of waiting for idle timeouts.
  const sockets = new Set();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });

  return {
    port: server.address().port,
    collector,
    /** The boutique's own API, its metrics host and its vendors: what each received. */
    shop,
    /** The garden shop's sign-up page and the real SDKs' hosts: what each received. */
    sdks,
    /** The GraphQL query ids of this server's deployment of the site. */
    queryIds: () => Object.fromEntries(linkedin.deployment.all().map((q) => [q.file, q.id])),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

async function main() {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '0' } } });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be an integer between 0 and 65535, got ${values.port}`);
    process.exit(2);
  }
  const server = await startServer({ port });
  const args = chromiumHostArgs(server.port);
  console.log(`Vigie fixture sites listening on https://127.0.0.1:${server.port} (loopback only)`);
  console.log(`port: ${server.port}`);
  console.log('Chromium flags:');
  for (const arg of args) console.log(`  '${arg}'`);
  console.log(`Example:\n  chromium --user-data-dir="$(mktemp -d)" ${args.map((a) => `'${a}'`).join(' ')} https://www.linkedin.com/feed/`);
  const stop = async (signal) => {
    console.log(`\n${signal}: stopping`);
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err.message);
    process.exit(1);
  });
}
