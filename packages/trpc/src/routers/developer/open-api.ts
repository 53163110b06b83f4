import { buildOpenApiDocument } from '@smshub/api';
import { authedProcedure } from '../../trpc.js';

let document: ReturnType<typeof buildOpenApiDocument> | undefined;

/** The REST API's OpenAPI document, for the developer page (the same one /api/v1/openapi.json serves). */
export const openApi = authedProcedure.meta({ permission: null }).query(() => {
  document ??= buildOpenApiDocument();
  return document;
});
