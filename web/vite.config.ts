/// <reference types="vitest/config" />
// The web app's build: Preact through esbuild's JSX transform (no Babel, no plugin), output into the
// CMake build tree (the web target passes --outDir build/web/dist). `npm run build` alone writes to
// web/dist. Vitest runs the unit tests in Node (no DOM): the logic and the rendered markup.
import { defineConfig } from "vite";

export default defineConfig({
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: {
    target: "es2020",
    outDir: "dist",
    emptyOutDir: true,
    assetsDir: "assets",
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: {
    // `npm run dev`: the API of a `rapport serve` on 8080 behind Vite's dev server.
    proxy: { "/api": "http://127.0.0.1:8080", "/healthz": "http://127.0.0.1:8080" },
  },
  test: {
    environment: "node",
    include: ["test/**/*.test.{ts,tsx}"],
  },
});
