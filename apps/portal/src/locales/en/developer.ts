import type { Mirror } from '../mirror';
import type zh from '../zh-CN/developer';

export default {} as const satisfies Mirror<typeof zh>;
