// Builds the reference portal into playground/public/portal, which Strapi's `strapi::public` middleware
// serves at /portal (the playground's `portal-pages` middleware answers its deep links with index.html).
// No React plugin: esbuild's own JSX transform is all a production build needs.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: '/portal/',
  logLevel: 'warn',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: path.resolve(here, '..', 'public', 'portal'),
    emptyOutDir: true,
    sourcemap: true,
  },
});
