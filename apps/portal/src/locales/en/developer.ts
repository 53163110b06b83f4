import type { Mirror } from '../mirror';
import type zh from '../zh-CN/developer';

export default {
  title: 'Developer documentation',
  intro: 'The REST API’s operations (OpenAPI {version}). Replace the key in the examples with the whole key you saved.',
  download: 'Download the OpenAPI document',
  noKeys: 'You have no API key yet; the examples use a placeholder.',
  parameters: 'Parameters',
  requestBody: 'Request body',
  responses: 'Responses',
  example: 'curl example',
  inPath: 'path',
  inQuery: 'query',
  required: 'required',
  noAuth: 'No key needed',
  scope: 'Needs the scope {scope}',
} as const satisfies Mirror<typeof zh>;
