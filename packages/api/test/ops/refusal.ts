import { ApiError } from '../../src/index.js';

/** The ApiError an operation refused with (fails the test if it did not refuse, or threw something else). */
export async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}
