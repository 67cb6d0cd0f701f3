/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url'
import vue from '@vitejs/plugin-vue'
import AutoImport from 'unplugin-auto-import/vite'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import { defineConfig } from 'vite'

// Under Vitest the component styles are not needed, and skipping them keeps the tests fast.
const testing = process.env.VITEST === 'true'

// Element Plus is imported on demand: only the components and services a template or script
// uses are bundled, with their styles, so the window opens fast.
const elementPlus = ElementPlusResolver({ importStyle: testing ? false : 'css' })

export default defineConfig({
  base: './',
  clearScreen: false,
  plugins: [
    vue(),
    AutoImport({
      resolvers: [elementPlus],
      dts: 'auto-imports.d.ts',
    }),
    Components({
      resolvers: [elementPlus],
      dts: 'components.d.ts',
      // Only our own components folder is scanned; pages are imported by the router.
      dirs: ['src/components'],
    }),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    port: 5173,
    strictPort: true,
  },
  build: {
    outDir: 'dist',
    // The WebViews Tauri v2 uses (WebView2, WKWebView, WebKitGTK) all handle ES2021.
    target: 'es2021',
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        // Stable chunks instead of chunks named after whichever module came first. What the first page
        // needs from packages (Vue, Pinia, the router, the Element Plus parts it uses) is one file loaded
        // with the entry; what only later pages use (el-table, el-card, el-descriptions…) is not loaded,
        // parsed nor styled at start-up, but with the first of those pages.
        codeSplitting: {
          groups: [
            { name: 'vendor', test: /[\\/]node_modules[\\/]/, tags: ['$initial'] },
            { name: 'vendor-pages', test: /[\\/]node_modules[\\/]/ },
            { name: 'shared', test: /[\\/]src[\\/](ipc|stores|locales|composables|components)[\\/]/, tags: ['$initial'] },
          ],
        },
      },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.spec.ts'],
    restoreMocks: true,
  },
})
