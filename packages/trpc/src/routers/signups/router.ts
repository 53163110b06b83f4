import { router } from '../../trpc.js';
import { approve } from './approve.js';
import { barredAdd, barredList, barredRemove } from './barred.js';
import { get } from './get.js';
import { licence } from './licence.js';
import { list } from './list.js';
import { refuse } from './refuse.js';

/** The platform's review of online sign-ups, and its barred list (signups:review, platform only). */
export const signupsRouter = router({ list, get, licence, approve, refuse, barredList, barredAdd, barredRemove });
