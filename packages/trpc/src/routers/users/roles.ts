import { z } from 'zod';

export const UserRoleInput = z.enum(['owner', 'admin', 'operator', 'reviewer', 'finance', 'developer', 'viewer']);
