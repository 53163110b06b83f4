import { parseApiKey, verifyApiKeySecret, type PrismaClient } from '@smshub/db';
import { ApiError } from '../api-error.js';
import { PLATFORM_SCOPES, type Scope } from '../contract.js';
import type { ApiDeps } from '../deps.js';
import type { ApiKeyLoader, ApiKeyRecord } from './api-key-cache.js';
import { IpAllowList } from './ip-allow-list.js';
import { admit, NO_LIMITS, rememberLimits, type IntakeLimits } from './rate-limit.js';
import { permissionsOfScopes } from '../../ops/permissions.js';
import type { Principal } from '../../ops/principal.js';

/**
 * `Authorization: Bearer sk_<prefix>_<secret>` → the principal, or the 401/403 that says what is
 * wrong. An unknown prefix and a wrong secret get the same answer, so a caller learns nothing
 * about which keys exist.
 */
export interface AuthenticateOptions {
  /**
   * The route counts the key's request itself, in the same Redis call as its org's intake
   * limits (the send route), so the request costs one round trip, not two.
   */
  readonly keyRateInOperation?: boolean;
}

export async function authenticate(
  request: Request,
  deps: ApiDeps,
  scope: Scope,
  options: AuthenticateOptions = {},
): Promise<Principal> {
  const header = request.headers.get('authorization');
  if (header === null)
    throw new ApiError('unauthorized', 'missing Authorization header: send "Authorization: Bearer <api key>"');
  const space = header.indexOf(' ');
  if (space < 0 || header.slice(0, space).toLowerCase() !== 'bearer') {
    throw new ApiError('unauthorized', 'the Authorization header must be "Bearer <api key>"');
  }
  const presented = parseApiKey(header.slice(space + 1).trim());
  if (presented === null)
    throw new ApiError('invalid_api_key', 'not an API key: they look like sk_<8 characters>_<32 characters>');

  const now = deps.now();
  const key = await deps.apiKeys.get(presented.prefix, now.getTime());
  if (key === null || !verifyApiKeySecret(presented.secret, key.secretHash)) {
    throw new ApiError('invalid_api_key', 'API key not recognised');
  }
  if (key.revokedAt !== null)
    throw new ApiError('api_key_revoked', `this API key was revoked at ${key.revokedAt.toISOString()}`);
  if (key.expiresAt !== null && key.expiresAt.getTime() <= now.getTime()) {
    throw new ApiError('api_key_expired', `this API key expired at ${key.expiresAt.toISOString()}`);
  }
  // Before anything that would tell a customer's key more than "no such route": not its scopes,
  // not its allow-list, not its org's status.
  if (PLATFORM_SCOPES.has(scope) && key.org.kind !== 'platform') {
    throw ApiError.notFound('route', `${request.method} ${new URL(request.url).pathname}`);
  }
  if (key.org.status === 'closed') throw new ApiError('org_closed', 'the org of this API key is closed');

  const address = deps.clientAddress(request);
  if (key.allowList !== null) {
    if (!key.allowList.allows(address)) {
      throw new ApiError(
        'ip_not_allowed',
        address === null
          ? 'this key only accepts calls from listed addresses, and the caller’s address is unknown (is SMSHUB_TRUST_PROXY set behind the proxy?)'
          : `calls from ${address} are not allowed for this key`,
        { address },
      );
    }
  }
  if (key.scopes.length > 0 && !key.scopes.includes(scope)) {
    throw new ApiError('insufficient_scope', `this API key lacks the scope ${scope}`, {
      required: scope,
      granted: key.scopes,
    });
  }
  if (key.org.status === 'suspended' && scope !== 'messages:read') {
    throw new ApiError(
      'org_suspended',
      'the org of this API key is suspended: it may read but not send or change anything',
    );
  }

  const limits: IntakeLimits = {
    keyRate: key.rateLimit === null ? null : { keyId: key.id, perSecond: key.rateLimit },
    orgRate: key.org.rateLimit,
    daily: key.org.dailyLimit,
    monthly: key.org.monthlyLimit,
  };
  // Last, so a refused call of any other kind is not counted against the key.
  if (limits.keyRate !== null && options.keyRateInOperation !== true) {
    await admit(deps, key.org.id, { ...NO_LIMITS, keyRate: limits.keyRate }, 0);
  }

  if (deps.apiKeys.claimTouch(key.id, now.getTime())) await touchLastUsed(deps, key);
  const principal: Principal = {
    orgId: key.org.id,
    orgPath: key.org.path,
    orgKind: key.org.kind,
    orgFrozen: key.org.status === 'frozen',
    extensionCode: key.org.extensionCode,
    actor: { kind: 'api_key', keyId: key.id },
    permissions: permissionsOfScopes(key.scopes, key.org.kind),
    address,
  };
  rememberLimits(principal, limits);
  return principal;
}

/** Guarded in SQL as well, so many portal processes still write a key about once a minute. */
async function touchLastUsed(deps: ApiDeps, key: ApiKeyRecord): Promise<void> {
  try {
    await deps.pool.query(
      `UPDATE api_keys SET last_used_at = now()
        WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [key.id],
    );
  } catch (error) {
    // Bookkeeping only: the call itself must not fail because of it.
    deps.logger.warn({ err: error, apiKey: String(key.id) }, 'api key: last_used_at not written');
  }
}

/** Loads a key with its org through Prisma: low volume, cached by ApiKeyCache. */
export function prismaApiKeyLoader(prisma: PrismaClient): ApiKeyLoader {
  return async (prefix) => {
    const row = await prisma.apiKey.findUnique({
      where: { prefix },
      select: {
        id: true,
        secretHash: true,
        scopes: true,
        expiresAt: true,
        revokedAt: true,
        rateLimit: true,
        ipAllowList: true,
        org: {
          select: {
            id: true,
            path: true,
            kind: true,
            status: true,
            extensionCode: true,
            ipAllowList: true,
            rateLimit: true,
            dailyLimit: true,
            monthlyLimit: true,
          },
        },
      },
    });
    if (row === null) return null;
    return {
      id: row.id,
      secretHash: row.secretHash,
      scopes: row.scopes,
      expiresAt: row.expiresAt,
      revokedAt: row.revokedAt,
      rateLimit: row.rateLimit,
      allowList: IpAllowList.from(row.ipAllowList.length > 0 ? row.ipAllowList : row.org.ipAllowList),
      org: {
        id: row.org.id,
        path: row.org.path,
        kind: row.org.kind,
        status: row.org.status,
        extensionCode: row.org.extensionCode,
        rateLimit: row.org.rateLimit,
        dailyLimit: row.org.dailyLimit,
        monthlyLimit: row.org.monthlyLimit,
      },
    };
  };
}
