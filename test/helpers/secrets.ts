// Fixed, obviously fake secrets for tests; never used outside them.
export const TEST_SECRETS = {
  AUTH_SECRET: "test-auth-secret-test-auth-secret-0123456789",
  TOKEN_ENCRYPTION_KEY: `${"0".repeat(63)}1`,
};
