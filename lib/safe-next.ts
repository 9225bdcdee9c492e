const BASE = "http://musictrace.invalid";

/**
 * Only same-origin paths may be a post-login destination (no open redirect). The path is read the way a
 * browser reads it — WHATWG URL drops tabs and newlines and takes "\" for "/", so "/\t/evil.example" is
 * "//evil.example" — and what comes back is the parsed path, never the raw text.
 */
export function safeNext(next: string | null | undefined): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
  if (!next?.startsWith("/") || /[\u0000-\u001f\u007f]/.test(next)) return "/dashboard";
  try {
    const url = new URL(next, BASE);
    if (url.origin !== BASE || url.pathname.startsWith("//")) return "/dashboard";
    return url.pathname + url.search + url.hash;
  } catch {
    return "/dashboard";
  }
}
