/** An error in the ListenBrainz API's own shape: `{code, error}` with the same HTTP status. */
export class LbError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}
