import { bigint, index, integer, jsonb, pgTable, serial, text, uniqueIndex } from "drizzle-orm/pg-core";
import { imports } from "./listens";

/** Per-file facts an import needs after a restart (where it is, what it is) and reports at the end. */
export type ImportFileDetails = {
  shortPlays?: number;
  podcasts?: number;
  audiobooks?: number;
  incognito?: number;
  nonMusic?: number;
  nowPlaying?: number;
  reDecoded?: number;
};

/** One uploaded file, or one history file inside an uploaded ZIP, of an import, in processing order. */
export const importFiles = pgTable(
  "import_files",
  {
    id: serial().primaryKey(),
    importId: integer()
      .notNull()
      .references(() => imports.id, { onDelete: "cascade" }),
    position: integer().notNull(),
    name: text().notNull(),
    // The stored upload on disk; for ZIP members `entry` names the member inside it.
    path: text().notNull(),
    entry: text(),
    format: text().notNull(),
    bytes: bigint({ mode: "number" }).notNull(),
    sha256: text().notNull(),
    // Rows counted by the validation pass; null until it ran.
    rows: integer(),
    details: jsonb().$type<ImportFileDetails>().notNull().default({}),
  },
  (t) => [
    uniqueIndex("import_files_position_key").on(t.importId, t.position),
    index("import_files_sha_idx").on(t.sha256),
  ],
);
