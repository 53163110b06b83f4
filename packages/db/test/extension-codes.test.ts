import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../src/generated/prisma/client.js';
import { DEFAULT_MIGRATIONS_DIR, migrate } from '../src/migrate/index.js';
import { createPrisma } from '../src/prisma.js';
import { storeMo } from '../src/store/mo.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js';

/**
 * Extension codes (docs/decisions/0140-extension-code-allocation.md): allocated by the database,
 * digits only, unique and prefix-free between orgs that are not ancestor and descendant, so the
 * digits after an SP number name exactly one org's subtree and a reply goes to the deepest org
 * whose code it starts with.
 */
describe('extension codes', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let sql: pg.Client;
  let platformId: bigint;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrisma(db.url);
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    platformId = (await prisma.org.create({ data: { kind: 'platform', name: 'platform' } })).id;
  });

  afterAll(async () => {
    await sql?.end();
    await prisma?.$disconnect();
    await db?.drop();
  });

  const org = (name: string, parentId: bigint | null, extensionCode?: string) =>
    prisma.org.create({
      data: { name, parentId, kind: 'enterprise', ...(extensionCode === undefined ? {} : { extensionCode }) },
    });
  const codeOf = async (id: bigint) => (await prisma.org.findUniqueOrThrow({ where: { id } })).extensionCode;
  const overlap = (a: string, b: string) => a.startsWith(b) || b.startsWith(a);

  it('are allocated on insert: 4 digits below the platform, 2 more per level below that; none for the root', async () => {
    expect(await codeOf(platformId)).toBeNull();
    const a = await org('a', platformId);
    const b = await org('b', platformId);
    const a1 = await org('a1', a.id);
    const a2 = await org('a2', a.id);
    const a11 = await org('a11', a1.id);
    const raw = await sql.query<{ extension_code: string }>(
      `INSERT INTO orgs (kind, name, parent_id) VALUES ('department', 'raw', $1) RETURNING extension_code`,
      [a11.id],
    );
    const codes = [a, b, a1, a2, a11].map((o) => o.extensionCode);
    expect(codes).toEqual(['0001', '0002', '000101', '000102', '00010101']);
    expect(raw.rows[0]?.extension_code).toBe('0001010101');
  });

  it('skip segments an unrelated org holds, or holds a prefix of', async () => {
    const root = await prisma.org.create({ data: { kind: 'platform', name: 'root-2' } });
    // Another tree, so unrelated: its explicit codes take segments from the first tree's children.
    await org('explicit', root.id, '0003');
    await org('longer', root.id, '00050');
    expect((await org('next', platformId)).extensionCode).toBe('0004');
    expect((await org('after', platformId)).extensionCode).toBe('0006');
    const all = (await prisma.org.findMany({ where: { extensionCode: { not: null } } })).map((o) => o.extensionCode!);
    expect(new Set(all).size).toBe(all.length);
  });

  it('refuse a code overlapping an unrelated org’s, either way, by Prisma or by raw SQL', async () => {
    const victim = await org('victim', platformId); // 0007
    const code = victim.extensionCode!;
    for (const taken of [code, code.slice(0, 2), `${code}7`]) {
      await expect(org(`attacker ${taken}`, platformId, taken)).rejects.toThrow(
        /orgs_extension_code_prefix_free|overlaps/,
      );
      await expect(
        sql.query(`INSERT INTO orgs (kind, name, parent_id, extension_code) VALUES ('enterprise', 'x', $1, $2)`, [
          platformId,
          taken,
        ]),
      ).rejects.toMatchObject({ code: '23505', constraint: 'orgs_extension_code_prefix_free' });
    }
    const other = await org('other', platformId);
    await expect(prisma.org.update({ where: { id: other.id }, data: { extensionCode: `${code}1` } })).rejects.toThrow(
      /orgs_extension_code_prefix_free|overlaps/,
    );
    // Extending its own ancestor's code is a child's right.
    const child = await org('child', victim.id, `${code}77`);
    expect(child.extensionCode).toBe(`${code}77`);
  });

  it('are digits only', async () => {
    await expect(org('letters', platformId, '80a')).rejects.toThrow(/orgs_extension_code_digits_check/);
  });

  it('stay prefix-free when many orgs are created at once', async () => {
    const parent = await org('busy', platformId);
    const created = await Promise.all(
      Array.from({ length: 12 }, (_, i) => org(`busy ${i}`, i % 3 === 0 ? platformId : parent.id)),
    );
    const codes = created.map((o) => o.extensionCode!);
    for (const [i, a] of codes.entries())
      for (const b of codes.slice(i + 1)) {
        const related = b.startsWith(parent.extensionCode!) !== a.startsWith(parent.extensionCode!);
        if (!related) expect(overlap(a, b), `${a} / ${b}`).toBe(false);
      }
  });

  it('follow a move when the old ones would overlap the old parent’s, the subtree along', async () => {
    const north = await org('north', platformId);
    const south = await org('south', platformId);
    const city = await org('city', north.id);
    const county = await org('county', city.id);
    const keeps = await org('keeps', platformId);
    await prisma.org.update({ where: { id: city.id }, data: { parentId: south.id } });
    const [cityCode, countyCode] = [await codeOf(city.id), await codeOf(county.id)];
    expect(cityCode?.startsWith(south.extensionCode!)).toBe(true);
    expect(countyCode?.startsWith(cityCode!)).toBe(true);
    expect(overlap(cityCode!, north.extensionCode!)).toBe(false);
    // A code that overlaps nobody where it lands stays.
    await prisma.org.update({ where: { id: keeps.id }, data: { parentId: south.id } });
    expect(await codeOf(keeps.id)).toBe(keeps.extensionCode);
  });

  describe('MO routing', () => {
    it('goes to the deepest org whose code follows the SP number, and never to an unrelated one', async () => {
      const channel = await prisma.channel.create({
        data: {
          name: 'mo',
          protocol: 'cmpp',
          protocolVersion: '3.0',
          host: '127.0.0.1',
          port: 7890,
          account: 'a',
          secret: 's',
          spNumber: '1069000',
          carriers: ['CMCC'],
        },
      });
      const parent = await org('mo parent', platformId);
      const child = await org('mo child', parent.id);
      const sibling = await org('mo sibling', parent.id);
      const to = (digits: string) => ({
        channelId: channel.id,
        from: '13800138000',
        to: `1069000${digits}`,
        text: 'hi',
        encoding: 'ucs2' as const,
        receivedAt: new Date(),
      });
      const cases: [digits: string, orgId: bigint | null][] = [
        [`${parent.extensionCode}`, parent.id],
        [`${parent.extensionCode}99`, parent.id], // a caller's own digits after the parent's code
        [`${child.extensionCode}5`, child.id],
        [`${sibling.extensionCode}`, sibling.id],
        ['', null],
      ];
      await storeMo(
        sql,
        cases.map(([digits]) => to(digits)),
      );
      const routed = await sql.query<{ to_number: string; org_id: string | null }>(
        'SELECT to_number, org_id FROM mo_messages WHERE channel_id = $1',
        [channel.id],
      );
      const orgOf = new Map(routed.rows.map((row) => [row.to_number, row.org_id === null ? null : BigInt(row.org_id)]));
      expect(cases.map(([digits]) => orgOf.get(`1069000${digits}`))).toEqual(cases.map(([, orgId]) => orgId));
    });
  });

  describe('the migration', () => {
    it('gives up dialable-less and overlapping codes (the younger org’s) and allocates every missing one', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'smshub-migrations-'));
      try {
        const names = (await readdir(DEFAULT_MIGRATIONS_DIR)).filter((name) => /^\d{14}_/.test(name)).sort();
        const mine = names.indexOf('20261203134100_extension_code_allocation');
        expect(mine).toBeGreaterThan(0);
        for (const name of names.slice(0, mine))
          await cp(join(DEFAULT_MIGRATIONS_DIR, name), join(dir, name), { recursive: true });
        const old = await createTestDatabase({ empty: true });
        const client = new pg.Client({ connectionString: old.url });
        try {
          await migrate(old.url, { migrationsDir: dir });
          await client.connect();
          const insert = async (name: string, code: string | null, parent: string | null, kind = 'enterprise') =>
            (
              await client.query<{ id: string }>(
                `INSERT INTO orgs (kind, name, parent_id, extension_code) VALUES ($1, $2, $3, $4) RETURNING id`,
                [kind, name, parent, code],
              )
            ).rows[0]!.id;
          const root = await insert('root', null, null, 'platform');
          const victim = await insert('victim', '8012', root);
          const attacker = await insert('attacker', '80', root); // younger, a prefix of the victim's
          const child = await insert('victim child', '801201', victim);
          const bare = await insert('bare', null, root);
          const bareChild = await insert('bare child', null, bare);
          const letters = await insert('letters', 'AB', root);

          await cp(join(DEFAULT_MIGRATIONS_DIR, names[mine]!), join(dir, names[mine]!), { recursive: true });
          await migrate(old.url, { migrationsDir: dir });

          const rows = await client.query<{ id: string; extension_code: string | null }>(
            'SELECT id, extension_code FROM orgs ORDER BY id',
          );
          const code = new Map(rows.rows.map((r) => [r.id, r.extension_code]));
          expect(code.get(root)).toBeNull();
          expect(code.get(victim)).toBe('8012');
          expect(code.get(child)).toBe('801201');
          expect(code.get(attacker)).toMatch(/^\d{4}$/);
          expect(code.get(letters)).toMatch(/^\d{4}$/);
          expect(code.get(bare)).toMatch(/^\d{4}$/);
          expect(code.get(bareChild)).toBe(`${code.get(bare)}01`);
          const codes = [attacker, letters, bare, victim].map((id) => code.get(id)!);
          for (const [i, a] of codes.entries()) for (const b of codes.slice(i + 1)) expect(overlap(a, b)).toBe(false);
        } finally {
          await client.end();
          await old.drop();
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
});
