// Builds the board into web/dist, which `kerbside run` serves. Every asset is
// bundled (no CDN). `npm run dev:web` proxies the API to a local `kerbside run`.
import { fileURLToPath } from "node:url";
import vue from "@vitejs/plugin-vue";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));
const target = process.env.KERBSIDE_BOARD_URL ?? "http://127.0.0.1:8080";

export default defineConfig({
  root,
  base: "/",
  plugins: [vue()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    sourcemap: false,
  },
  server: {
    proxy: {
      "/api": target,
      "/socket.io": { target, ws: true },
    },
  },
});
