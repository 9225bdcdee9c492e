import { createHash } from "node:crypto";
import type { YnisonWatcher } from "./client";

type Entry = { watcher: YnisonWatcher; tokenHash: string; lastUsed: number };

/**
 * The one registry of live Ynison sockets in a process, one per user (yandex-music-api.md B.3: one live
 * connection per device id, never one per poll). Used by the worker's sockets (in-process mode or the
 * instance's leader) and the web's now-playing; each owner passes how to make a watcher for a user.
 */
export class YnisonSockets {
  private entries = new Map<number, Entry>();

  /** `make` returns a watcher not yet started: it is registered first, so its first status finds it. */
  constructor(private make: (userId: number, token: string) => YnisonWatcher) {}

  /** The user's watcher, started on first use; a changed token (re-connected account) replaces it. */
  watch(userId: number, token: string): YnisonWatcher {
    const tokenHash = createHash("sha256").update(token).digest("hex");
    const e = this.entries.get(userId);
    if (e && e.tokenHash === tokenHash) {
      e.lastUsed = Date.now();
      return e.watcher;
    }
    if (e) this.stop(userId);
    const watcher = this.make(userId, token);
    this.entries.set(userId, { watcher, tokenHash, lastUsed: Date.now() });
    watcher.start();
    return watcher;
  }

  get(userId: number): YnisonWatcher | undefined {
    return this.entries.get(userId)?.watcher;
  }

  users(): number[] {
    return [...this.entries.keys()];
  }

  stop(userId: number): void {
    this.entries.get(userId)?.watcher.stop();
    this.entries.delete(userId);
  }

  /** Stops the sockets nobody asked for in `idleMs`. */
  stopIdle(idleMs: number, now = Date.now()): void {
    for (const [userId, e] of this.entries) if (now - e.lastUsed > idleMs) this.stop(userId);
  }

  stopAll(): void {
    for (const userId of this.users()) this.stop(userId);
  }
}
