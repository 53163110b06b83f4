import type { Samples } from './fixture.js';
import { sessionSamples } from './session.js';
import { keysSamples } from './keys.js';

/** Every procedure's sample, by path; the access test fails for a procedure missing here. */
export const SAMPLES: Samples = { ...sessionSamples, ...keysSamples };
