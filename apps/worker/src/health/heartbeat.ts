import { writeFileSync } from 'node:fs';

/**
 * Touches `file` every `intervalMs` while the event loop runs, so a liveness
 * probe can tell a live worker from one whose loop is stuck (the chart's
 * probe fails when the file is older than a few intervals). Returns a stop
 * function; the timer never keeps the process alive on its own.
 */
export function startHeartbeat(file: string, intervalMs: number): () => void {
  const beat = () => writeFileSync(file, `${new Date().toISOString()}\n`);
  beat();
  const timer = setInterval(beat, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
