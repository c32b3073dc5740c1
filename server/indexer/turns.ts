/**
 * Long synchronous work cut into event-loop turns, so that the server answers requests in
 * between: call the returned function between units of work, and await it.
 */
export function turnsOf(sliceMs = 10): () => Promise<void> | undefined {
  let turnStarted = performance.now();
  return () => {
    if (performance.now() - turnStarted < sliceMs) return undefined;
    return new Promise((resolve) =>
      setImmediate(() => {
        turnStarted = performance.now();
        resolve();
      }),
    );
  };
}
