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
      | "too_large"
      | "zip_bomb"
      | "zip_traversal"
      | "zip_invalid"
      | "zip_empty",
  ) {
    super(message);
  }
}
