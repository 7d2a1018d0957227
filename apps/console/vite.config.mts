import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');

/**
 * Served under /console/ by every node (the steward's view) and by the coordinator. `@bfa/crypto` is the browser's
 * face of the library (apps/console/src/browser-crypto.ts), so the shared request and decision code builds without Node.
 */
export default defineConfig({
  root: here,
  base: '/console/',
  resolve: { alias: [{ find: /^@bfa\/crypto$/, replacement: resolve(here, 'src', 'browser-crypto.ts') }] },
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: { outDir: resolve(root, 'dist', 'apps', 'console'), emptyOutDir: true, sourcemap: true },
});
