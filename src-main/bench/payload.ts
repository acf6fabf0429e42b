/** The task payload both systems get: about 100 bytes of JSON. */
export function benchPayload(n: number, sentAt?: number): { n: number; sentAt: number; pad: string } {
  return { n, sentAt: sentAt ?? 0, pad: 'x'.repeat(64) };
}

/** Payload size in bytes as JSON (reported in the results). */
export const PAYLOAD_BYTES = Buffer.byteLength(JSON.stringify(benchPayload(12345, 123456.789)));

/** Runs `total` calls of `fn` with at most `inFlight` outstanding at once. */
export async function withInFlight(
  total: number,
  inFlight: number,
  fn: (i: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < total) {
      const i = next++;
      await fn(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, total) }, lane));
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
