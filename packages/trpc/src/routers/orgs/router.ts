import { router } from '../../trpc.js';
import { create } from './create.js';
import { close } from './close.js';
import { disable } from './disable.js';
import { enable } from './enable.js';
import { entitlements } from './entitlements.js';
import { get } from './get.js';
import { setEntitlements } from './set-entitlements.js';
import { tree } from './tree.js';
import { update } from './update.js';

export const orgsRouter = router({ tree, get, create, update, disable, enable, close, entitlements, setEntitlements });
