/*
 * MusicTrace service worker (hand-written, no build step: Next serves it from public/ as /sw.js).
 *
 * - /_next/static/*: cache-first (file names carry a content hash, so a cached copy is never stale).
 * - Pages and API GETs: network-first; the last good copy is the offline fallback. Those copies hold one
 *   person's data, so they live in a cache named after a hash of the signed-in user (told by the page) and are
 *   deleted when that person signs out, when another person's page says hello, or when the API answers 401.
 * - RSC (flight) requests and next-auth endpoints always go to the network: a flight payload depends on the
 *   router state it was asked from, and when it fails offline Next falls back to a full navigation we can serve.
 * - Never copied: the admin area (pages and /api/admin/*, other people's data) and any data answer marked
 *   Cache-Control: no-store (the server's word that it must not be kept anywhere).
 * - A new version installs and then waits: the page shows "Update available — reload" and posts SKIP_WAITING.
 */
const VERSION = "2";
const STATIC_CACHE = `mt-static-v${VERSION}`;
const SHELL_CACHE = `mt-shell-v${VERSION}`;
const META_CACHE = "mt-meta";
const USER_PREFIX = "mt-user-";
const USER_KEY_URL = "/__mt/current-user";
const OFFLINE_URL = "/offline";
const SHELL_URLS = [
  "/icons/icon-192.png",
  "/icons/icon-512.png",
  "/icons/favicon-32.png",
  "/manifest.webmanifest",
];
const STATIC_LIMIT = 400;
const STAMP = "x-mt-cached-at";
const WARM_FRESH_MS = 5 * 60_000;

self.addEventListener("install", (event) => {
  // No skipWaiting here: the running pages keep the code they were built with until the person reloads.
  event.waitUntil(precacheShell());
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const keep = new Set([STATIC_CACHE, SHELL_CACHE, META_CACHE]);
      const names = await caches.keys();
      await Promise.all(
        names.filter((n) => !keep.has(n) && !n.startsWith(USER_PREFIX)).map((n) => caches.delete(n)),
      );
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  const msg = event.data || {};
  if (msg.type === "SKIP_WAITING") {
    self.skipWaiting();
  } else if (msg.type === "CLAIM") {
    // A page that loaded while this worker was activating can miss the claim in activate; it asks again.
    event.waitUntil(self.clients.claim());
  } else if (msg.type === "SET_USER") {
    const user = typeof msg.user === "string" && /^[a-f0-9]{8,64}$/.test(msg.user) ? msg.user : null;
    event.waitUntil(
      setUser(user).then(() => (user && Array.isArray(msg.warm) ? warm(user, msg.warm) : undefined)),
    );
  } else if (msg.type === "SIGN_OUT") {
    event.waitUntil(setUser(null).then(() => reply(event, { type: "SIGNED_OUT" })));
  } else if (msg.type === "STATUS") {
    const cachedAt = event.source ? fallbacks.get(event.source.id) : undefined;
    if (cachedAt) reply(event, { type: "OFFLINE_DATA", cachedAt });
  }
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  const path = url.pathname;
  if (path.startsWith("/_next/static/")) return event.respondWith(cacheFirst(event));
  if (path.startsWith("/api/auth/") || path === "/sw.js") return;
  if (isAdminPath(path)) return;
  if (req.headers.get("RSC") === "1" || url.searchParams.has("_rsc")) return;
  if (path.startsWith("/api/")) return event.respondWith(networkFirst(event, false));
  if (req.mode === "navigate") return event.respondWith(networkFirst(event, true));
  if (SHELL_URLS.includes(path)) return event.respondWith(sharedNetworkFirst(req));
});

// ---- the signed-in person -------------------------------------------------------------------------------

let currentUser; // undefined until read from META_CACHE (the worker may be restarted at any time)

