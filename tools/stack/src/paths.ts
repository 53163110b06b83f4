import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from src/ or dist/ of tools/stack. */
export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
