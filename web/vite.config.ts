import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { placesPlugin } from './build/places';
import { pwaPlugin } from './build/pwa';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = 'http://localhost:4000';

export default defineConfig({
  root,
  plugins: [react(), placesPlugin(), pwaPlugin()],
  build: {
    outDir: 'dist', // web/dist, which the API server serves
    emptyOutDir: true,
    // The map libraries are 1-2 MB each; they are lazy chunks, loaded only for the flavour in use.
    chunkSizeWarningLimit: 2000,
  },
  server: {
    // `npm run dev` (API on :4000) + `npm run dev:web`. No changeOrigin: the API accepts a browser
    // WebSocket only when Origin matches Host, and both stay localhost:5173 through the proxy.
    proxy: {
      '/graphql': { target: api, ws: true },
      '/geo': api,
      '/app-config.json': api,
      '/map/basemap.pmtiles': api,
    },
  },
});
