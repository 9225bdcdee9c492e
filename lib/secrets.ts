import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

const secretsSchema = z.object({
  AUTH_SECRET: z.string().min(32),
  TOKEN_ENCRYPTION_KEY: z.string().regex(/^[0-9a-f]{64}$/),
  EMBEDDED_DB_PASSWORD: z.string().min(16),
});
export type Secrets = z.infer<typeof secretsSchema>;

/**
 * Secrets for the all-in-one mode, generated once into DATA_DIR/secrets.json (mode 0600) and reused
 * on every later start, so sessions and encrypted tokens survive restarts.
 */
export function loadOrCreateSecrets(dataDir: string): Secrets {
  const file = path.join(dataDir, "secrets.json");
  if (fs.existsSync(file)) {
    const parsed = secretsSchema.safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
    if (!parsed.success) throw new Error(`${file} is damaged; restore it from a backup or remove it`);
    return parsed.data;
  }
  const secrets: Secrets = {
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("hex"),
    EMBEDDED_DB_PASSWORD: randomBytes(18).toString("base64url"),
  };
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}
