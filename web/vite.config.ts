// Builds the portal into dist/: one HTML page, hashed JS and CSS, nothing inline, so it runs
// under the server's Content-Security-Policy (default-src 'self'; src/portal/router.cc).
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // No data: URLs for assets (the CSP allows images from 'self' only).
    assetsInlineLimit: 0,
    // The polyfill is for browsers without modulepreload; every browser we support has it.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        // ECharts in its own file: it changes far less often than the portal's code.
        manualChunks: (id) => (id.includes('node_modules') ? 'vendor' : undefined),
      },
    },
  },
  server: {
    // `npm run dev` against a running `cxpact serve --port 8080`.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
