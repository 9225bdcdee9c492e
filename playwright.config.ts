import { defineConfig, devices } from "@playwright/test";

// The suite starts the real app (production build, embedded PostgreSQL unless DATABASE_URL) on its own port.
const PORT = Number(process.env.E2E_PORT ?? 3300);
const baseURL = `http://127.0.0.1:${PORT}`;
// One queue prefix per run, shared by the app (webServer env) and the specs (workers inherit this env).
process.env.E2E_JOBS_PREFIX ??= `mt-e2e-${Date.now().toString(36)}`;
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: { baseURL, trace: "retain-on-failure", screenshot: "only-on-failure", launchOptions: chromium },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], launchOptions: chromium } },
    { name: "phone", use: { ...devices["Pixel 7"], launchOptions: chromium } },
  ],
  webServer: {
    command: "npx tsx e2e/server.ts",
    url: `${baseURL}/api/health`,
    // The first start builds the app: minutes on a busy 2-core machine.
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      PORT: String(PORT),
      APP_URL: baseURL,
      DATA_DIR: process.env.E2E_DATA_DIR ?? ".data/e2e",
      JOBS_PREFIX: process.env.E2E_JOBS_PREFIX,
    },
  },
});
