import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `vite build console`: built into console/dist and served by the Gatehouse server itself, so the API is same-origin.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, assetsDir: 'assets', chunkSizeWarningLimit: 1024 },
});
