import type { Samples } from './fixture.js';

export const sessionSamples: Samples = {
  'session.me': () => undefined,
};
