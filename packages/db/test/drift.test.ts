import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js';
import { prismaDiffSql } from '../tools/prisma-schema-engine.js';
import { catalogOf, readCatalog, type Catalog } from './drift/catalog.js';
import { compareCatalogs } from './drift/compare.js';
import { expectedCatalog, loadDatamodel } from './drift/expected-from-dmmf.js';
import { SQL_ONLY_ADDITIONS } from './drift/sql-only-additions.js';
import { readSchema } from './schema-file.js';

/**
 * The drift test: a database built by prisma/migrations must be exactly what schema.prisma
 * describes (plus the documented SQL-only additions), or a migration is missing or wrong.
 */
describe('schema.prisma against a freshly migrated database', () => {
  let db: TestDatabase;
  let client: pg.Client;
  let expected: Catalog;

  beforeAll(async () => {
    db = await createTestDatabase();
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    expected = expectedCatalog(await loadDatamodel(await readSchema()));
  });

  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  it('agree: tables, columns, types, nullability, defaults, keys, indexes, foreign keys, enums', async () => {
    expect(compareCatalogs(expected, await readCatalog(client))).toEqual([]);
  });

  it('expects every kind of object the schema uses (the comparison is not vacuous)', () => {
    const kinds = new Map<string, number>();
    for (const object of expected.values()) kinds.set(object.kind, (kinds.get(object.kind) ?? 0) + 1);
    expect(Object.fromEntries(kinds)).toMatchObject({
      enum: 25,
      table: 37,
      'primary key': 37,
      check: 8,
      trigger: 3,
      function: 5,
    });
    expect(kinds.get('column')).toBeGreaterThan(200);
    expect(kinds.get('index')).toBeGreaterThan(30);
    expect(kinds.get('foreign key')).toBeGreaterThan(30);
  });

  it("agree with the DDL Prisma's own schema engine renders for schema.prisma", async () => {
    const rendered = await createTestDatabase({ empty: true });
    const renderedClient = new pg.Client({ connectionString: rendered.url });
    try {
      await renderedClient.connect();
      await renderedClient.query(await prismaDiffSql(null, await readSchema(), rendered.url));
      const fromPrisma = catalogOf([...(await readCatalog(renderedClient)).values(), ...SQL_ONLY_ADDITIONS]);
      expect(compareCatalogs(fromPrisma, await readCatalog(client))).toEqual([]);
    } finally {
      await renderedClient.end();
      await rendered.drop();
    }
  });

  // Each change is made inside a transaction on this test's own database and rolled back.
  const changes: { change: string; sql: string; report: string[] }[] = [
    {
      change: 'a missing column',
      sql: 'ALTER TABLE orgs DROP COLUMN rate_limit',
      report: ['column orgs.rate_limit: missing from the database (schema: "integer NULL")'],
    },
    {
      change: 'an extra column',
      sql: 'ALTER TABLE messages ADD COLUMN note text',
      report: ['column messages.note: in the database but not in the schema ("text NULL")'],
    },
    {
      change: 'a column of the wrong type',
      sql: 'ALTER TABLE messages ALTER COLUMN recipient TYPE varchar(32)',
      report: [
        'column messages.recipient: database has "character varying(32) NOT NULL", schema says "character varying(21) NOT NULL"',
      ],
    },
    {
      change: 'a timestamp without time zone',
      sql: 'ALTER TABLE messages ALTER COLUMN final_at TYPE timestamp(3)',
      report: [
        'column messages.final_at: database has "timestamp(3) without time zone NULL", schema says "timestamp(3) with time zone NULL"',
      ],
    },
    {
      change: 'a column that lost NOT NULL',
      sql: 'ALTER TABLE messages ALTER COLUMN text DROP NOT NULL',
      report: ['column messages.text: database has "text NULL", schema says "text NOT NULL"'],
    },
    {
      change: 'a changed default',
      sql: 'ALTER TABLE messages ALTER COLUMN attempts SET DEFAULT 1',
      report: [
        'column messages.attempts: database has "integer NOT NULL DEFAULT 1", schema says "integer NOT NULL DEFAULT 0"',
      ],
    },
    {
      change: 'a lost enum default',
      sql: 'ALTER TABLE orgs ALTER COLUMN status DROP DEFAULT',
      report: [
        `column orgs.status: database has "org_status NOT NULL", schema says "org_status NOT NULL DEFAULT 'active'::org_status"`,
      ],
    },
    {
      change: 'a missing table (reported once, not column by column)',
      sql: 'DROP TABLE number_portability',
      report: ['table number_portability: missing from the database (schema: table)'],
    },
    {
      change: 'an extra table',
      sql: 'CREATE TABLE scratch (id integer)',
      report: ['table scratch: in the database but not in the schema (table)'],
    },
    {
      change: 'a missing index',
      sql: 'DROP INDEX messages_recipient_created_at_idx',
      report: [
        'index messages.messages_recipient_created_at_idx: missing from the database (schema: "btree (recipient, created_at)")',
      ],
    },
    {
      change: 'an index on other columns',
      sql: 'DROP INDEX messages_recipient_created_at_idx; CREATE INDEX messages_recipient_created_at_idx ON messages (recipient)',
      report: [
        'index messages.messages_recipient_created_at_idx: database has "btree (recipient)", schema says "btree (recipient, created_at)"',
      ],
    },
    {
      change: 'a partial index that lost its predicate',
      sql: 'DROP INDEX status_reports_unmatched_idx; CREATE INDEX status_reports_unmatched_idx ON status_reports (received_at)',
      report: [
        'index status_reports.status_reports_unmatched_idx: database has "btree (received_at)", schema says "btree (received_at) WHERE (matched_at IS NULL)"',
      ],
    },
    {
      change: 'a unique index that is no longer unique',
      sql: 'DROP INDEX users_email_key; CREATE INDEX users_email_key ON users (email)',
      report: ['index users.users_email_key: database has "btree (email)", schema says "UNIQUE btree (email)"'],
    },
    {
      change: 'a GIN index rebuilt as btree',
      sql: 'DROP INDEX orgs_path_idx; CREATE INDEX orgs_path_idx ON orgs (path)',
      report: ['index orgs.orgs_path_idx: database has "btree (path)", schema says "gin (path)"'],
    },
    {
      change: 'an extra index',
      sql: 'CREATE INDEX messages_text_idx ON messages (text)',
      report: ['index messages.messages_text_idx: in the database but not in the schema ("btree (text)")'],
    },
    {
      change: 'a primary key on other columns',
      sql: 'ALTER TABLE segments DROP CONSTRAINT segments_pkey; ALTER TABLE segments ADD CONSTRAINT segments_pkey PRIMARY KEY (message_id)',
      report: ['primary key segments.segments_pkey: database has "(message_id)", schema says "(message_id, seq)"'],
    },
    {
      change: 'a missing foreign key',
      sql: 'ALTER TABLE messages DROP CONSTRAINT messages_org_id_fkey',
      report: [
        'foreign key messages.messages_org_id_fkey: missing from the database (schema: "(org_id) REFERENCES orgs(id) ON DELETE RESTRICT ON UPDATE CASCADE")',
      ],
    },
    {
      change: 'a foreign key with another delete rule',
      sql:
        'ALTER TABLE segments DROP CONSTRAINT segments_message_id_fkey; ' +
        'ALTER TABLE segments ADD CONSTRAINT segments_message_id_fkey FOREIGN KEY (message_id) REFERENCES messages(id) ON DELETE RESTRICT ON UPDATE CASCADE',
      report: [
        'foreign key segments.segments_message_id_fkey: database has "(message_id) REFERENCES messages(id) ON DELETE RESTRICT ON UPDATE CASCADE", schema says "(message_id) REFERENCES messages(id) ON DELETE CASCADE ON UPDATE CASCADE"',
      ],
    },
    {
      change: 'an enum with an extra value',
      sql: "ALTER TYPE ledger_kind ADD VALUE 'bonus'",
      report: [
        'enum ledger_kind: database has "charge, refund, recharge, adjustment, transfer_out, transfer_in, pack_purchase, monthly_fee, bonus", schema says "charge, refund, recharge, adjustment, transfer_out, transfer_in, pack_purchase, monthly_fee"',
      ],
    },
    {
      change: 'a documented SQL-only addition that is gone',
      sql: 'ALTER TABLE orgs DROP CONSTRAINT orgs_prepaid_balance_check',
      report: [
        `check orgs.orgs_prepaid_balance_check: missing from the database (schema: "CHECK (((billing_mode <> 'prepaid'::billing_mode) OR (balance >= 0)))")`,
      ],
    },
    {
      change: 'an undocumented CHECK constraint',
      sql: 'ALTER TABLE messages ADD CONSTRAINT messages_attempts_check CHECK (attempts >= 0)',
      report: [
        'check messages.messages_attempts_check: in the database but not in the schema ("CHECK ((attempts >= 0))")',
      ],
    },
    {
      change: 'an undocumented trigger and function',
      sql:
        'CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$; ' +
        'CREATE TRIGGER touch BEFORE UPDATE ON messages FOR EACH ROW EXECUTE FUNCTION touch()',
      report: [
        'function touch(): in the database but not in the schema ("returns trigger, language plpgsql")',
        'trigger messages.touch: in the database but not in the schema ("CREATE TRIGGER touch BEFORE UPDATE ON public.messages FOR EACH ROW EXECUTE FUNCTION touch()")',
      ],
    },
  ];

  it.each(changes)('report $change', async ({ sql, report }) => {
    await client.query('BEGIN');
    try {
      await client.query(sql);
      expect(compareCatalogs(expected, await readCatalog(client))).toEqual(report);
    } finally {
      await client.query('ROLLBACK');
    }
  });
});
