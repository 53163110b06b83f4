import { WEBHOOK_NOTIFY_CHANNEL } from '@smshub/db';
import pg from 'pg';
import type { Logger } from 'pino';

export interface DeliveryListenerOptions {
  readonly url: string;
  readonly logger: Logger;
  /** Called for every NOTIFY and after each (re)connect, when notifications may have been missed. */
  readonly onWake: () => void;
}

export interface DeliveryListener {
  stop(): Promise<void>;
}

const RECONNECT_MIN_MS = 1000;
const RECONNECT_MAX_MS = 30_000;

/**
 * Holds a session that LISTENs on smshub_webhooks, where insertWebhookEvents notifies at commit, so
 * new deliveries go out at once instead of at the next poll. Losing it only costs latency (the
 * worker still polls), so it reconnects with back-off for as long as the worker runs.
 */
export function listenForDeliveries(options: DeliveryListenerOptions): DeliveryListener {
  let client: pg.Client | null = null;
  let stopped = false;
  let reconnectMs = RECONNECT_MIN_MS;
  let reconnectTimer: NodeJS.Timeout | undefined;

  const scheduleReconnect = (lost: pg.Client, reason: unknown) => {
    if (client !== lost) return;
    client = null;
    lost.removeAllListeners('notification');
    void lost.end().catch(() => undefined);
    if (stopped) return;
    options.logger.warn(
      { err: reason, retryInMs: reconnectMs },
      'webhook LISTEN session lost; polling until it is back',
    );
    reconnectTimer = setTimeout(connect, reconnectMs);
    reconnectMs = Math.min(RECONNECT_MAX_MS, reconnectMs * 2);
  };

  const connect = () => {
    if (stopped) return;
    const next = new pg.Client({ connectionString: options.url, application_name: 'smshub-webhooks-listen' });
    client = next;
    next.on('notification', () => options.onWake());
    next.on('error', (error) => scheduleReconnect(next, error));
    next.on('end', () => scheduleReconnect(next, new Error('connection ended')));
    next
      .connect()
      .then(() => next.query(`LISTEN ${pg.escapeIdentifier(WEBHOOK_NOTIFY_CHANNEL)}`))
      .then(() => {
        reconnectMs = RECONNECT_MIN_MS;
        options.logger.debug('listening for webhook notifications');
        options.onWake();
      })
      .catch((error: unknown) => scheduleReconnect(next, error));
  };

  connect();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(reconnectTimer);
      const current = client;
      client = null;
      await current?.end().catch(() => undefined);
    },
  };
}