async function getUser() {
  if (currentUser === undefined) {
    const hit = await (await caches.open(META_CACHE)).match(USER_KEY_URL);
    currentUser = hit ? await hit.text() : null;
  }
  return currentUser;
}

async function setUser(user) {
  currentUser = user;
  const meta = await caches.open(META_CACHE);
  if (user) await meta.put(USER_KEY_URL, new Response(user));
  else await meta.delete(USER_KEY_URL);
  // One person's copies at a time: everything cached for anybody else goes.
  const names = await caches.keys();
  await Promise.all(
    names.filter((n) => n.startsWith(USER_PREFIX) && n !== USER_PREFIX + user).map((n) => caches.delete(n)),
  );
}

// Stores a copy for `user` unless the person changed while the body was downloading.
async function putForUser(user, key, res) {
  const copy = await stamped(res);
  if ((await getUser()) !== user) return;
  await (await caches.open(USER_PREFIX + user)).put(key, copy);
  if ((await getUser()) !== user) await caches.delete(USER_PREFIX + user);
}

// Pages the worker did not see load (the first one, client-side navigations) ask to be saved; a copy saved in
// the last few minutes is good enough, so a page the worker already saw costs no second request.
async function warm(user, urls) {
  const cache = await caches.open(USER_PREFIX + user);
  for (const raw of urls.slice(0, 20)) {
    let url;
    try {
      url = new URL(raw, self.location.origin);
    } catch {
      continue;
    }
    if (url.origin !== self.location.origin || url.pathname.startsWith("/api/auth/")) continue;
    if (isAdminPath(url.pathname)) continue;
    const saved = await cache.match(url.href, { ignoreVary: true });
    if (saved && Date.now() - Number(saved.headers.get(STAMP)) < WARM_FRESH_MS) continue;
    try {
      const res = await fetch(url, { credentials: "same-origin" });
      if (res.status === 401) return setUser(null);
      if (!cacheable(res)) continue;
      const html = (res.headers.get("content-type") || "").includes("text/html");
      if (!html && !isJsonData(res)) continue;
      if (html) await cacheAssets(await res.clone().text());
      await putForUser(user, url.href, res);
    } catch {
      // Offline or the server is restarting: the next visit saves it instead.
    }
  }
}

// ---- strategies ---------------------------------------------------------------------------------------------

async function networkFirst(event, isPage) {
  const req = event.request;
  const user = await getUser();
  try {
    const res = await fetch(req);
    // The session is gone: nothing saved for it may be shown any more.
    if (res.status === 401) event.waitUntil(setUser(null));
    else if (user && cacheable(res) && (isPage || isJsonData(res))) {
      event.waitUntil(putForUser(user, stripHash(req.url), res.clone()));
    }
    if (res.ok) noteFresh(event);
    return res;
  } catch (err) {
    const hit = user
      ? await caches.match(stripHash(req.url), { cacheName: USER_PREFIX + user, ignoreVary: true })
      : undefined;
    if (hit) {
      noteFallback(event, hit);
      return hit;
    }
    if (isPage) {
      const offline = await caches.match(OFFLINE_URL, { cacheName: SHELL_CACHE });
      if (offline) return offline;
    }
    throw err;
  }
}

async function cacheFirst(event) {
  const cache = await caches.open(STATIC_CACHE);
  const hit = await cache.match(event.request);
  if (hit) return hit;
  const res = await fetch(event.request);
  if (res.ok && res.type === "basic") event.waitUntil(cache.put(event.request, res.clone()).then(trimStatic));
  return res;
}

async function sharedNetworkFirst(req) {
  const cache = await caches.open(SHELL_CACHE);
  try {
    const res = await fetch(req);
    if (res.ok) await cache.put(stripHash(req.url), res.clone());
    return res;
  } catch (err) {
    const hit = await cache.match(stripHash(req.url), { ignoreSearch: true });
    if (hit) return hit;
    throw err;
  }
}

// ---- helpers ------------------------------------------------------------------------------------------------

