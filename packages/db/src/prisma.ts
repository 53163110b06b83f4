import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.js';

/**
 * Prisma Client on the node-postgres driver adapter: the portal's CRUD, seeds and tests. The hot
 * path (intake, dispatch results, DLRs) writes in batches through `createPool` instead.
 */
export function createPrisma(url: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
}
