import { authSamples, type AccessFixture as AuthFixture } from './auth.js';
import { billingSamples } from './billing.js';
import type { AccessFixture, Sample, Samples } from './fixture.js';
import { keysSamples } from './keys.js';
import { orgsSamples } from './orgs.js';
import { sessionSamples } from './session.js';

/** The sign-up samples name the platform's objects as the victim's (their own fixture shape). */
function authFixture(fx: AccessFixture): AuthFixture {
  return {
    victim: {
      pendingOrgId: fx.platform.pendingOrgId,
      barredId: fx.platform.barredPartyId,
      sessionId: fx.victim.sessionId,
    },
  };
}

const auth: Samples = Object.fromEntries(
  Object.entries(authSamples as Record<string, (fx: AuthFixture) => unknown>).map(
    ([path, sample]): [string, Sample] => [path, (fx) => sample(authFixture(fx))],
  ),
);

/** Every procedure's sample, by path; the access test fails for a procedure missing here. */
export const SAMPLES: Samples = {
  ...sessionSamples,
  ...keysSamples,
  ...(orgsSamples as Samples),
  ...auth,
  ...billingSamples,
};
