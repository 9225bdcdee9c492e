import { COMMON_PASSWORDS } from "./common-passwords";

export type PasswordProblem = "too_short" | "all_digits" | "too_common" | "too_similar" | "too_long";

/** The original app's (Django's) password rules, returned as codes the UI translates. */
export function passwordProblems(password: string, username: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if (password.length < 8) problems.push("too_short");
  if (password.length > 256) problems.push("too_long");
  if (/^\d+$/.test(password)) problems.push("all_digits");
  if (COMMON_PASSWORDS.has(password.toLowerCase())) problems.push("too_common");
  if (tooSimilar(password, username)) problems.push("too_similar");
  return problems;
}

function tooSimilar(password: string, username: string): boolean {
  const p = password.toLowerCase();
  const u = username.toLowerCase();
  if (u.length < 3) return false;
  if (p.includes(u) || u.includes(p)) return true;
  return diceSimilarity(p, u) >= 0.7;
}

/** Sørensen–Dice coefficient over character bigrams. */
export function diceSimilarity(a: string, b: string): number {
  if (a.length < 2 || b.length < 2) return a === b ? 1 : 0;
  const grams = new Map<string, number>();
  for (let i = 0; i < a.length - 1; i++) {
    const g = a.slice(i, i + 2);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  let shared = 0;
  for (let i = 0; i < b.length - 1; i++) {
    const g = b.slice(i, i + 2);
    const n = grams.get(g) ?? 0;
    if (n > 0) {
      shared++;
      grams.set(g, n - 1);
    }
  }
  return (2 * shared) / (a.length - 1 + b.length - 1);
}
