import { router } from '../../trpc.js';
import { create } from './create.js';
import { disable } from './disable.js';
import { enable } from './enable.js';
import { entitlements } from './entitlements.js';
import { list } from './list.js';
import { setEntitlements } from './set-entitlements.js';
import { setRole } from './set-role.js';

export const usersRouter = router({ list, create, setRole, disable, enable, entitlements, setEntitlements });
