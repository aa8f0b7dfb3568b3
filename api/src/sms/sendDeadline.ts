/**
 * A send's deadline that counts only time this thread was free to read the answer.
 *
 * Why: the embedded PGlite runs its queries synchronously (WASM) on the server's own thread. During a long
 * query Twilio's answer sits unread in the socket; when the thread is free again, Node runs due timers
 * before it reads sockets, so a plain `AbortSignal.timeout` fired first, the send counted as a timeout
 * (retryable), and a message Twilio had accepted was sent again. Measured: two outbox workers on one PGlite
 * sent 16 texts as 35 requests, every one answered 201 (sms-outbox.test.ts now runs that case on PGlite
 * too). Here a tick that comes much later than asked (the thread was busy) counts as one tick at most:
 * the deadline is for the provider and the network, not for our own stalls.
 */
export interface SendDeadline {
  signal: AbortSignal;
  clear(): void;
}

export function sendDeadline(ms: number, tickMs = 50): SendDeadline {
  const ac = new AbortController();
  let counted = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    counted += Math.min(now - last, tickMs * 2);
    last = now;
    if (counted >= ms) {
      clearInterval(timer);
      ac.abort(new DOMException('the send deadline passed', 'TimeoutError'));
    }
  }, tickMs);
  timer.unref();
  return { signal: ac.signal, clear: () => clearInterval(timer) };
}
