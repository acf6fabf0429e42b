/**
 * Synchronous clean-ups that must run however the process ends: normal exit, SIGINT (Ctrl-C
 * signals the whole process group) or SIGTERM. On a signal every registered clean-up runs, then
 * the handlers are removed and the signal is raised again, so the process still dies of it.
 */
const cleanups = new Map<number, () => void>();
let nextId = 1;
let installed = false;

function runAll(): void {
  for (const [id, fn] of [...cleanups].reverse()) {
    cleanups.delete(id);
    try {
      fn();
    } catch {
      // one failed clean-up must not keep the others from running
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  runAll();
  uninstall();
  process.kill(process.pid, signal);
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', runAll);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  process.off('exit', runAll);
}

/** Registers `fn` to run on exit or on SIGINT/SIGTERM; the returned function unregisters it. */
export function onExitOrSignal(fn: () => void): () => void {
  const id = nextId++;
  cleanups.set(id, fn);
  install();
  return () => {
    cleanups.delete(id);
    if (cleanups.size === 0) uninstall();
  };
}
