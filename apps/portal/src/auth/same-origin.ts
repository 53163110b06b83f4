/**
 * True when a state-changing request comes from a page of this origin: its Origin header (or,
 * failing that, Referer) names the host the request was sent to. Browsers send Origin on every
 * cross-origin POST, so a forged form or fetch from another site fails here.
 */
export function sameOrigin(request: Request): boolean {
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  if (host === null) return false;
  const source = request.headers.get('origin') ?? request.headers.get('referer');
  if (source === null) return false;
  try {
    return new URL(source).host === host;
  } catch {
    return false;
  }
}
