/// <reference types="vitest/config" />
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// The app is served by `bangfu serve` from dist/; in development Vite proxies the API to it.
export default defineConfig({
  plugins: [vue()],
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/account': 'http://127.0.0.1:8080',
      '/mail': 'http://127.0.0.1:8080',
    },
  },
  build: {
    // Prints each chunk's size and its gzipped size.
    reportCompressedSize: true,
    // dist/.vite/manifest.json: the chunk graph, for the initial-size check.
    manifest: true,
    chunkSizeWarningLimit: 700,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
  },
})
