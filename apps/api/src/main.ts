/**
 * smshub API server: the REST API v1 (`/api/v1`, the same handlers, deps and contract as the
 * portal's route files) on a lean node:http server, plus `GET /health`. Run as many as needed
 * behind a balancer; the console stays on the portal. It must never answer before PostgreSQL has
 * committed what it reports, and never drop a request it has received when told to stop: the
 * drain answers every one (decision 0171).
 */
import { apiDepsConfigFromEnv, createApiDeps, createApiServer } from '@smshub/api';
import { runProcess } from '@smshub/process';
import type { Logger } from 'pino';
import { loadConfig } from './config.js';

async function main(logger: Logger): Promise<() => Promise<void>> {
  const config = loadConfig();
  const deps = createApiDeps({ ...apiDepsConfigFromEnv(), logger });
  const api = createApiServer(deps, { keepAliveTimeoutMs: config.keepAliveTimeoutMs });
  const address = await api.listen(config.port, config.host).catch(async (error: unknown) => {
    await deps.close();
    throw error;
  });
  logger.info(
    { host: address.address, port: address.port, keepAliveTimeoutMs: config.keepAliveTimeoutMs },
    'api server listening',
  );
  return async () => {
    logger.info({ inFlight: api.inFlight }, 'stopping: no new connections, answering the requests received');
    await api.drain();
    await deps.close();
  };
}

runProcess({ name: 'api' }, main);
