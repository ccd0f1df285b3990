import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

/** `npm run dev`: Vite on :5173 with the API and OTLP proxied to a collector (LOUPE_URL). */
const collector = process.env['LOUPE_URL'] ?? 'http://127.0.0.1:4318'

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 600 },
  server: { port: 5173, proxy: { '/api': collector, '/v1': collector } },
})
