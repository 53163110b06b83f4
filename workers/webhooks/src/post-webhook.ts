import http from 'node:http';
import https from 'node:https';
import { checkWebhookUrl, PrivateAddressError, publicOnlyLookup } from '@smshub/webhook-guard';
import type { WebhookRequest } from './webhook-request.js';

/**
 * One POST to a customer's endpoint. Only a 2xx answer counts as delivered; everything else
 * (another status, a timeout, a refused connection, a failed DNS lookup, a refused private
 * address) comes back as an error text for the delivery log, never as a throw. Redirects are not
 * followed: a 3xx is an error, so a customer's URL can never lead smshub to a host it did not
 * name (and a signed body never goes to a third party).
 */

export type PostOutcome =
  | { readonly delivered: true; readonly statusCode: number }
  | { readonly delivered: false; readonly statusCode: number | null; readonly error: string };

export interface WebhookPosterOptions {
  /** The whole attempt: connect, send, status line and body. */
  readonly timeoutMs: number;
  /** Deliver to loopback and private addresses too (demo, tests). */
  readonly allowPrivate: boolean;
}

export interface WebhookPoster {
  post(url: string, request: WebhookRequest): Promise<PostOutcome>;
  /** Closes idle keep-alive connections. */
  close(): void;
}

/** As much of an error response's body as is worth keeping in the log. */
const BODY_EXCERPT_BYTES = 256;
/** Beyond this the rest of a response is not read: the connection is dropped instead. */
const BODY_READ_LIMIT_BYTES = 64 * 1024;

export function createWebhookPoster(options: WebhookPosterOptions): WebhookPoster {
  const agentOptions = { keepAlive: true, ...(options.allowPrivate ? {} : { lookup: publicOnlyLookup }) };
  const agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) } as const;

  return {
    post: (url, request) => post(url, request, options, agents),
    close: () => {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}

function post(
  url: string,
  request: WebhookRequest,
  options: WebhookPosterOptions,
  agents: { 'http:': http.Agent; 'https:': https.Agent },
): Promise<PostOutcome> {
  // The same check as at registration (a row written some other way is held to it too); what
  // a name resolves to is judged when connecting, by publicOnlyLookup.
  const check = checkWebhookUrl(url, { allowPrivate: options.allowPrivate });
  if (!check.ok) return Promise.resolve({ delivered: false, statusCode: null, error: check.reason });
  const target = check.url;

  return new Promise<PostOutcome>((resolve) => {
    let settled = false;
    let statusCode: number | null = null;
    const excerpt: Buffer[] = [];
    let excerptBytes = 0;
    let location: string | undefined;

    const finish = (outcome: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const fromStatus = (): PostOutcome | null => {
      if (statusCode === null) return null;
      if (statusCode >= 200 && statusCode < 300) return { delivered: true, statusCode };
      const text = Buffer.concat(excerpt).toString('utf8').trim();
      const redirect =
        statusCode >= 300 && statusCode < 400 ? ` (redirect to ${location ?? 'nowhere'} not followed)` : '';
      return { delivered: false, statusCode, error: `HTTP ${statusCode}${redirect}${text === '' ? '' : `: ${text}`}` };
    };

    let outgoing: http.ClientRequest;
    try {
      const transport = target.protocol === 'https:' ? https : http;
      outgoing = transport.request(target, {
        method: 'POST',
        headers: request.headers,
        agent: agents[target.protocol as 'http:' | 'https:'],
      });
    } catch (error) {
      // Before the timer exists: resolve directly (a header value Node refuses, say).
      settled = true;
      resolve({ delivered: false, statusCode: null, error: describeRequestError(error) });
      return;
    }
    const timer = setTimeout(() => {
      // A 2xx already received stands even if the rest of its body is slow.
      finish(
        fromStatus() ?? {
          delivered: false,
          statusCode: null,
          error: `timeout: no response within ${options.timeoutMs} ms`,
        },
      );
      outgoing.destroy();
    }, options.timeoutMs);

    outgoing.on('response', (response) => {
      statusCode = response.statusCode ?? null;
      location = response.headers.location;
      let read = 0;
      response.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (excerptBytes < BODY_EXCERPT_BYTES) {
          const part = chunk.subarray(0, BODY_EXCERPT_BYTES - excerptBytes);
          excerpt.push(part);
          excerptBytes += part.length;
        }
        if (read > BODY_READ_LIMIT_BYTES) {
          finish(fromStatus() ?? { delivered: false, statusCode: null, error: 'response without a status' });
          response.destroy();
        }
      });
      response.on('end', () =>
        finish(fromStatus() ?? { delivered: false, statusCode: null, error: 'response without a status' }),
      );
      response.on('error', (error) =>
        finish(
          fromStatus() ?? { delivered: false, statusCode: null, error: `response: ${describeRequestError(error)}` },
        ),
      );
    });
    outgoing.on('error', (error) =>
      finish(fromStatus() ?? { delivered: false, statusCode: null, error: describeRequestError(error) }),
    );
    outgoing.end(request.body);
  });
}

/**
 * An error as the delivery log shows it: the message, with the code in front when the message
 * lacks it. Node reports a connection that failed on every address of a name (IPv6 and IPv4) as
 * an AggregateError with an empty message; its inner errors say what happened.
 */
export function describeRequestError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // Its message is written for the customer already ("refused: … resolves to 10.0.0.5, …").
  if (error instanceof PrivateAddressError) return error.message;
  const message =
    error.message !== ''
      ? error.message
      : error instanceof AggregateError && error.errors.length > 0
        ? error.errors.map((inner: unknown) => (inner instanceof Error ? inner.message : String(inner))).join('; ')
        : error.name;
  const code = (error as NodeJS.ErrnoException).code;
  return code !== undefined && !message.includes(code) ? `${code}: ${message}` : message;
}
