// Local TLS for the fixture sites. Chromium reaches them under their real
// host names (host-resolver-rules), so the certificate must name those hosts;
// the browser is started with --ignore-certificate-errors, so self-signed is
// enough. The key pair is cached because RSA generation costs ~1 s per run.
// Key and cert live in one file, replaced by an atomic rename, because test
// files run in parallel processes and must never read a mismatched pair.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { MAPPED_HOSTS } from './hosts.mjs';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_DIR = path.join(REPO_ROOT, 'target', 'vigie-cert');
const MAX_AGE_MS = 20 * 24 * 3600 * 1000; // the cert lives 30 days; renew early
const HOSTS = [...MAPPED_HOSTS, 'localhost'];
const SAN = [...HOSTS.map((h) => `DNS:${h}`), 'IP:127.0.0.1'].join(',');

function run(cmd, args) {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, (err, _stdout, stderr) => {
      if (err?.code === 'ENOENT') {
        reject(new Error(`'${cmd}' not found: install OpenSSL (Debian: apt-get install openssl)`));
      } else if (err) {
        reject(new Error(`${cmd} failed: ${stderr || err.message}`));
      } else resolve();
    });
  });
}

async function isFresh(file) {
  try {
    return Date.now() - (await stat(file)).mtimeMs < MAX_AGE_MS;
  } catch {
    return false;
  }
}

function pemBlock(text, label) {
  const m = text.match(new RegExp(`-----BEGIN ${label}-----[\\s\\S]+?-----END ${label}-----\\n?`));
  return m?.[0];
}

async function generate(dir, bundle) {
  await mkdir(dir, { recursive: true });
  const tmp = await mkdtemp(path.join(dir, '.gen-'));
  try {
    const keyFile = path.join(tmp, 'key.pem');
    const certFile = path.join(tmp, 'cert.pem');
    await run('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '30',
      '-keyout', keyFile, '-out', certFile,
      '-subj', '/CN=Vigie local fixtures',
      '-addext', `subjectAltName=${SAN}`,
    ]);
    const text = (await readFile(keyFile, 'utf8')) + (await readFile(certFile, 'utf8'));
    await writeFile(path.join(tmp, 'bundle.pem'), text, { mode: 0o600 });
    await rename(path.join(tmp, 'bundle.pem'), bundle);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Returns {key, cert} as PEM strings, generating them into `dir` when needed. */
export async function ensureCert(dir = DEFAULT_DIR) {
  // Named after the host list, so that adding a host makes a new certificate.
  const hosts = createHash('sha256').update(SAN).digest('hex').slice(0, 8);
  const bundle = path.join(dir, `localhost-bundle-${hosts}.pem`);
  if (!(await isFresh(bundle))) await generate(dir, bundle);
  const text = await readFile(bundle, 'utf8');
  const key = pemBlock(text, 'PRIVATE KEY');
  const cert = pemBlock(text, 'CERTIFICATE');
  if (!key || !cert) throw new Error(`${bundle} is damaged: delete it to regenerate`);
  return { key, cert };
}
