/** Resolves with the first SIGINT or SIGTERM, then stops listening for them. */
export function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (s: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(s);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

/** Runs a graceful stop, but gives up after `ms` so a stuck close never keeps the process alive. */
export async function stopWithin(stop: () => Promise<void>, ms: number, onTimeout: () => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((r) => {
    timer = setTimeout(() => r('late'), ms);
  });
  const r = await Promise.race([stop().then(() => 'done' as const), late]);
  clearTimeout(timer);
  if (r === 'late') onTimeout();
}
