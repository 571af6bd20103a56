import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// The build lands in target/classes/static so the Maven jar carries it and the api module serves it from the
// classpath. During development `npm run dev` proxies API calls to a running api on :8081.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "target/classes/static",
    emptyOutDir: true,
  },
  server: {
    proxy: {
      "/graphql": "http://127.0.0.1:8081",
      "/api": "http://127.0.0.1:8081",
    },
  },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["src/test/setup.ts"],
  },
});
