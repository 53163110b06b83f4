/** Statuses whose Response may not have a body (fetch's "null body status"). */
const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

/**
 * A Response whose body is bytes in hand (every JSON answer, `jsonResponse`). To its readers it
 * is an ordinary Response — `body`, `text()`, `json()`, `clone()` and the rest behave as they do
 * on `new Response(text)` — but the Web body (a ReadableStream, the costly part of a Response) is
 * made only when something reads it; the lean server writes `bytesOf` straight to the socket.
 */
export class SerializedResponse extends Response {
  readonly #bytes: Buffer;
  /** The same body as an undici Response, once something read this one as a Web body. */
  #web: Response | null = null;

  constructor(body: string | Buffer, init: ResponseInit = {}) {
    super(null, init);
    if (NULL_BODY_STATUS.has(this.status)) {
      throw new TypeError(`Response constructor: Invalid response status code ${this.status}`);
    }
    this.#bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    // What `new Response(text)` would say of a text body sent without one.
    if (typeof body === 'string' && !this.headers.has('content-type')) {
      this.headers.set('content-type', 'text/plain;charset=UTF-8');
    }
  }

  /** The body's bytes if nothing has touched it as a Web body yet, else null (read `body` then). */
  static bytesOf(response: Response): Buffer | null {
    return response instanceof SerializedResponse && response.#web === null ? response.#bytes : null;
  }

  #webBody(): Response {
    this.#web ??= new Response(this.#bytes as Uint8Array<ArrayBuffer>);
    return this.#web;
  }

  /** The inner Response for blob() and formData(), which read the Content-Type as it is now. */
  #typedWebBody(): Response {
    const web = this.#webBody();
    const type = this.headers.get('content-type');
    if (type === null) web.headers.delete('content-type');
    else web.headers.set('content-type', type);
    return web;
  }

  // Response declares its body members as properties, so they are replaced on the prototype.
  static {
    const self = (value: unknown): SerializedResponse => {
      if (!(value instanceof SerializedResponse)) throw new TypeError('Illegal invocation');
      return value;
    };
    Object.defineProperties(SerializedResponse.prototype, {
      body: {
        configurable: true,
        enumerable: true,
        get(this: unknown) {
          return self(this).#webBody().body;
        },
      },
      bodyUsed: {
        configurable: true,
        enumerable: true,
        get(this: unknown) {
          return self(this).#web?.bodyUsed ?? false;
        },
      },
      arrayBuffer: {
        configurable: true,
        writable: true,
        value(this: unknown) {
          return self(this).#webBody().arrayBuffer();
        },
      },
      bytes: {
        configurable: true,
        writable: true,
        value(this: unknown) {
          return (self(this).#webBody() as Response & { bytes(): Promise<Uint8Array> }).bytes();
        },
      },
      text: {
        configurable: true,
        writable: true,
        value(this: unknown) {
          return self(this).#webBody().text();
        },
      },
      json: {
        configurable: true,
        writable: true,
        value(this: unknown) {
          return self(this).#webBody().json();
        },
      },
      blob: {
        configurable: true,
        writable: true,
        value(this: unknown) {
          return self(this).#typedWebBody().blob();
        },
      },
      formData: {
        configurable: true,
        writable: true,
        value(this: unknown) {
          return self(this).#typedWebBody().formData();
        },
      },
      clone: {
        configurable: true,
        writable: true,
        value(this: unknown) {
          const response = self(this);
          const web = response.#web;
          if (web !== null && (web.bodyUsed || web.body?.locked === true)) {
            throw new TypeError('Response.clone: Body has already been consumed.');
          }
          return new SerializedResponse(response.#bytes, {
            status: response.status,
            statusText: response.statusText,
            headers: response.headers,
          });
        },
      },
    });
  }
}
