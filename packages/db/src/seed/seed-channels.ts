import { z } from 'zod';
import { ChannelProtocol, ChannelRole, type Channel, type PrismaClient } from '../generated/prisma/client.js';
import { analyzeSeeded, CARRIER_CODES, SEED_LOCK_KEY, SEED_TRANSACTION } from './seed-base.js';

/** One upstream account as the demo (or an operator's config file) describes it. */
export const channelSeedSchema = z.object({
  name: z.string().min(1).max(100),
  protocol: z.enum(ChannelProtocol),
  /** 3.4, 2.0, 1.2 … */
  version: z.string().min(1).max(8),
  host: z.string().min(1).max(255),
  port: z.number().int().min(0).max(65535),
  account: z.string().max(64),
  secret: z.string().max(128),
  spNumber: z.string().regex(/^[0-9]{1,21}$/, 'digits only, at most 21'),
  serviceId: z.string().max(32).optional(),
  carriers: z.array(z.enum(CARRIER_CODES)).min(1),
  /**
   * Number prefixes (national form, e.g. "189") this channel serves instead of whole carriers: a
   * provincial gateway. It then joins a route per carrier and prefix, not the carriers' default
   * routes, so numbers under the prefix go through it and the rest keep their carrier's channels.
   */
  prefixes: z.array(z.string().regex(/^[0-9]{1,21}$/, 'digits only, at most 21')).default([]),
  role: z.enum(ChannelRole).default('primary'),
  window: z.number().int().positive().default(16),
  tps: z.number().int().positive().default(100),
  maxBinds: z.number().int().positive().default(1),
  /** li per segment paid to the carrier */
  costPerSegment: z.number().int().nonnegative().default(0),
  weight: z.number().int().default(100),
  options: z.record(z.string(), z.unknown()).default({}),
});

export type ChannelSeed = z.input<typeof channelSeedSchema>;

/** Channel groups of a route: the carrier's own channels first, then cross-carrier, then the modems. */
const TIER_BY_ROLE: Record<ChannelRole, number> = { primary: 0, cross_carrier: 1, backup: 2 };

/**
 * Creates or updates channels by name, and routes each of their carriers to them through the
 * carrier's default route (no business type, org or prefix) — or, for a channel with `prefixes`,
 * through the carrier's route for each prefix. Declarative and idempotent: running it again with
 * the same input changes nothing; with changed input the channels and their links to these
 * general routes (no business type, no org) follow it.
 */
export async function seedChannels(prisma: PrismaClient, channels: readonly ChannelSeed[]): Promise<Channel[]> {
  const parsed = channels.map((channel, index) => {
    const result = channelSeedSchema.safeParse(channel);
    if (!result.success) {
      const name = typeof channel.name === 'string' ? ` "${channel.name}"` : '';
      throw new Error(`seedChannels: channel #${index}${name}: ${z.prettifyError(result.error)}`);
    }
    return result.data;
  });

  const channelsSaved = await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY})`;
    const saved: Channel[] = [];
    for (const input of parsed) {
      const data = {
        protocol: input.protocol,
        protocolVersion: input.version,
        host: input.host,
        port: input.port,
        account: input.account,
        secret: input.secret,
        spNumber: input.spNumber,
        serviceId: input.serviceId ?? null,
        options: input.options as object,
        maxBinds: input.maxBinds,
        windowSize: input.window,
        tps: input.tps,
        carriers: input.carriers,
        costPerSegment: BigInt(input.costPerSegment),
        weight: input.weight,
        role: input.role,
        enabled: true,
      };
      const channel = await tx.channel.upsert({
        where: { name: input.name },
        create: { name: input.name, ...data },
        update: data,
      });

      const general = { businessTypeId: null, orgId: null } as const;
      const prefixes = input.prefixes.length === 0 ? [null] : input.prefixes;
      const linked: bigint[] = [];
      for (const carrierCode of input.carriers) {
        for (const prefix of prefixes) {
          const route =
            (await tx.route.findFirst({ where: { carrierCode, ...general, prefix }, orderBy: { id: 'asc' } })) ??
            (await tx.route.create({ data: { carrierCode, ...general, prefix } }));
          const tier = TIER_BY_ROLE[input.role];
          await tx.routeChannel.upsert({
            where: { routeId_channelId: { routeId: route.id, channelId: channel.id } },
            create: { routeId: route.id, channelId: channel.id, tier },
            update: { tier },
          });
          linked.push(route.id);
        }
      }
      // Links to general routes (carriers, prefixes) this channel no longer serves.
      await tx.routeChannel.deleteMany({
        where: { channelId: channel.id, routeId: { notIn: linked }, route: general },
      });
      saved.push(channel);
    }
    return saved;
  }, SEED_TRANSACTION);
  await analyzeSeeded(prisma);
  return channelsSaved;
}
