/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url';
import { defineConfig, type HtmlTagDescriptor, type Plugin } from 'vite';
import type { OutputChunk } from 'rollup';
import react from '@vitejs/plugin-react';

/** The first screen's page module (AppShell loads every page lazily; main.tsx awaits this one). */
const FIRST_PAGE = 'src/features/sync-status/SyncStatusPage.tsx';

/**
 * preloadFirstPage adds the first screen's chunk (and its CSS and the chunks it imports) to
 * index.html as preloads, so the browser fetches and parses it alongside the entry instead of
 * only discovering it when the entry has run.
 */
function preloadFirstPage(): Plugin {
  return {
    name: 'trueup-preload-first-page',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {}).filter(
          (c): c is OutputChunk => c.type === 'chunk',
        );
        const page = chunks.find((c) => c.facadeModuleId?.endsWith(FIRST_PAGE));
        if (!page) throw new Error(`${FIRST_PAGE} is not a chunk of its own: is it still loaded with import()?`);
        const tags: HtmlTagDescriptor[] = [];
        // What the entry imports statically is in the page already.
        const entry = chunks.find((c) => c.isEntry);
        const seen = new Set<string>(entry ? [entry.fileName, ...entry.imports] : []);
        const add = (c: OutputChunk) => {
          if (seen.has(c.fileName)) return;
          seen.add(c.fileName);
          const link = (attrs: Record<string, string | boolean>) =>
            tags.push({ tag: 'link', attrs: { crossorigin: true, ...attrs }, injectTo: 'head' });
          link({ rel: 'modulepreload', href: `./${c.fileName}` });
          for (const css of c.viteMetadata?.importedCss ?? []) {
            // Fetched now, applied when the page's import() adds it (Vite waits for it then):
            // as a stylesheet here it would hold back the window's first paint.
            link({ rel: 'preload', as: 'style', href: `./${css}` });
          }
          for (const name of c.imports) {
            const dep = chunks.find((d) => d.fileName === name);
            if (dep) add(dep);
          }
        };
        add(page);
        return tags;
      },
    },
  };
}

// Vendor code in chunks of its own: the browser parses each module script on its own
// background thread, so the entry no longer waits for one thread to get through all of it.
function vendorChunk(id: string): string | undefined {
  if (!id.includes('/node_modules/')) return undefined;
  if (/\/node_modules\/(react|react-dom|scheduler)\//.test(id)) return 'react';
  if (id.includes('/node_modules/@tanstack/')) return 'query';
  return undefined; // the rest goes with the code that uses it (Radix Select: not the first screen)
}

// base './' so the Wails asset server (and file URLs) resolve the built files relatively.
export default defineConfig({
  base: './',
  plugins: [react(), preloadFirstPage()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: { output: { manualChunks: vendorChunk } },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    // A test's own limit stays above the 5 s the async queries may wait (setup.ts).
    testTimeout: 20000,
  },
});
