-- Extension codes are allocated by the platform and prefix-free (docs/decisions/0140-extension-code-allocation.md).
--
-- Every channel's SP number is shared by every org, so the digits after it alone say whose a
-- message is and whose a reply is. Two orgs where one's code is a prefix of the other's (80 and
-- 8012), or an org without a code, could send under the other's number (80 + caller digits 12)
-- and read its replies. Here the database keeps codes dialable digits, unique and prefix-free
-- between orgs that are not ancestor and descendant (a child may extend its parent's code: its
-- replies are the parent's to see anyway), and allocates one to every org but the platform root
-- when none is given — as it maintains orgs.path, so every writer (Prisma, seeds, raw SQL) is held
-- to it. Writes of codes take the org advisory lock of orgs_maintain_path, so two concurrent
-- allocations cannot pick overlapping codes.
--
-- Codes are digits only, and for strings of digits every collation orders like "C" (each digit
-- has its own primary weight, none is ignorable, a proper prefix sorts first). So "codes that
-- start with c" is the range [c, c || '999999999999'] on the unique index, whatever the database
-- collation.

-- Existing codes that cannot be dialled, or overlap an older org's, are given up (reallocated below).
DO $$
DECLARE
  r RECORD;
BEGIN
  FOR r IN SELECT o."id", o."extension_code", o."path" FROM "orgs" o WHERE o."extension_code" IS NOT NULL ORDER BY o."id" LOOP
    IF r."extension_code" !~ '^[0-9]{1,12}$' OR EXISTS (
      SELECT 1 FROM "orgs" older
       WHERE older."id" < r."id" AND older."extension_code" IS NOT NULL
         AND (starts_with(older."extension_code", r."extension_code") OR starts_with(r."extension_code", older."extension_code"))
         AND NOT (older."id" = ANY (r."path")) AND NOT (older."path" @> ARRAY[r."id"])
    ) THEN
      RAISE NOTICE 'org %: extension code % is not dialable digits or overlaps an older org''s; a new one is allocated', r."id", r."extension_code";
      UPDATE "orgs" SET "extension_code" = NULL WHERE "id" = r."id";
    END IF;
  END LOOP;
END;
$$;

ALTER TABLE "orgs" ADD CONSTRAINT "orgs_extension_code_digits_check" CHECK ("extension_code" ~ '^[0-9]{1,12}$');

-- The org (lowest id) whose code overlaps `code` for the org whose path is `org_path`: equal,
-- a prefix of it, or extending it; the org's own ancestors and descendants do not count.
CREATE FUNCTION "orgs_extension_code_conflict"("code" TEXT, "org_path" BIGINT[]) RETURNS BIGINT
LANGUAGE sql STABLE AS $$
  SELECT o."id" FROM "orgs" o
   WHERE (o."extension_code" = ANY (ARRAY(SELECT left("code", n) FROM generate_series(1, length("code")) AS n))
          OR (o."extension_code" >= "code" AND o."extension_code" <= "code" || '999999999999'))
     AND NOT (o."id" = ANY ("org_path"))
     AND NOT (o."path" @> ARRAY["org_path"[cardinality("org_path")]])
   ORDER BY o."id"
   LIMIT 1
$$;

-- The code the platform gives an org: its parent's code followed by the lowest free segment,
-- 4 digits under an org without a code (the platform root: 9,999 customers), 2 digits under one
-- with a code (99 children each; 0001 → 000103 → 00010307, at most 12 digits in all). A segment
-- is taken when an unrelated org's code starts with it or with a part of it (a shorter code 00
-- takes 0000–0099).
CREATE FUNCTION "orgs_next_extension_code"("parent_code" TEXT, "org_path" BIGINT[]) RETURNS TEXT
LANGUAGE plpgsql AS $$
DECLARE
  prefix TEXT := coalesce("parent_code", '');
  width INT := CASE WHEN "parent_code" IS NULL THEN 4 ELSE 2 END;
  free INT;
