// Shared by the e2e server (e2e/server.ts) and the specs; no Playwright import here.
export const PASSWORD = "Lively-Tune-2024";
/** The administrator e2e/server.ts creates before the app starts. */
export const E2E_ADMIN = "e2e_admin";
/** Where e2e/server.ts leaves this run's DATABASE_URL (DATA_DIR as playwright.config.ts passes it). */
export const e2eDatabaseUrlFile = (dataDir = process.env.E2E_DATA_DIR ?? ".data/e2e") =>
  `${dataDir}/e2e-database-url`;
