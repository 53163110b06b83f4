import { router } from '../../trpc.js';
import { resetPassword } from './reset-password.js';
import { sendCode } from './send-code.js';
import { signUp } from './sign-up.js';

/** Before sign-in: codes, sign-up, password reset (sign-in itself is next-auth's, in the portal). */
export const authRouter = router({ sendCode, signUp, resetPassword });
