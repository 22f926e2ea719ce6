/**
 * Runs tasks one at a time per key, in arrival order, within this process.
 *
 * Store creation locks the owner's row in Postgres, which is what makes limits
 * hold across replicas. Without this, a burst of creates by one owner would
 * park many pooled connections on that row lock and starve every other
 * request of connections; queued here, the waiters hold nothing.
 */
export class KeyedSerializer {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with a task running or waiting (for tests and metrics). */
  get activeKeys(): number {
    return this.tails.size;
  }
}
