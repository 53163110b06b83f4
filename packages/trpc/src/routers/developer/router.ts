import { router } from '../../trpc.js';
import { keyPrefixes } from './key-prefixes.js';
import { openApi } from './open-api.js';

export const developerRouter = router({ openApi, keyPrefixes });
