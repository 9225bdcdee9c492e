/**
 * A lab user as a person would be: registered, signed in and connected over the app's HTTP endpoints only
 * (cookies kept like a browser), and the listens it sees in `GET /api/stats/recent`.
 */
import { randomBytes } from "node:crypto";

export type RecentListen = { listen_id: number; title: string; played_at: string; source: string };

export class LabUser {
  private cookies = new Map<string, string>();
  readonly username: string;
  private readonly password = `lab-${randomBytes(9).toString("base64url")}`;

  constructor(
    readonly baseUrl: string,
    name: string,
  ) {
    this.username = `${name.replace(/[^a-z0-9]/gi, "").slice(0, 18)}${randomBytes(3).toString("hex")}`;
  }

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const res = await fetch(new URL(path, this.baseUrl), { ...init, headers, redirect: "manual" });
    for (const c of res.headers.getSetCookie()) {
      const [pair = ""] = c.split(";");
      const eq = pair.indexOf("=");
      const value = pair.slice(eq + 1);
      if (value === "" || /max-age=0/i.test(c)) this.cookies.delete(pair.slice(0, eq));
      else this.cookies.set(pair.slice(0, eq), value);
    }
    return res;
  }

  /** Registers and signs in (next-auth's CSRF → credentials callback, as the sign-in form does). */
  async signUp(): Promise<void> {
    const body = JSON.stringify({ username: this.username, password: this.password });
    const reg = await this.fetch("/api/register", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    if (reg.status !== 201) throw new Error(`register ${this.username}: ${reg.status} ${await reg.text()}`);
    const { csrfToken } = (await (await this.fetch("/api/auth/csrf")).json()) as { csrfToken: string };
    const res = await this.fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        csrfToken,
        username: this.username,
        password: this.password,
        json: "true",
      }),
    });
    if (res.status >= 400 || ![...this.cookies.keys()].some((k) => k.includes("session-token"))) {
      throw new Error(`sign-in ${this.username}: ${res.status}`);
    }
  }

  /** "Connect Spotify": the app's redirect to the (fake) consent page, approve as `spotifyUser`, come back. */
  async connectSpotify(spotifyUser: string): Promise<void> {
    const start = await this.fetch("/spotify/connect");
    const authorize = new URL(start.headers.get("location") ?? "");
    authorize.searchParams.set("fake_user", spotifyUser);
    const consent = await fetch(authorize, { redirect: "manual" });
    const back = new URL(consent.headers.get("location") ?? "");
    const done = await this.fetch(back.pathname + back.search);
    const landed = done.headers.get("location") ?? "";
    if (!landed.includes("connected=spotify")) throw new Error(`spotify connect: landed on ${landed}`);
  }

  /** "Connect Yandex Music": paste the token on the settings page. */
  async connectYandex(token: string): Promise<void> {
    const res = await this.fetch("/api/services/yandex", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token }),
    });
    if (!res.ok) throw new Error(`yandex connect: ${res.status} ${await res.text()}`);
  }

  async recent(): Promise<RecentListen[]> {
    const res = await this.fetch("/api/stats/recent");
    if (!res.ok) throw new Error(`recent: ${res.status}`);
    return ((await res.json()) as { tracks: RecentListen[] }).tracks;
  }
}
