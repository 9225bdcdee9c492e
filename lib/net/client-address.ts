import type { IncomingMessage } from "node:http";
import proxyAddr from "proxy-addr";

/**
 * The header the app's own HTTP server (scripts/app.ts) sets on every request to the client address it
 * worked out. Any copy a client sends is overwritten first, so route handlers can trust it.
 */
export const CLIENT_ADDRESS_HEADER = "x-musictrace-client-address";

type Trust = (addr: string, hop: number) => boolean;

/**
 * TRUST_PROXY: unset → only the socket address counts (X-Forwarded-For is ignored, since anyone can send
 * it); a number n → the n nearest proxies are trusted; otherwise a comma-separated list of addresses,
 * CIDRs or proxy-addr's names (loopback, linklocal, uniquelocal). Throws on a malformed value.
 */
export function compileTrust(value: string | undefined): Trust {
  const v = value?.trim();
  if (!v || v === "0" || v === "false") return () => false;
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    return (_addr, hop) => hop < hops;
  }
  return proxyAddr.compile(
    v
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );
}

/** The client's address: the socket's, or the nearest X-Forwarded-For entry not sent by a trusted proxy. */
export function clientAddressOf(req: IncomingMessage, trust: Trust): string {
  return normalise(proxyAddr(req, trust)) || "unknown";
}

/** "::ffff:10.0.0.1" (a v4 client on a dual-stack socket) is the same client as "10.0.0.1". */
function normalise(addr: string | undefined): string {
  return (addr ?? "").replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, "$1");
}

/** Whether the address is this machine (the first-admin setup allows it without the setup token). */
export function isLoopback(addr: string): boolean {
  return addr === "::1" || /^127\./.test(addr);
}

/** The address set by our server for this request (route handlers, next-auth's header object). */
export function requestAddress(headers: Headers | Record<string, unknown> | undefined): string {
  const value =
    headers instanceof Headers ? headers.get(CLIENT_ADDRESS_HEADER) : headers?.[CLIENT_ADDRESS_HEADER];
  return typeof value === "string" && value ? value : "unknown";
}
