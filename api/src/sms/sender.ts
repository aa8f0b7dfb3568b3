/**
 * The one way out for a text message. `send` resolves with the provider's id once the provider accepted
 * the message, and rejects with an `SmsSendError` saying whether trying again may help.
 */
export interface SmsSender {
  readonly name: string;
  send(to: string, body: string): Promise<{ providerSid: string }>;
}

export class SmsSendError extends Error {
  /** True for 5xx, 429, timeouts and network errors; false for a refusal that will not change (4xx). */
  constructor(message: string, readonly retryable: boolean) {
    super(message);
    this.name = 'SmsSendError';
  }
}

/** Development: prints the message (number masked) instead of sending it. */
export function consoleSender(print: (line: string) => void = (l) => process.stdout.write(l + "\n")): SmsSender {
  let n = 0;
  return {
    name: 'console',
    async send(to, body) {
      n += 1;
      print(`[sms to …${to.slice(-2)}] ${body}`);
      return { providerSid: `console-${process.pid}-${Date.now()}-${n}` };
    },
  };
}
