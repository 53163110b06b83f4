import type { Mirror } from '../mirror';
import type zh from '../zh-CN/signups';

export default {} as const satisfies Mirror<typeof zh>;
