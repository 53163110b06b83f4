import { router } from '../../trpc.js';
import { issue } from './issue.js';
import { list } from './list.js';
import { revoke } from './revoke.js';
import { update } from './update.js';

export const apiKeysRouter = router({ list, issue, update, revoke });
