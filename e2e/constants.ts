// Shared by the e2e server (e2e/server.ts) and the specs; no Playwright import here.
export const PASSWORD = "Lively-Tune-2024";
/** The administrator e2e/server.ts creates before the app starts. */
export const E2E_ADMIN = "e2e_admin";
