/**
 * Fake Spotify: accounts (`/authorize`, `/api/token`) and Web API (`/v1/...`) on one 127.0.0.1 port,
 * following reference/spotify-api.md including its quirks and faults.
 *
 * Start:  `const fake = await FakeSpotify.start({ clientId, clientSecret })` → `fake.accountsUrl`, `fake.apiUrl`.
 * Remote: `remoteControl<SpotifyControl>(url)` from another process (POST /__control).
 *
 * Consent: `/authorize` validates the request (client id, exact/loopback redirect, S256) and then
 *   - with `fake_user=<id>` (and optional `fake_action=deny`, `fake_scopes=a b`) redirects at once — tests
 *     append these to the Location the app sent them to;
 *   - without them shows an HTML consent page (user id field, Agree/Cancel) for browsers and demo mode.
 * Users are created on first consent (allow-listed, with the requested scopes granted).
 *
 * Scripting (SpotifyControl): addUser, setPlayer (what a user plays; progress moves in real time; `queue`
 * + repeat keep it playing), setSavedTracks, addRecentPlay, addTrack/addArtist, expireAccessTokens,
 * revokeRefreshTokens, ageRefreshTokens, setRefreshMode, setRecentBehaviour, setAllowListed, setOwnerPremium, setProfile,
 * failNext (status/429 Retry-After/"quota"/5xx/slow/reset/malformed body, per path and user), clearFaults,
 * requests (the request log, to count calls and check no batch endpoint is used), userOfToken.
 */
import { createHash } from "node:crypto";
import type http from "node:http";
import { FakeService, FaultQueue, type FaultSpec, json, type Recorded, type Reply, sleep } from "./server";
import { Catalogue, type FakeArtist, type FakeTrack, type Profile, API as PUBLIC_API } from "./spotify-data";
import { apiError, FakeSpotifyAccounts } from "./spotify-oauth";
import { addPlay, type PlayerScript, SpotifyPlayerApi, type User } from "./spotify-player";

export { DEFAULT_ALBUMS, DEFAULT_ARTISTS, DEFAULT_TRACKS, sid } from "./spotify-data";
export type { FakeDevice, PlayerScript } from "./spotify-player";

const ALL_SCOPES = [
  "user-read-playback-state",
  "user-read-currently-playing",
  "user-read-recently-played",
  "user-library-read",
];

export type SpotifyControl = Pick<
  FakeSpotify,
  | "addUser"
  | "setPlayer"
  | "setSavedTracks"
  | "addRecentPlay"
  | "addTrack"
  | "addArtist"
  | "expireAccessTokens"
  | "revokeRefreshTokens"
  | "ageRefreshTokens"
  | "setRefreshMode"
  | "setRecentBehaviour"
  | "setAllowListed"
  | "setOwnerPremium"
  | "setProfile"
  | "failNext"
  | "clearFaults"
  | "requests"
  | "userOfToken"
>;

export class FakeSpotify extends FakeService {
  readonly catalogue = new Catalogue();
  private users = new Map<string, User>();
  private accounts: FakeSpotifyAccounts;
  private playerApi: SpotifyPlayerApi;
  private faults = new FaultQueue();
  private profile: Profile = "dev";
  private ownerPremium = true;
  override readonly log: (Recorded & { user?: string })[] = [];

  constructor(
    readonly opts: {
      clientId: string;
      clientSecret?: string;
      /** Registered redirect URIs; a loopback one without a port accepts any port. */
      redirectUris?: string[];
    },
  ) {
    super();
    this.accounts = new FakeSpotifyAccounts(opts, {
      ensure: (id) => void this.user(id),
      scopes: (id) => this.users.get(id)?.scopes,
      refreshMode: (id) => this.user(id).refreshMode,
    });
    this.playerApi = new SpotifyPlayerApi(this.catalogue, () => this.profile);
  }

  static async start(opts: FakeSpotify["opts"] & { port?: number }): Promise<FakeSpotify> {
    const fake = new FakeSpotify(opts);
    await fake.listen(opts.port, (req, url, body) => fake.handle(req, url, body));
    return fake;
  }

  get accountsUrl(): string {
    return this.url;
  }
  get apiUrl(): string {
    return `${this.url}/v1`;
  }
  // ---- control ----------------------------------------------------------------------------------

