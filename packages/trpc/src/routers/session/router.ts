import { router } from '../../trpc.js';
import { me } from './me.js';

export const sessionRouter = router({ me });
