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

  it("runs only commands that exist in package.json", () => {
    const scripts: string[] = [];
    for (const svc of Object.values(compose.services)) {
      for (const argv of [svc.command ?? [], svc.healthcheck?.test ?? []]) {
        const words = argv.filter((w) => w !== "--silent");
        words.forEach((w, i) => {
          if (w === "run" && words[i - 1] === "npm" && words[i + 1]) scripts.push(words[i + 1] as string);
        });
      }
    }
    expect(scripts).toEqual(expect.arrayContaining(["start:web", "start:worker"]));
    for (const script of scripts) expect(pkg.scripts, `npm run ${script}`).toHaveProperty(script);
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
