import type { Rng } from "./random";

// Word stock for invented artists, albums and songs; about a third of the catalog gets Cyrillic names,
// like a typical Yandex Music listener's library.
const LATIN_A = [
  "Midnight",
  "Velvet",
  "Neon",
  "Silver",
  "Electric",
  "Golden",
  "Hollow",
  "Crimson",
  "Lunar",
  "Wild",
  "Paper",
  "Glass",
  "Static",
  "Northern",
  "Quiet",
  "Broken",
  "Solar",
  "Purple",
  "Distant",
  "Frozen",
];
const LATIN_B = [
  "Echoes",
  "Rivers",
  "Tigers",
  "Machines",
  "Hearts",
  "Lights",
  "Ghosts",
  "Wolves",
  "Satellites",
  "Dreams",
  "Waves",
  "Parade",
  "Avenue",
  "Garden",
  "Signals",
  "Horizon",
  "Kids",
  "Orchestra",
  "Club",
  "Motel",
];
const LATIN_SOLO = [
  "Mira",
  "Jonah",
  "Lexi",
  "Orion",
  "Sasha",
  "Nico",
  "Ava",
  "Theo",
  "Luna",
  "Milo",
  "Iris",
  "Felix",
];
const CYR_A = [
  "Ночные",
  "Северные",
  "Красные",
  "Тихие",
  "Звёздные",
  "Бумажные",
  "Синие",
  "Дикие",
  "Последние",
  "Летние",
  "Городские",
  "Снежные",
  "Золотые",
  "Весенние",
  "Лунные",
];
const CYR_B = [
  "Снайперы",
  "Огни",
  "Волны",
  "Трамваи",
  "Птицы",
  "Сигналы",
  "Мосты",
  "Корабли",
  "Сны",
  "Ветра",
  "Голоса",
  "Крыши",
  "Дворы",
  "Поезда",
  "Маяки",
];
const CYR_SOLO = ["Алиса", "Маша", "Гоша", "Вера", "Кирилл", "Соня", "Лёва", "Дана", "Мирон", "Ева"];
const TITLE_LATIN = [
  "Love",
  "Night",
  "Summer",
  "Fire",
  "Home",
  "Run",
  "Stay",
  "Ocean",
  "Sky",
  "Tonight",
  "Alone",
  "Forever",
  "Highway",
  "Rain",
  "City",
  "Gravity",
  "Sugar",
  "Mirror",
  "Heartbeat",
  "Shadow",
  "Daylight",
  "Fever",
];
const TITLE_CYR = [
  "Любовь",
  "Ночь",
  "Лето",
  "Огонь",
  "Дом",
  "Небо",
  "Город",
  "Дождь",
  "Весна",
  "Море",
  "Звезда",
  "Зима",
  "Танцы",
  "Метро",
  "Вокзал",
  "Рассвет",
  "Сердце",
  "Тишина",
  "Полёт",
  "Февраль",
];
const TITLE_SUFFIX_LATIN = ["", "", "", " (Remix)", " (Live)", " Again", " Pt. 2", " (Acoustic)"];
const TITLE_SUFFIX_CYR = ["", "", "", " (Remix)", " (Live)", " навсегда", " часть 2"];

export const GENRES = [
  "pop",
  "rusrap",
  "rock",
  "indie",
  "electronic",
  "hip-hop",
  "alternative",
  "ru pop",
  "rusrock",
  "jazz",
  "metal",
  "dance",
  "lo-fi",
  "synthwave",
  "post-punk",
  "classical",
  "r&b",
  "folk",
  "techno",
  "soundtrack",
] as const;
export const CYRILLIC_GENRES = new Set(["rusrap", "ru pop", "rusrock", "post-punk", "pop", "indie"]);

export function artistName(rng: Rng, cyrillic: boolean, index: number): string {
  const base = cyrillic
    ? rng.chance(0.3)
      ? rng.pick(CYR_SOLO)
      : `${rng.pick(CYR_A)} ${rng.pick(CYR_B)}`
    : rng.chance(0.3)
      ? rng.pick(LATIN_SOLO)
      : `${rng.chance(0.4) ? "The " : ""}${rng.pick(LATIN_A)} ${rng.pick(LATIN_B)}`;
  // Word stock is small; a number keeps names distinct without looking like ids.
  return index < 400 ? base : `${base} ${(index % 97) + 2}`;
}

export function trackTitle(rng: Rng, cyrillic: boolean): string {
  if (cyrillic) {
    const two = rng.chance(0.5) ? ` ${rng.pick(TITLE_CYR).toLowerCase()}` : "";
    return `${rng.pick(TITLE_CYR)}${two}${rng.pick(TITLE_SUFFIX_CYR)}`;
  }
  const two = rng.chance(0.5) ? ` ${rng.pick(TITLE_LATIN)}` : "";
  return `${rng.pick(TITLE_LATIN)}${two}${rng.pick(TITLE_SUFFIX_LATIN)}`;
}

export function albumTitle(rng: Rng, cyrillic: boolean): string {
  return cyrillic
    ? `${rng.pick(CYR_A)} ${rng.pick(TITLE_CYR).toLowerCase()}`
    : `${rng.pick(LATIN_A)} ${rng.pick(TITLE_LATIN)}`;
}

/** The same normalisation idea as catalog matching: lowercase, no punctuation, single spaces. */
export function normalise(s: string): string {
  return s
    .toLowerCase()
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** A Spotify-shaped id (22 base62 characters), deterministic per (seed, kind, index). */
export function spotifyId(rng: Rng): string {
  let s = "";
  for (let i = 0; i < 22; i++) s += BASE62[Math.floor(rng.next() * 62)];
  return s;
}
