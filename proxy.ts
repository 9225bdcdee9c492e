import { type NextRequest, NextResponse } from "next/server";
import { getToken } from "next-auth/jwt";
import { env, requireSecret } from "@/lib/env";

// Reachable without a session; everything else needs one.
const PUBLIC_PAGES = new Set(["/", "/login", "/register", "/offline"]);
// Share links (/s/<token> and its /og image): the page itself checks the token.
const PUBLIC_PREFIXES = ["/s/"];
const PUBLIC_API = ["/api/auth/", "/api/register", "/api/health"];

/**
 * The page's Content-Security-Policy: scripts only from our origin or carrying this request's nonce (Next
 * reads it from the request's CSP header and puts it on its own inline scripts; the root layout on the
 * theme script), so an injected inline script does not run. Styles keep 'unsafe-inline' (React style
 * attributes); covers come from the providers' https image CDNs.
 */
function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
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
}

/**
 * First line of the auth gate: anonymous page views go to /login?next=…, anonymous API calls get 401 JSON
 * (never an HTML redirect). Route handlers and layouts still check the user (and the session version).
 */
export async function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  const path = pathname.length > 1 ? pathname.replace(/\/$/, "") : pathname;
  const headers = new Headers(req.headers);
  headers.set("x-pathname", pathname + search);
  const csp = path.startsWith("/api/") ? null : contentSecurityPolicy(btoa(crypto.randomUUID()));
  if (csp) {
    headers.set("x-nonce", /'nonce-([^']+)'/.exec(csp)?.[1] ?? "");
    headers.set("content-security-policy", csp);
  }
  const withCsp = (res: NextResponse) => {
    if (csp) res.headers.set("content-security-policy", csp);
    return res;
  };
  const pass = () => withCsp(NextResponse.next({ request: { headers } }));

  if (
    PUBLIC_PAGES.has(path) ||
    PUBLIC_PREFIXES.some((p) => path.startsWith(p)) ||
    PUBLIC_API.some((p) => path === p.replace(/\/$/, "") || path.startsWith(p))
  ) {
    return pass();
  }
  const token = await getToken({
    req,
    secret: requireSecret("AUTH_SECRET"),
    secureCookie: env().APP_URL.startsWith("https://"),
  });
  if (token) return pass();
  if (path.startsWith("/api/")) {
    return NextResponse.json(
      { status: "error", message: "Authentication required" },
      { status: 401, headers: { "cache-control": "private, no-store" } },
    );
  }
  const login = new URL("/login", req.url);
  login.searchParams.set("next", path + search);
  return withCsp(NextResponse.redirect(login));
}

export const config = {
  // Static files, images and PWA assets never need a session. The upload endpoint is left out too: Next
  // buffers (and past 10 MB truncates) every request body a proxy sees, and exports run to hundreds of MB;
  // its handler checks the session itself (401 JSON). The ListenBrainz-compatible API under /1/ authorises by
  // token in its handlers (lib/listenbrainz/http.ts), and its 10 MB imports must not pass the proxy either.
  matcher: [
    "/((?!_next/static|_next/image|favicon.ico|icons/|screenshots/|manifest.webmanifest|sw.js|robots.txt|api/imports$|1/).*)",
  ],
};
