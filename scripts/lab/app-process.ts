/**
 * The real app, started the README's way: `npm start`'s code path (scripts/start.ts → scripts/app.ts,
 * all-in-one: web server and jobs) as a child process with its own environment. Stopped with SIGTERM like
 * Ctrl-C, or killed outright; restarted on the same data.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "../app";

export class AppProcess {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  readonly url: string;

  constructor(
    private env: Record<string, string | undefined>,
    private logFile: string,
  ) {
    this.url = `http://127.0.0.1:${env.PORT}`;
  }

  /** Starts and waits for "ready on …" (the first start may build the app: up to 10 minutes). */
  async start(): Promise<number> {
    const began = Date.now();
    const out = fs.createWriteStream(this.logFile, { flags: "a" });
    out.write(`\n===== start ${new Date().toISOString()}\n`);
    const child = spawn(process.execPath, ["--import", "tsx", path.join("scripts", "start.ts")], {
      cwd: ROOT,
      env: this.env as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // its own process group, so a kill reaches the embedded PostgreSQL too
    });
    this.child = child;
    this.exited = new Promise((resolve) => child.once("exit", () => resolve()));
    child.stdout?.pipe(out, { end: false });
    child.stderr?.pipe(out, { end: false });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`app not ready after 10 min; see ${this.logFile}`)),
        600_000,
      );
      let seen = "";
      child.stdout?.on("data", (chunk: Buffer) => {
        seen = (seen + chunk.toString()).slice(-4000);
        if (seen.includes("ready on")) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`app exited with ${code} before it was ready; see ${this.logFile}`));
      });
    });
    return Date.now() - began;
  }

  /** Ctrl-C's way: SIGTERM, the app stops its jobs and database and exits. */
  async stop(): Promise<void> {
    if (!this.child || this.child.exitCode !== null) return;
    this.child.kill("SIGTERM");
    const timeout = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 60_000));
    if ((await Promise.race([this.exited, timeout])) === "timeout") this.kill();
    await this.exited;
  }

  /** kill -9 of the whole process group (the app and its embedded database). */
  kill(): void {
    const pid = this.child?.pid;
    if (pid && this.child?.exitCode === null) process.kill(-pid, "SIGKILL");
  }
}
