import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

// Docker cannot run on CI machines, so the compose file is checked as data: the parts that make it work.
type Service = {
  command?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
  volumes?: string[];
};
const compose = parse(fs.readFileSync("docker-compose.yml", "utf8"), { merge: true }) as {
  services: Record<string, Service>;
};
const pkg = JSON.parse(fs.readFileSync("package.json", "utf8")) as { scripts: Record<string, string> };

describe("docker-compose.yml", () => {
  it("has web, worker, postgres and redis, each with a health check", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["postgres", "redis", "web", "worker"]);
    for (const [name, svc] of Object.entries(compose.services)) {
      expect(svc.healthcheck?.test, `${name} health check`).toBeTruthy();
    }
  });

  it("starts web and worker only when their dependencies are healthy", () => {
    for (const name of ["web", "worker"]) {
      const deps = compose.services[name]?.depends_on ?? {};
      expect(deps.postgres?.condition).toBe("service_healthy");
      expect(deps.redis?.condition).toBe("service_healthy");
    }
  });

  it("runs the app with node itself, on files that exist, as the package.json scripts do", () => {
    // npm does not pass SIGTERM on to its script: under `npm run`, `docker compose stop` would end in a kill.
    // A script runs `tsx file.ts`, or `node [V8 flags] --import tsx file.ts` where it tunes the heap.
    const scriptFiles = new Set(
      Object.values(pkg.scripts).map(
        (cmd) => cmd.match(/^(?:tsx|node (?:--\S+ )*--import tsx) (\S+\.ts)/)?.[1],
      ),
    );
    const worker = pkg.scripts["start:worker"]?.split(" ") ?? [];
    const argvs = [compose.services.web, compose.services.worker].flatMap((svc) => [
      svc?.command ?? [],
      (svc?.healthcheck?.test ?? []).slice(1),
    ]);
    argvs.push(JSON.parse(fs.readFileSync("Dockerfile", "utf8").match(/^CMD (.*)$/m)?.[1] ?? "[]"));
    for (const argv of argvs) {
      if (argv[0] !== "node" || !argv.includes("--import")) continue; // the web health check is an inline fetch
      const at = argv.indexOf("--import");
      expect(argv.slice(at, at + 2)).toEqual(["--import", "tsx"]);
      const file = argv[at + 2] as string;
      expect(fs.existsSync(file), file).toBe(true);
      expect(scriptFiles.has(file), `${file} is also an npm script`).toBe(true);
    }
    expect(compose.services.web?.command).toEqual([
      "node",
      "--import",
      "tsx",
      "scripts/start.ts",
      "--web-only",
    ]);
    // The same node flags as `npm run start:worker`.
    expect(compose.services.worker?.command).toEqual(worker);
  });

  it("keeps Redis from evicting queue keys and persists data in volumes", () => {
    expect(compose.services.redis?.command?.join(" ")).toContain("noeviction");
    expect(compose.services.postgres?.volumes?.length).toBeGreaterThan(0);
    expect(compose.services.web?.environment?.AUTH_SECRET).toMatch(/\$\{AUTH_SECRET:\?/);
  });

  it("builds from a multi-stage Dockerfile", () => {
    const dockerfile = fs.readFileSync("Dockerfile", "utf8");
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
  });
});
