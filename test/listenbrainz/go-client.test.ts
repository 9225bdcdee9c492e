/**
 * A ListenBrainz client nobody here wrote — github.com/kori/go-listenbrainz, from Debian's
 * golang-github-kori-go-listenbrainz-dev — submits single, playing-now and import listens to the running app
 * and reads them back (issue #18). test/listenbrainz/go-client/main.go is a thin command line over the
 * library; only its transport is ours, to send the library's requests to our URL instead of
 * api.listenbrainz.org, which is what a player's "custom ListenBrainz server" setting does.
 *
 * Needs Go and that library (`.ci/run` installs both); without them the file is skipped with the reason.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { TestClient } from "@/test/helpers/client";
import { createTestUser } from "@/test/helpers/factories";

const run = promisify(execFile);
const GOPATH = "/usr/share/gocode";
const LIBRARY = `${GOPATH}/src/github.com/kori/go-listenbrainz`;
const haveGo = await run("go", ["version"]).then(
  () => existsSync(LIBRARY),
  () => false,
);
if (!haveGo)
  console.warn("go-client.test: skipped — needs `go` and Debian's golang-github-kori-go-listenbrainz-dev");

let binary = "";
let token = "";
let username = "";

async function client(...args: string[]) {
  const { stdout } = await run(binary, args, {
    env: { ...process.env, LISTENBRAINZ_URL: inject("appUrl"), LISTENBRAINZ_TOKEN: token },
  });
  const [status = "", ...body] = stdout.split("\n");
  return { status: Number(status), body: body.join("\n").trim() };
}

// Skipped without Go and Debian's go-listenbrainz (a fresh machine); .ci/run installs both and runs it.
describe.skipIf(!haveGo)("go-listenbrainz against the app", () => {
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "lb-go-"));
    binary = path.join(dir, "go-client");
    await run("go", ["build", "-o", binary, "."], {
      cwd: path.join(import.meta.dirname, "go-client"),
      env: { ...process.env, GO111MODULE: "off", GOPATH, GOCACHE: path.join(dir, "cache"), GOFLAGS: "" },
    });
    const user = await createTestUser({ prefix: "golb" });
    username = user.username;
    const web = new TestClient();
    await web.signIn(user.username, user.password);
    ({ token } = (await (await web.json("/api/tokens", "POST", { name: "go-listenbrainz" })).json()) as {
      token: string;
    });
  }, 180_000);

  it("submits single, playing-now and import listens and reads them back", async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await client("single", "Дельфин", "Весна", "Андрей", String(now - 3600))).toEqual({
      status: 200,
      body: '{"status":"ok"}',
    });
    const times = [now - 7200, now - 7000, now - 6800].map(String);
    expect((await client("import", ...times)).status).toBe(200);
    // A client that re-sends a batch (it could not tell it arrived) adds nothing.
    expect((await client("import", ...times)).status).toBe(200);

    const read = await client("listens", username);
    expect(read.status).toBe(200);
    const { payload } = JSON.parse(read.body) as {
      payload: {
        listens: { listened_at: number; track_metadata: { track_name: string; artist_name: string } }[];
      };
    };
    expect(
      payload.listens.map((l) => [l.listened_at, l.track_metadata.artist_name, l.track_metadata.track_name]),
    ).toEqual([
      [now - 3600, "Дельфин", "Весна"],
      [now - 6800, "Go Client", "Import 2"],
      [now - 7000, "Go Client", "Import 1"],
      [now - 7200, "Go Client", "Import 0"],
    ]);

    expect(
      (await client("playing-now", "Кино", "Звезда по имени Солнце", "Звезда по имени Солнце")).status,
    ).toBe(200);
    const playing = await new TestClient().fetch(`/1/user/${username}/playing-now`, {
      headers: { authorization: `Token ${token}` },
    });
    expect(JSON.stringify(await playing.json())).toContain("Звезда по имени Солнце");
  });

  it("gets ListenBrainz's 401 with a wrong token, and nothing is stored", async () => {
    const saved = token;
    token = "mt_not-a-token";
    try {
      const res = await client("single", "Nobody", "Nothing", "None", String(Math.floor(Date.now() / 1000)));
      expect(res.status).toBe(401);
      expect(JSON.parse(res.body)).toMatchObject({ code: 401, error: expect.any(String) });
    } finally {
      token = saved;
    }
    const read = JSON.parse((await client("listens", username)).body) as { payload: { count: number } };
    expect(read.payload.count).toBe(4);
  });
});
