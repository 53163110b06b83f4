import { whoAmI } from '@smshub/api';
import { authedProcedure } from '../../trpc.js';

/** Who is signed in: the console's shell reads it for the menu, the header and the language. */
export const me = authedProcedure.meta({ permission: null }).query(({ ctx }) => whoAmI(ctx.deps, ctx.principal));