BEGIN
  IF length(prefix) + width > 12 THEN
    RAISE EXCEPTION 'org %: its parent''s extension code % leaves no room for another level (12 digits at most)',
      "org_path"[cardinality("org_path")], prefix USING ERRCODE = 'check_violation';
  END IF;
  WITH taken AS (
    SELECT rpad(substr(o."extension_code", length(prefix) + 1, width), width, '0')::int AS lo,
           rpad(substr(o."extension_code", length(prefix) + 1, width), width, '9')::int AS hi
      FROM "orgs" o
     WHERE o."extension_code" > prefix AND o."extension_code" <= prefix || '999999999999'
       AND NOT (o."id" = ANY ("org_path"))
       AND NOT (o."path" @> ARRAY["org_path"[cardinality("org_path")]])
    UNION ALL SELECT 0, 0 -- segment 0 (0000, 00) is never given
  ), reach AS (
    SELECT lo, max(hi) OVER (ORDER BY lo, hi ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS covered FROM taken
  )
  SELECT min(edge) + 1 INTO free
    FROM (SELECT covered AS edge FROM reach WHERE lo > covered + 1 UNION ALL SELECT max(hi) FROM taken) AS gaps;
  IF free > 10 ^ width - 1 THEN
    RAISE EXCEPTION 'org %: every %-digit extension code after % is taken', "org_path"[cardinality("org_path")], width, prefix
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN prefix || lpad(free::text, width, '0');
END;
$$;

-- Fires after orgs_maintain_path (trigger order is by name), so NEW.path is already the new one.
-- An org moved (or carried along with a moved ancestor) keeps its code when it still overlaps no
-- unrelated org's, and otherwise gets a new one below its new parent: a code that extends the
-- old parent's would let the old parent's side and the moved org send under each other's numbers.
CREATE FUNCTION "orgs_prefix_free_extension_code"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  parent_code TEXT;
  other BIGINT;
BEGIN
  -- Setting the code to NULL asks for a new one; an unchanged code in an unchanged place is left be.
  IF TG_OP = 'UPDATE' AND NEW."extension_code" IS NOT NULL AND NEW."extension_code" = OLD."extension_code"
     AND NEW."path" IS NOT DISTINCT FROM OLD."path" THEN
    RETURN NEW;
  END IF;
  PERFORM pg_advisory_xact_lock(7370687301);
  IF NEW."extension_code" IS NOT NULL THEN
    other := orgs_extension_code_conflict(NEW."extension_code", NEW."path");
    IF other IS NULL THEN
      RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' OR NEW."extension_code" IS DISTINCT FROM OLD."extension_code" THEN
      RAISE EXCEPTION 'org %: extension code % overlaps the code of org %, which is neither above nor below it', NEW."id", NEW."extension_code", other
        USING ERRCODE = 'unique_violation', CONSTRAINT = 'orgs_extension_code_prefix_free';
    END IF;
  ELSIF NEW."kind" = 'platform' THEN
    RETURN NEW;
  END IF;
  SELECT "extension_code" INTO parent_code FROM "orgs" WHERE "id" = NEW."parent_id";
  NEW."extension_code" := orgs_next_extension_code(parent_code, NEW."path");
  RETURN NEW;
END;
$$;

CREATE TRIGGER "orgs_prefix_free_extension_code" BEFORE INSERT OR UPDATE OF "extension_code", "parent_id", "path" ON "orgs"
  FOR EACH ROW EXECUTE FUNCTION "orgs_prefix_free_extension_code"();

-- A moved subtree follows level by level, so each org's code is settled before its children are
-- judged against it. A row still starting with the old path has not been moved yet.
CREATE OR REPLACE FUNCTION "orgs_move_subtree"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  level INT := 1;
BEGIN
  LOOP
    UPDATE "orgs" SET "path" = NEW."path" || "path"[cardinality(OLD."path") + 1:]
     WHERE "path" @> ARRAY[NEW."id"] AND "path"[1:cardinality(OLD."path")] = OLD."path"
       AND cardinality("path") = cardinality(OLD."path") + level;
    EXIT WHEN NOT FOUND;
    level := level + 1;
  END LOOP;
  RETURN NULL;
END;
$$;

-- Every org but the root gets a code, parents before their children so a child extends its parent's.
DO $$
DECLARE
  r RECORD;
BEGIN
  FOR r IN SELECT "id" FROM "orgs" WHERE "extension_code" IS NULL AND "kind" <> 'platform' ORDER BY cardinality("path"), "id" LOOP
    UPDATE "orgs" SET "extension_code" = NULL WHERE "id" = r."id";
  END LOOP;
END;
$$;
