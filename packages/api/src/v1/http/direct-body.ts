/**
 * A request body that can be taken straight off its source, without a Web ReadableStream: the
 * lean API server's requests offer it (node-exchange.ts), and `readJsonBody` uses it when it is
 * there. Any other Request (Next's, a test's) is read through `request.body` as before.
 */
export const DIRECT_BODY: unique symbol = Symbol('smshub.directBody');

export interface DirectBody {
  /**
   * The whole body (empty without one), or null as soon as more than `limit` bytes have come:
   * reading stops there and the rest stays on the wire, as when a reader cancels the stream.
   * Asks for the body (100 Continue) first; rejects as the body stream would error (a body cut
   * short is the API's 400), or with a TypeError once the body was read or discarded.
   */
  readAtMost(limit: number): Promise<Buffer | null>;
  /** Leaves the body unread and marks it used, as cancelling its stream does. */
  discard(): void;
}

/** The request's direct body, or null: not one of ours, or its body is a Web stream by now. */
export function directBody(request: Request): DirectBody | null {
  const source = (request as { [DIRECT_BODY]?: () => DirectBody | null })[DIRECT_BODY];
  return source === undefined ? null : source.call(request);
}
