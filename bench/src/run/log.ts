// Progress lines. Child processes prefix theirs so that the parent forwards
// them and keeps library chatter (onnxruntime, hnswlib) out of the console.

export const PROGRESS_PREFIX = '[bench] ';

export function progress(message: string): void {
  process.stderr.write(`${PROGRESS_PREFIX}${message}\n`);
}
