import type { Reply } from "./server";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Spotify shows an error page (no redirect) for a bad client id or redirect URI. */
export function errorPage(message: string): Reply {
  return {
    status: 400,
    headers: { "content-type": "text/html; charset=utf-8" },
    body: `<!doctype html><title>Error</title><h1>Oops! Something went wrong</h1><p id="error">${esc(message)}</p>`,
  };
}

/** A consent screen for browsers and demo mode: submitting re-requests /authorize with fake_user/fake_action. */
export function consentPage(url: URL): Reply {
  const hidden = [...url.searchParams]
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join("");
  const scopes = esc(url.searchParams.get("scope") ?? "");
  return {
    status: 200,
    headers: { "content-type": "text/html; charset=utf-8" },
    body: `<!doctype html><html><head><title>Fake Spotify – Authorize</title>
<style>body{font-family:sans-serif;background:#121212;color:#fff;max-width:28rem;margin:3rem auto}
input,button{font-size:1rem;padding:.5rem;margin:.25rem 0}button{border-radius:2rem;border:0;padding:.6rem 1.4rem}
.ok{background:#1db954}.no{background:#333;color:#fff}</style></head><body>
<h1>Fake Spotify</h1><p>MusicTrace wants to: <code id="scopes">${scopes}</code></p>
<form method="get" action="/authorize">${hidden}
<label>Spotify user id <input name="fake_user" value="demo" required></label><br>
<button class="ok" name="fake_action" value="approve" type="submit">Agree</button>
<button class="no" name="fake_action" value="deny" type="submit">Cancel</button>
</form></body></html>`,
  };
}