async function precacheShell() {
  const cache = await caches.open(SHELL_CACHE);
  await Promise.all(SHELL_URLS.map((u) => cache.add(new Request(u, { cache: "reload" })).catch(() => {})));
  try {
    const res = await fetch(OFFLINE_URL, { cache: "reload" });
    if (!res.ok) return;
    await cacheAssets(await res.clone().text());
    await cache.put(OFFLINE_URL, res);
  } catch {
    // Installing while offline is rare; the page still works online and the next version retries.
  }
}

// Scripts and styles named in a page, so that the page renders when it is later opened offline.
async function cacheAssets(html) {
  const urls = new Set(html.match(/\/_next\/static\/[^"'\s)\\]+/g) || []);
  const cache = await caches.open(STATIC_CACHE);
  await Promise.all(
    [...urls].map(async (u) => {
      if (await cache.match(u)) return;
      try {
        const res = await fetch(u);
        if (res.ok) await cache.put(u, res);
      } catch {
        // best effort
      }
    }),
  );
}

async function trimStatic() {
  const cache = await caches.open(STATIC_CACHE);
  const keys = await cache.keys();
  // Oldest first: old builds' chunks go once the cache is full.
  await Promise.all(keys.slice(0, Math.max(0, keys.length - STATIC_LIMIT)).map((k) => cache.delete(k)));
}

// API reads the pages render; downloads (history exports can be large) are never copied into the cache.
function isJsonData(res) {
  const type = res.headers.get("content-type") || "";
  return type.includes("json") && !(res.headers.get("content-disposition") || "").startsWith("attachment");
}

// no-store is honoured for data; Next marks every signed-in page no-store, and those pages are the offline
// copy this worker exists for (kept per user, cleared on sign-out).
function cacheable(res) {
  const page = (res.headers.get("content-type") || "").includes("text/html");
  return (
    res.ok &&
    res.type === "basic" &&
    !res.redirected &&
    (page || !/no-store/i.test(res.headers.get("cache-control") || ""))
  );
}

function isAdminPath(path) {
  return path === "/admin" || path.startsWith("/admin/") || path.startsWith("/api/admin/");
}

async function stamped(res) {
  const headers = new Headers(res.headers);
  headers.set(STAMP, String(Date.now()));
  const body = await res.blob();
  return new Response(body, { status: res.status, statusText: res.statusText, headers });
}

function stripHash(url) {
  const u = new URL(url);
  u.hash = "";
  return u.href;
}

// Which page is looking at saved data and since when: the page's offline banner asks for it.
const fallbacks = new Map();

function noteFallback(event, hit) {
  const cachedAt = Number(hit.headers.get(STAMP)) || Date.parse(hit.headers.get("date") || "") || Date.now();
  const id = event.resultingClientId || event.clientId;
  if (!id) return;
  const oldest = Math.min(fallbacks.get(id) || Number.POSITIVE_INFINITY, cachedAt);
  fallbacks.set(id, oldest);
  if (fallbacks.size > 50) fallbacks.delete(fallbacks.keys().next().value);
  if (event.clientId) {
    event.waitUntil(
      self.clients
        .get(event.clientId)
        .then((c) => c?.postMessage({ type: "OFFLINE_DATA", cachedAt: oldest })),
    );
  }
}

// A page that showed saved copies reached the network again: it replaces them with live data and drops the
// offline banner. Its "online" event may have come and gone already (a request failed just after the
// network came back), so the banner must not wait for another one.
function noteFresh(event) {
  const id = event.clientId;
  if (!id || !fallbacks.has(id)) return;
  fallbacks.delete(id);
  event.waitUntil(self.clients.get(id).then((c) => c?.postMessage({ type: "FRESH_DATA" })));
}

function reply(event, data) {
  if (event.ports?.[0]) event.ports[0].postMessage(data);
  else event.source?.postMessage(data);
}
