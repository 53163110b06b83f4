import { router } from '../../trpc.js';
import { list } from './list.js';

export const auditRouter = router({ list });
