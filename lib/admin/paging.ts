import { z } from "zod";
import { int4Id } from "@/lib/validation/fields";

/** Offset paging for the admin lists whose totals stay small (users, tracks, imports, audit). */
export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
export type PageQuery = z.infer<typeof pageQuery>;

export type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

export function offsetOf(q: PageQuery): number {
  return (q.page - 1) * q.pageSize;
}

/** Blank query-string values ("?q=") mean "no filter". */
export const optionalText = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
  z.string().trim().max(200).optional(),
);

export const idParam = z.object({ id: int4Id });
