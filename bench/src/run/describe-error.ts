// Errors become one-line reasons in report rows.

/** One-line description of an error for a report row: its class (unless plain Error) and message. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const prefix = error.name === 'Error' ? '' : `${error.name}: `;
    return `${prefix}${error.message}`.split('\n')[0];
  }
  return String(error).split('\n')[0];
}
