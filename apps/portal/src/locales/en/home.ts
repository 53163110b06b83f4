import type { Mirror } from '../mirror';
import type zh from '../zh-CN/home';

export default {} as const satisfies Mirror<typeof zh>;
