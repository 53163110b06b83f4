import type { Mirror } from '../mirror';
import type zh from '../zh-CN/orgs';

export default {} as const satisfies Mirror<typeof zh>;
