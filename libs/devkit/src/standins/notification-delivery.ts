/**
 * How a provider stand-in delivers an asynchronous notification: POST it, and if the merchant does not acknowledge
 * it, send it again on the provider's schedule (shortened by configuration in tests and `npm start`).
 */
export interface NotificationRecord {
  url: string;
  body: string;
  headers: Record<string, string>;
  /** One entry per delivery: the HTTP status the merchant answered (0: no answer). */
  answers: number[];
  acknowledged: boolean;
}

export class NotificationSender {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly schedule: readonly number[],
    /** WeChat: any 2xx; Alipay: the body `success`. */
    private readonly isAcknowledged: (status: number, text: string) => boolean,
  ) {}

  send(record: NotificationRecord, attempt = 0): void {
    void fetch(record.url, { method: 'POST', headers: record.headers, body: record.body, signal: AbortSignal.timeout(5000) })
      .then(async (r) => ({ status: r.status, text: await r.text() }))
      .catch(() => ({ status: 0, text: '' }))
      .then(({ status, text }) => {
        record.answers.push(status);
        if (this.isAcknowledged(status, text)) {
          record.acknowledged = true;
          return;
        }
        const delay = this.schedule[attempt];
        if (delay === undefined) return;
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.send(record, attempt + 1);
        }, delay);
        this.timers.add(timer);
      });
  }

  stop(): void {
    this.timers.forEach(clearTimeout);
  }
}
