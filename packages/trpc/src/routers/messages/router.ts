import { router } from '../../trpc.js';
import { get } from './get.js';
import { list } from './list.js';

export const messagesRouter = router({ list, get });
