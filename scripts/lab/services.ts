/**
 * The services of the BullMQ mode, owned by the lab so it can break them: a Redis server of its own
 * (restartable, keeping its data across the restart like a default Redis does) and a fresh database on
 * the machine's PostgreSQL (an outage is simulated on that database alone: new connections refused and
 * the open ones terminated — the machine's server is shared, so it is never restarted).
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import postgres from "postgres";

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === "object" && addr ? addr.port : 0));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class RedisServer {
  private child?: ChildProcess;
  private constructor(
    readonly port: number,
    private dir: string,
  ) {}

  static async start(dir: string): Promise<RedisServer> {
    fs.mkdirSync(dir, { recursive: true });
    const redis = new RedisServer(await freePort(), dir);
    await redis.up();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  private async up(): Promise<void> {
    const args = ["--port", String(this.port), "--bind", "127.0.0.1", "--dir", this.dir, "--save", "3600 1"];
    const child = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    child.stdout?.pipe(fs.createWriteStream(path.join(this.dir, "redis.log"), { flags: "a" }));
    for (let i = 0; i < 100; i++) {
      if (await reachable(this.port)) return;
      await sleep(100);
    }
    throw new Error(`redis-server did not start on ${this.port}`);
  }

  /** A normal restart: SIGTERM (Redis saves its data on shutdown), down for `downMs`, up again. */
  async restart(downMs: number): Promise<void> {
    await this.stop();
    await sleep(downMs);
    await this.up();
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  }
}

function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}

export class LabDatabase {
  private constructor(
    private admin: postgres.Sql,
    readonly name: string,
    readonly url: string,
  ) {}

  static async create(serverUrl: string, name: string): Promise<LabDatabase> {
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return new LabDatabase(admin, name, url.toString());
  }

  /** PostgreSQL "down" for `downMs` as this database sees it: every session ended, new ones refused. */
  async outage(downMs: number): Promise<void> {
    await this.admin.unsafe(`alter database ${this.name} allow_connections false`);
    const end = Date.now() + downMs;
    while (Date.now() < end) {
      await this.admin.unsafe(
        `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${this.name}'`,
      );
      await sleep(500);
    }
    await this.admin.unsafe(`alter database ${this.name} allow_connections true`);
  }

  async drop(): Promise<void> {
    await this.admin.unsafe(`drop database if exists ${this.name} with (force)`).catch(() => {});
    await this.admin.end();
  }
}
