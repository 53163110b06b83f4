import type { SchemaObject } from './catalog.js';

/**
 * What the migrations create beyond schema.prisma: things Prisma cannot express, written by hand
 * at the end of a migration. The drift test expects exactly these besides the schema, so adding
 * one means listing it here (with why), and a hand-made object nobody listed fails the test.
 * Definitions are in PostgreSQL's printed form (pg_get_constraintdef, pg_get_triggerdef).
 */
export const SQL_ONLY_ADDITIONS: readonly SchemaObject[] = [
  {
    // DESIGN.md: prepaid balance never goes below zero. Prisma has no CHECK constraints.
    kind: 'check',
    table: 'orgs',
    name: 'orgs_prepaid_balance_check',
    definition: "CHECK (((billing_mode <> 'prepaid'::billing_mode) OR (balance >= 0)))",
  },
  {
    // Delivered-basis holds: never negative, and a prepaid org never holds more than it has.
    kind: 'check',
    table: 'orgs',
    name: 'orgs_reserved_check',
    definition: "CHECK (((reserved >= 0) AND ((billing_mode <> 'prepaid'::billing_mode) OR (balance >= reserved))))",
  },
  {
    // Keeps orgs.path (ancestor ids) true on insert and on re-parenting, refuses cycles and direct writes.
    kind: 'function',
    table: null,
    name: 'orgs_maintain_path()',
    definition: 'returns trigger, language plpgsql',
  },
  {
    kind: 'trigger',
    table: 'orgs',
    name: 'orgs_maintain_path',
    definition:
      'CREATE TRIGGER orgs_maintain_path BEFORE INSERT OR UPDATE OF parent_id, path ON public.orgs FOR EACH ROW EXECUTE FUNCTION orgs_maintain_path()',
  },
  {
    // Moves a subtree's paths along with its root.
    kind: 'function',
    table: null,
    name: 'orgs_move_subtree()',
    definition: 'returns trigger, language plpgsql',
  },
  {
    kind: 'trigger',
    table: 'orgs',
    name: 'orgs_move_subtree',
    definition:
      'CREATE TRIGGER orgs_move_subtree AFTER UPDATE OF parent_id ON public.orgs FOR EACH ROW WHEN ((old.path IS DISTINCT FROM new.path)) EXECUTE FUNCTION orgs_move_subtree()',
  },
  {
    // Extension codes are digits (they are dialled after the SP number); see the function below.
    kind: 'check',
    table: 'orgs',
    name: 'orgs_extension_code_digits_check',
    definition: "CHECK (((extension_code)::text ~ '^[0-9]{1,12}$'::text))",
  },
  {
    // Allocates an org's extension code and keeps codes prefix-free between unrelated orgs
    // (docs/decisions/0140-extension-code-allocation.md).
    kind: 'function',
    table: null,
    name: 'orgs_prefix_free_extension_code()',
    definition: 'returns trigger, language plpgsql',
  },
  {
    kind: 'function',
    table: null,
    name: 'orgs_extension_code_conflict(code text, org_path bigint[])',
    definition: 'returns bigint, language sql',
  },
  {
    kind: 'function',
    table: null,
    name: 'orgs_next_extension_code(parent_code text, org_path bigint[])',
    definition: 'returns text, language plpgsql',
  },
  {
    kind: 'trigger',
    table: 'orgs',
    name: 'orgs_prefix_free_extension_code',
    definition:
      'CREATE TRIGGER orgs_prefix_free_extension_code BEFORE INSERT OR UPDATE OF extension_code, parent_id, path ON public.orgs FOR EACH ROW EXECUTE FUNCTION orgs_prefix_free_extension_code()',
  },
  {
    // The batch size the API accepts (1–1000), also for rows written another way.
    kind: 'check',
    table: 'webhook_endpoints',
    name: 'webhook_endpoints_batch_max_events_check',
    definition: 'CHECK (((batch_max_events >= 1) AND (batch_max_events <= 1000)))',
  },
  {
    // Prices name a carrier or '*' (every carrier without its own row); '*' has no carriers row, so no foreign key.
    kind: 'check',
    table: 'org_prices',
    name: 'org_prices_carrier_code_check',
    definition: "CHECK (((carrier_code)::text ~ '^(\\*|[A-Za-z0-9_-]{1,8})$'::text))",
  },
  {
    kind: 'check',
    table: 'org_prices',
    name: 'org_prices_price_check',
    definition: 'CHECK ((price_per_segment >= 0))',
  },
  {
    // A pack never gives more than it held, nor goes below nothing.
    kind: 'check',
    table: 'message_packs',
    name: 'message_packs_segments_left_check',
    definition: 'CHECK (((segments_left >= 0) AND (segments_left <= segments)))',
  },
  {
    kind: 'check',
    table: 'billing_plans',
    name: 'billing_plans_amounts_check',
    definition:
      'CHECK (((monthly_fee >= 0) AND (included_segments >= 0) AND ((overage_price IS NULL) OR (overage_price >= 0)) AND ((monthly_cap IS NULL) OR (monthly_cap >= 0))))',
  },
];

/**
 * The `where:` of partial indexes. These are in schema.prisma (preview feature partialIndexes), but
 * the DMMF does not carry the predicate, so the drift test takes it from here, by index name.
 */
export const PARTIAL_INDEX_PREDICATES: Readonly<Record<string, string>> = {
  status_reports_unmatched_idx: '(matched_at IS NULL)',
  mo_messages_unhandled_idx: '(handled_at IS NULL)',
  messages_due_idx: "(status = 'accepted'::message_status)",
  messages_expiring_idx:
    "(status = ANY (ARRAY['accepted'::message_status, 'queued'::message_status, 'submitted'::message_status]))",
  messages_in_channel_idx: "(status = ANY (ARRAY['queued'::message_status, 'submitting'::message_status]))",
  messages_twin_of_idx: '(twin_of IS NOT NULL)',
  webhook_deliveries_due_idx: "(status = 'pending'::webhook_delivery_status)",
};
