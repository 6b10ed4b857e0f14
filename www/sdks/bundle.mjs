// Scripts the SDK site serves bundled from npm packages, as sites and
// vendors build theirs: one source bundled by esbuild into a minified
// IIFE, once per server.
import { fileURLToPath } from 'node:url';

// Where npm installed the packages: the repository's node_modules.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const built = new Map();

/** `source` (an ES module importing npm packages) bundled, built once. */
export function bundled(source) {
  if (!built.has(source)) {
    built.set(
      source,
      import('esbuild').then(async ({ build }) => {
        const out = await build({
          stdin: { contents: source, resolveDir: ROOT, loader: 'js' },
          bundle: true,
          format: 'iife',
          minify: true,
          write: false,
          logLevel: 'silent',
        });
        return out.outputFiles[0].contents;
      }),
    );
  }
  return built.get(source);
}