  addUser(u: { id: string; displayName?: string; allowListed?: boolean; scopes?: string[] }): void {
    const existing = this.users.get(u.id);
    this.users.set(u.id, {
      player: null,
      saved: [],
      plays: [],
      refreshMode: "rotate",
      ...existing,
      id: u.id,
      displayName: u.displayName ?? existing?.displayName ?? u.id,
      accountId: existing?.accountId ?? `acc-${createHash("sha256").update(u.id).digest("hex").slice(0, 16)}`,
      allowListed: u.allowListed ?? existing?.allowListed ?? true,
      scopes: u.scopes ?? existing?.scopes,
    });
  }

  setPlayer(userId: string, script: PlayerScript | null): void {
    const u = this.user(userId);
    this.playerApi.advance(u);
    const prev = u.player;
    // A queue that ran out stands paused at the last track's end, already recorded by advance(): once only.
    if (prev && script?.trackId !== prev.trackId && !prev.endRecorded)
      this.playerApi.recordIfHeard(u, prev, Date.now());
    u.player = script
      ? {
          type: "track",
          isPlaying: true,
          progressMs: 0,
          repeat: "off",
          shuffle: false,
          ...script,
          device: script.device ?? prev?.device ?? { id: "dev-kitchen", name: "Kitchen", type: "Speaker" },
          setAt: Date.now(),
          // Restating the same finished track (paused) keeps it recorded once.
          endRecorded: !!prev?.endRecorded && script.trackId === prev.trackId && script.isPlaying === false,
        }
      : null;
  }

  setSavedTracks(userId: string, items: { trackId: string; addedAt: number }[]): void {
    this.user(userId).saved = [...items].sort((a, b) => b.addedAt - a.addedAt);
  }

  addRecentPlay(userId: string, trackId: string, playedAt: number): void {
    addPlay(this.user(userId), trackId, playedAt);
  }

  addTrack(t: FakeTrack): void {
    this.catalogue.tracks.set(t.id, t);
  }
  addArtist(a: FakeArtist): void {
    this.catalogue.artists.set(a.id, a);
  }

  /** Every access token of the user now answers 401 "The access token expired". */
  expireAccessTokens(userId: string): void {
    this.accounts.expireAccessTokens(userId);
  }
  revokeRefreshTokens(userId: string): void {
    this.accounts.revokeRefreshTokens(userId);
  }
  /** Moves the user's consent into the past (refresh tokens die 6 months after consent). */
  ageRefreshTokens(userId: string, ms: number): void {
    this.accounts.ageRefreshTokens(userId, ms);
  }
  setRefreshMode(userId: string, mode: "rotate" | "omit"): void {
    this.user(userId).refreshMode = mode;
  }
  /** recently-played realism (§4.4): plays show up `lagMs` late; played_at jitters by ±`jitterMs`. */
  setRecentBehaviour(userId: string, recent: { lagMs?: number; jitterMs?: number }): void {
    this.user(userId).recent = recent;
  }
  setAllowListed(userId: string, allowed: boolean): void {
    this.user(userId).allowListed = allowed;
  }
  setOwnerPremium(premium: boolean): void {
    this.ownerPremium = premium;
  }
  setProfile(profile: Profile): void {
    this.profile = profile;
  }
  failNext(fault: FaultSpec): void {
    this.faults.add(fault);
  }
  clearFaults(): void {
    this.faults.clear();
  }
  requests(filter: { path?: string; user?: string; since?: number } = {}): (Recorded & { user?: string })[] {
    return this.log.filter(
      (r) =>
        (!filter.path || r.path.startsWith(filter.path)) &&
        (!filter.user || r.user === filter.user) &&
        (!filter.since || r.at >= filter.since),
    );
  }
  userOfToken(accessToken: string): string | null {
    return this.accounts.access.get(accessToken)?.user ?? null;
  }

  // ---- HTTP -------------------------------------------------------------------------------------

