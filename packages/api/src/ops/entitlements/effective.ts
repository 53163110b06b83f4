/**
 * Which business types an org (or a user) may use, decided purely. Every org on the path from the
 * root that lists business types narrows the set to its list; an org without a list passes its
 * parent's on unchanged. A user with a list narrows its org's set the same way. Intake asks the
 * same question in SQL (loadIntakeReferenceDataForMany), together with the business type itself.
 */
export function effectiveBusinessTypes(
  all: readonly string[],
  listsAlongPath: readonly (readonly string[])[],
): string[] {
  let allowed = [...all];
  for (const list of listsAlongPath) {
    if (list.length === 0) continue;
    const listed = new Set(list);
    allowed = allowed.filter((code) => listed.has(code));
  }
  return allowed;
}
