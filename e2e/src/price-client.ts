import WebSocket from 'ws';
import { waitFor } from './platform.js';

export interface PriceMessage {
  type: string;
  stationId?: number;
  seq?: number;
  code?: string;
  ref?: string;
  prices?: Array<{ grade: string; regularFen: number }>;
  changes?: Array<{ grade: string; regularFen: number }>;
}

/** A live price channel client for tests: records every message it receives. */
export class PriceClient {
  readonly messages: PriceMessage[] = [];
  readonly socket: WebSocket;
  readonly opened: Promise<void>;
  constructor(url: string) {
    this.socket = new WebSocket(url);
    this.socket.on('message', (data) => this.messages.push(JSON.parse(data.toString()) as PriceMessage));
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
  }
  send(message: unknown) {
    this.socket.send(JSON.stringify(message));
  }
  async next(predicate: (m: PriceMessage) => boolean, timeoutMs = 1000): Promise<PriceMessage> {
    let found: PriceMessage | undefined;
    await waitFor(() => (found = this.messages.find(predicate)) !== undefined, timeoutMs, 'a message');
    return found!;
  }
  close() {
    this.socket.close();
  }
}
