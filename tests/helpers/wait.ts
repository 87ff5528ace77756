/** Resolves once `check()` holds, polling every 10 ms; rejects after `timeoutMs`. */
export function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (check()) resolve();
      else if (Date.now() > deadline) reject(new Error("timed out"));
      else setTimeout(poll, 10);
    };
    poll();
  });
}