  private async handle(req: http.IncomingMessage, url: URL, body: string): Promise<Reply> {
    const rec = this.log[this.log.length - 1];
    if (url.pathname === "/authorize") return this.accounts.authorize(url);
    if (url.pathname === "/api/token") {
      const fault = this.faults.take(url.pathname, undefined);
      const r = fault && (await this.applyFault(fault, req));
      if (r && (r.status !== 0 || fault?.reset)) return r;
      return this.accounts.token(req, body);
    }
    if (!url.pathname.startsWith("/v1/")) return json(404, { error: { status: 404, message: "Not found" } });
    const auth = this.accounts.bearer(req.headers.authorization);
    if ("reply" in auth) return auth.reply;
    const user = this.user(auth.user);
    if (rec) rec.user = user.id;
    const fault = this.faults.take(url.pathname, user.id);
    if (fault) {
      const r = await this.applyFault(fault, req);
      if (r.status !== 0 || fault.reset) return r;
    }
    if (!this.ownerPremium)
      return apiError(403, "Active premium subscription required for the owner of the app.");
    if (!user.allowListed)
      return apiError(
        403,
        "Check settings on developer.spotify.com/dashboard, the user may not be registered.",
      );
    return this.api(url, user, auth.scopes);
  }

  private async applyFault(f: FaultSpec, req: http.IncomingMessage): Promise<Reply> {
    if (f.delayMs) await sleep(f.delayMs);
    if (f.reset) {
      req.socket.destroy();
      return { status: 0 };
    }
    if (!f.status && !f.kind && f.body === undefined) return { status: 0 };
    if (f.kind === "quota") {
      return json(
        429,
        { error: { status: 429, message: "Too many requests", reason: "QUOTA_EXCEEDED" } },
        { "retry-after": String(f.retryAfter ?? 3600) },
      );
    }
    const status = f.status ?? 200;
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (status === 429) headers["retry-after"] = String(f.retryAfter ?? 1);
    const messages: Record<number, string> = {
      401: "The access token expired",
      403: "Forbidden",
      429: "API rate limit exceeded",
    };
    return {
      status,
      headers,
      body: f.body ?? JSON.stringify({ error: { status, message: messages[status] ?? "Server error" } }),
    };
  }
  private api(url: URL, user: User, scopes: string[]): Reply {
    const path = url.pathname.slice(3);
    const q = url.searchParams;
    const need = (scope: string) =>
      scopes.includes(scope) ? undefined : apiError(403, "Insufficient client scope");
    if (path === "/me") return json(200, this.me(user));
    if (path === "/me/player") return need(ALL_SCOPES[0] ?? "") ?? this.playerApi.player(user, q, true);
    if (path === "/me/player/currently-playing")
      return need(ALL_SCOPES[1] ?? "") ?? this.playerApi.player(user, q, false);
    if (path === "/me/player/recently-played")
      return need(ALL_SCOPES[2] ?? "") ?? this.playerApi.recent(user, q);
    if (path === "/me/tracks") return need(ALL_SCOPES[3] ?? "") ?? this.playerApi.saved(user, q);
    if (path === "/me/library/contains") return need(ALL_SCOPES[3] ?? "") ?? this.playerApi.contains(user, q);
    if (["/artists", "/tracks", "/albums", "/me/tracks/contains"].includes(path)) {
      if (this.profile === "dev") return apiError(403, "Forbidden");
    }
    const one = /^\/(artists|tracks)\/([^/]+)$/.exec(path);
    if (one) {
      const [, kind, id = ""] = one;
      if (!/^[A-Za-z0-9]{22}$/.test(id)) return apiError(400, "invalid id");
      const obj =
        kind === "artists"
          ? this.catalogue.fullArtist(id, this.profile)
          : this.catalogue.track(id, this.profile);
      return obj ? json(200, obj) : apiError(404, "Resource not found");
    }
    if (path === "/artists" && this.profile === "extended") {
      const ids = (q.get("ids") ?? "").split(",");
      return json(200, { artists: ids.map((id) => this.catalogue.fullArtist(id, this.profile) ?? null) });
    }
    return apiError(404, "Service not found");
  }

  private me(user: User) {
    return {
      account_id: user.accountId,
      display_name: user.displayName,
      external_urls: { spotify: `https://open.spotify.com/user/${user.id}` },
      href: `${PUBLIC_API}/users/${user.id}`,
      id: user.id,
      images: [],
      type: "user",
      uri: `spotify:user:${user.id}`,
      ...(this.profile === "extended" && { country: "RU", product: "premium", followers: { total: 3 } }),
    };
  }

  private user(id: string): User {
    if (!this.users.has(id)) this.addUser({ id });
    const u = this.users.get(id);
    if (!u) throw new Error(`no user ${id}`);
    return u;
  }
}
