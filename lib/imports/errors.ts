/**
 * An upload or file we refuse as a whole, with a message meant for the person who uploaded it. Thrown
 * before anything is written (detection, ZIP safety) or by the validation pass of the job.
 */
export class ImportRefused extends Error {
  constructor(
    message: string,
    readonly code:
      | "unknown_format"
      | "empty"
      | "truncated"
      | "invalid_json"
      | "invalid_csv"
      | "record_too_large"
      | "too_large"
      | "zip_bomb"
      | "too_many_files"
      | "zip_traversal"
      | "zip_invalid"
      | "zip_empty",
  ) {
    super(message);
  }
}

/** Sizes and counts as the person reading a refusal wants them: "16 MB", "900 KB", "12,345". */
export const formatBytes = (n: number): string =>
  n >= 1024 ** 2 ? `${Math.round(n / 1024 ** 2)} MB` : `${n > 0 ? Math.max(1, Math.round(n / 1024)) : 0} KB`;
export const formatCount = (n: number): string => n.toLocaleString("en");
