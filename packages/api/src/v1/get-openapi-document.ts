import { buildOpenApiDocument } from './openapi.js';

let document: string | undefined;

/** GET /api/v1/openapi.json: public, built once per process (the schemas do not change at run time). */
export async function getOpenApiDocument(_request: Request): Promise<Response> {
  document ??= JSON.stringify(buildOpenApiDocument());
  return new Response(document, {
    status: 200,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'public, max-age=300',
      // Browser tools (Swagger UI, Redoc) elsewhere may read it.
      'access-control-allow-origin': '*',
    },
  });
}
