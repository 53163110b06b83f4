/**
 * Runs once when the portal's server starts. Only for Node: the one thing here is a hook on the
 * Node HTTP server, see forbidden-methods.ts.
 */
export async function register(): Promise<void> {
  if (process.env['NEXT_RUNTIME'] !== 'nodejs') return;
  const { answerForbiddenMethods } = await import('./forbidden-methods');
  answerForbiddenMethods();
}
