import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dashboard is served by the API under `npm start` (same origin); in
// `vite dev` API calls are proxied to it.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: { port: 5173, proxy: { '/api': 'http://127.0.0.1:3000' } },
});
