import type { Page } from "@playwright/test";

/**
 * What a review of every page at 360 px found, as checks run inside the page. Each returns readable lines
 * ("clipped: SPAN "Лет…" 31/120 px") so a failure says where to look. Names of songs, artists and people are
 * data, not interface: they sit inside translate="no" and the language check skips them.
 */
export type AuditOptions = { touch: boolean; locale: "en" | "ru" };
export type Audit = {
  overflow: string[];
  clipped: string[];
  targets: string[];
  contrast: string[];
  language: string[];
};

// Words that are the same in both languages: product and service names, units and formats.
const SHARED_WORDS = [
  "MusicTrace",
  "Spotify",
  "Last.fm",
  "ListenBrainz",
  "LRCLIB",
  "MusicBrainz",
  "OAuth",
  "CSV",
  "JSON",
  "JSONL",
  "ZIP",
  "Premium",
  "ISRC",
  "UTC",
  "GMT",
  "API",
  "URL",
  "Ynison",
  "OK",
  // Players that scrobble to us (Settings → Scrobble from other players).
  "Navidrome",
  "Jellyfin",
  "Web Scrobbler",
  "Pano Scrobbler",
];

export async function audit(page: Page, opts: AuditOptions): Promise<Audit> {
  return page.evaluate(
    ({ touch, locale, shared }) => {
      const visible = (el: Element) => {
        const r = el.getBoundingClientRect();
        const s = getComputedStyle(el);
        return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none";
      };
      const nameOf = (el: Element) =>
        `${el.tagName} "${(el.textContent ?? el.getAttribute("aria-label") ?? "").trim().replace(/\s+/g, " ").slice(0, 40)}"`;
      // Inside a sideways-scrolling strip (calendar, heatmap) or a fixed layer, width is the strip's business.
      const inScroller = (el: Element) => {
        for (let p = el.parentElement; p; p = p.parentElement) {
          const s = getComputedStyle(p);
          if (s.overflowX === "auto" || s.overflowX === "scroll") return true;
        }
        return false;
      };
      const srOnly = (el: Element) => {
        for (let p: Element | null = el; p; p = p.parentElement) {
          const s = getComputedStyle(p);
          if (s.clip === "rect(0px, 0px, 0px, 0px)" || s.clipPath === "inset(50%)") return true;
        }
        return false;
      };
      const all = [...document.body.querySelectorAll("*")].filter((el) => !srOnly(el) && visible(el));
      const width = document.documentElement.clientWidth;

      const overflow: string[] = [];
      if (document.documentElement.scrollWidth > width + 1) {
        overflow.push(`page is ${document.documentElement.scrollWidth} px wide in a ${width} px window`);
        for (const el of all) {
          const r = el.getBoundingClientRect();
          if (r.right > width + 1 && !inScroller(el) && el.children.length === 0) {
            overflow.push(`${nameOf(el)} ends at ${Math.round(r.right)} px`);
          }
        }
      }

      const ownText = (el: Element) =>
        [...el.childNodes]
          .filter((n) => n.nodeType === Node.TEXT_NODE)
          .map((n) => n.textContent ?? "")
          .join("")
          .trim();
      const clipped: string[] = [];
      for (const el of all) {
        if (!(el instanceof HTMLElement) || !ownText(el) || el.closest("svg")) continue;
        const s = getComputedStyle(el);
        if (s.overflowX === "visible" || el.scrollWidth <= el.clientWidth + 1) continue;
        if (s.overflowX === "auto" || s.overflowX === "scroll") continue;
        // An ellipsis is fine for a long name that still shows most of itself; a stub ("Лет…") is not.
        if (s.textOverflow === "ellipsis" && el.clientWidth >= 96) continue;
        clipped.push(`${nameOf(el)} ${el.clientWidth}/${el.scrollWidth} px`);
      }

      const targets: string[] = [];
      if (touch) {
        const sel = "a[href], button, select, input:not([type=hidden]), textarea, summary, [role=tab]";
        for (const el of document.querySelectorAll<HTMLElement>(sel)) {
          if (!visible(el) || srOnly(el) || el.closest("[inert], [aria-hidden=true]")) continue;
          let r = el.getBoundingClientRect();
          // A checkbox or radio counts with its label (the label is what a thumb presses).
          if (el instanceof HTMLInputElement && /checkbox|radio/.test(el.type)) {
            const label =
              el.closest("label") ?? (el.id ? document.querySelector(`label[for="${el.id}"]`) : null);
            if (label) r = label.getBoundingClientRect();
          }
          if (r.height < 43.5 || r.width < 43.5) {
            targets.push(`${nameOf(el)} ${Math.round(r.width)}×${Math.round(r.height)}`);
          }
        }
      }

      const rgba = (c: string): [number, number, number, number] | null => {
        const m = c.match(/rgba?\(([\d.]+)[, ]+([\d.]+)[, ]+([\d.]+)(?:[,/ ]+([\d.]+%?))?\)/);
        if (!m) return null;
        const a = m[4] === undefined ? 1 : m[4].endsWith("%") ? Number.parseFloat(m[4]) / 100 : Number(m[4]);
        return [Number(m[1]), Number(m[2]), Number(m[3]), a];
      };
      const lum = ([r, g, b]: number[]) => {
        const ch = (v = 0) => {
          const x = v / 255;
          return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
        };
        return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b);
      };
      const blend = (top: number[], under: number[]) => {
        const a = top[3] ?? 1;
        return [0, 1, 2].map((i) => (top[i] ?? 0) * a + (under[i] ?? 0) * (1 - a));
      };
      // The colours behind an element: its own and its ancestors' backgrounds, gradients as their stops.
      const backdrops = (el: Element): number[][] => {
        const layers: string[][] = [];
        for (let p: Element | null = el; p; p = p.parentElement) {
          const s = getComputedStyle(p);
          const stops = s.backgroundImage.match(/rgba?\([^)]+\)/g);
          if (stops) {
            layers.push(stops);
            break;
          }
          layers.push([s.backgroundColor]);
          const c = rgba(s.backgroundColor);
          if (c && c[3] >= 0.99) break;
        }
        let result: number[][] = [[255, 255, 255]];
        for (const layer of layers.reverse()) {
          const colors = layer.map(rgba).filter((c): c is [number, number, number, number] => c !== null);
          if (colors.length === 0) continue;
          result = colors.flatMap((c) => result.map((under) => blend(c, under)));
        }
        return result;
      };
      const contrast: string[] = [];
      for (const el of all) {
        if (!ownText(el) || el.closest("svg, [aria-hidden=true]")) continue;
        const s = getComputedStyle(el);
        const fg = rgba(s.color);
        // Gradient-filled text (the logo) has no single colour to measure.
        if (
          !fg ||
          fg[3] === 0 ||
          s.webkitTextFillColor === "transparent" ||
          s.webkitTextFillColor === "rgba(0, 0, 0, 0)"
        )
          continue;
        let opacity = 1;
        for (let p: Element | null = el; p; p = p.parentElement)
          opacity *= Number(getComputedStyle(p).opacity);
        if (opacity < 0.99 && el.closest(":disabled, [aria-disabled=true]")) continue;
        const size = Number.parseFloat(s.fontSize);
        const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);
        const need = large ? 3 : 4.5;
        const worst = Math.min(
          ...backdrops(el).map((bg) => {
            const text = blend([fg[0], fg[1], fg[2], fg[3] * opacity], bg);
            const [a, b] = [lum(text), lum(bg)];
            return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
          }),
        );
        if (worst < need) contrast.push(`${nameOf(el)} ${worst.toFixed(2)}:1 (needs ${need})`);
      }

      const language: string[] = [];
      const foreign = locale === "ru" ? /[A-Za-z]{2,}/g : /[А-Яа-яЁё]{2,}/g;
      const sharedSet = new Set(shared);
      const seen = new Set<string>();
      // Identifiers (user names like e2e_1f3a, job ids like enrich:track:42, file names) are not prose.
      const identifier = /[\d_:/@.=]/;
      const check = (text: string, where: string) => {
        const prose = text
          .split(/\s+/)
          .map((token) => token.replace(/^[(«"“]+|[.,;:!?…)»"”]+$/g, ""))
          .filter((token) => !identifier.test(token))
          .join(" ");
        for (const word of prose.match(foreign) ?? []) {
          if (sharedSet.has(word) || shared.some((s) => s.includes(word))) continue;
          const line = `${where}: "${word}" in "${text.trim().slice(0, 60)}"`;
          if (!seen.has(line)) language.push(line);
          seen.add(line);
        }
      };
      // Labels such as "Delete listen of Кино" quote data: the data strings on the page are taken out first.
      const data: string[] = [];
      for (const el of document.querySelectorAll("[translate=no]")) {
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const t = (n.textContent ?? "").trim().replace(/^— /, "");
          if (t.length > 1) data.push(t);
        }
      }
      data.sort((a, b) => b.length - a.length);
      const withoutData = (v: string) => data.reduce((acc, d) => acc.split(d).join(" "), v);
      for (const el of all) {
        if (el.closest("[translate=no], script, style, code, pre, svg")) continue;
        const text = ownText(el);
        if (text) check(text, el.tagName);
        for (const attr of ["aria-label", "placeholder", "title", "alt"]) {
          const v = el.getAttribute(attr);
          if (v) check(withoutData(v), `${el.tagName}[${attr}]`);
        }
      }
      return { overflow, clipped, targets, contrast, language };
    },
    { ...opts, shared: SHARED_WORDS },
  );
}
