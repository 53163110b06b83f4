import Stripe from 'stripe';

/**
 * The Stripe side of online recharge, built from the environment once per process:
 * `STRIPE_SECRET_KEY` (the API key, sk_…), `STRIPE_WEBHOOK_SECRET` (the endpoint's signing secret,
 * whsec_…) and `STRIPE_API_BASE` — where the library sends its calls, https://api.stripe.com
 * unless set. The demo and the tests set it to the local stand-in (packages/simulator/src/stripe),
 * since this machine cannot reach Stripe; the README's "Payments with real Stripe keys" says what
 * to set in production. The console's address for the pages Checkout returns to is
 * `SMSHUB_CONSOLE_URL`, else `NEXTAUTH_URL`.
 */
export interface StripePaymentsConfig {
  readonly secretKey: string | null;
  readonly webhookSecret: string | null;
  /** e.g. http://127.0.0.1:4242; null: the library's default (api.stripe.com over https). */
  readonly apiBase: string | null;
  /** The console's origin, for Checkout's success and cancel pages. */
  readonly consoleUrl: string;
}

export interface StripePayments {
  readonly config: StripePaymentsConfig;
  /** null without a secret key: recharges are refused (payments_unavailable). */
  readonly client: Stripe | null;
  /**
   * Signature checks only need the library, not a key: `constructEvent` is the library's own
   * check (HMAC-SHA256 of the raw body, timestamp within its tolerance of five minutes).
   */
  readonly webhooks: Stripe['webhooks'];
}

export function stripePaymentsConfigFromEnv(env: NodeJS.ProcessEnv = process.env): StripePaymentsConfig {
  const value = (name: string) => {
    const text = env[name]?.trim();
    return text === undefined || text === '' ? null : text;
  };
  return {
    secretKey: value('STRIPE_SECRET_KEY'),
    webhookSecret: value('STRIPE_WEBHOOK_SECRET'),
    apiBase: value('STRIPE_API_BASE'),
    consoleUrl: (value('SMSHUB_CONSOLE_URL') ?? value('NEXTAUTH_URL') ?? 'http://127.0.0.1:3000').replace(/\/+$/, ''),
  };
}

/** STRIPE_API_BASE as the library's host/port/protocol options; a bad value stops the process early. */
export function stripeHostOptions(apiBase: string | null): Pick<Stripe.StripeConfig, 'host' | 'port' | 'protocol'> {
  if (apiBase === null) return {};
  let url: URL;
  try {
    url = new URL(apiBase);
  } catch {
    throw new Error(`STRIPE_API_BASE: ${JSON.stringify(apiBase)} is not a URL (expected e.g. http://127.0.0.1:4242)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`STRIPE_API_BASE: ${JSON.stringify(apiBase)} must be http:// or https://`);
  }
  if (url.pathname !== '/' && url.pathname !== '') {
    throw new Error(`STRIPE_API_BASE: ${JSON.stringify(apiBase)} must not have a path (the library adds /v1/…)`);
  }
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port === '' ? (protocol === 'http' ? 80 : 443) : Number(url.port),
    protocol,
  };
}

export function createStripePayments(config: StripePaymentsConfig): StripePayments {
  const options: Stripe.StripeConfig = {
    ...stripeHostOptions(config.apiBase),
    // One try: a Checkout session that failed to open is the customer's retry, not ours.
    maxNetworkRetries: 0,
    timeout: 20_000,
    telemetry: false,
  };
  const client = config.secretKey === null ? null : new Stripe(config.secretKey, options);
  // The webhooks helper of a client with no key is the same code; the key is never used by it.
  const webhooks = (client ?? new Stripe('sk_unset', options)).webhooks;
  return { config, client, webhooks };
}

const SHARED = Symbol.for('smshub.api.stripe');

/** The process's Stripe payments, made on first use from the environment (see `sharedApiDeps`). */
export function sharedStripePayments(): StripePayments {
  const holder = globalThis as { [SHARED]?: StripePayments };
  holder[SHARED] ??= createStripePayments(stripePaymentsConfigFromEnv());
  return holder[SHARED];
}

/** What the recharge operations and the webhook take: the API's deps, with Stripe given or from the environment. */
export interface WithStripePayments {
  readonly payments?: StripePayments;
}

export function paymentsOf(deps: WithStripePayments): StripePayments {
  return deps.payments ?? sharedStripePayments();
}
