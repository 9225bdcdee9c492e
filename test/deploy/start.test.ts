import { spawnSync } from "node:child_process";
import net from "node:net";
import { describe, expect, it } from "vitest";

// `npm start` failures end with one clear sentence, not a stack trace.
describe("npm start", () => {
  it("refuses a port that is already in use", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "0.0.0.0", resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
        env: { ...process.env, PORT: String(port), APP_URL: "" },
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr.trim()).toBe(
        `[musictrace] Port ${port} is already in use; stop the program using it or set PORT.`,
      );
    } finally {
      blocker.close();
    }
  });
});
