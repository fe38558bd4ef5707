/** A request that failed verification: the status and a reason written by us, safe to send back. */
export class VerificationError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 429 = 400,
  ) {
    super(message);
    this.name = 'VerificationError';
  }
}
