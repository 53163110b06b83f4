import { Prisma } from '@smshub/db';
import { ApiError } from '../../v1/api-error.js';
import type { ApiDeps } from '../../v1/deps.js';
import { consumeCode } from '../auth/codes.js';
import { hashPassword, requireAcceptablePassword } from '../auth/passwords.js';
import { maskMobile, normalizeMobile } from '../auth/phones.js';
import { SIGN_UPS_PER_ADDRESS, takeRateLimits } from '../auth/rate-limits.js';
import { describeHits, findBarredHits } from './barred.js';
import { maskIdentifier, requireCreditCode, requireResidentId } from './identity-input.js';
import { checkLicence, removeLicence, storeLicence, uploadDirectory, type LicenceUpload } from './licence.js';

export interface SignUpInput {
  readonly companyName: string;
  readonly creditCode: string;
  readonly contactName: string;
  readonly identityNumber: string;
  readonly phone: string;
  /** The code sent to `phone` for the purpose "signup". */
  readonly code: string;
  readonly email?: string | undefined;
  readonly password: string;
  readonly licence: LicenceUpload;
  readonly address: string | null;
}

export interface SignUpResult {
  readonly orgId: string;
  readonly status: 'pending';
}

/**
 * users.email is required and unique; an applicant who gives none gets an address of the
 * reserved `.invalid` domain (RFC 2606) made from the mobile number, which can never receive
 * mail and never collide with a real one. Sign-in by phone works regardless.
 */
export function placeholderEmail(phone: string): string {
  return `${phone}@no-email.invalid`;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function requireText(value: string, field: string, max: number): string {
  const text = value.trim();
  if (text.length < 2 || text.length > max) {
    throw new ApiError('validation_error', `${field}: 2 to ${max} characters`, {
      part: 'body',
      issues: [{ path: field, code: text.length < 2 ? 'too_small' : 'too_big', message: `2 to ${max} characters` }],
      issue_count: 1,
    });
  }
  return text;
}

/** The org new sign-ups go under: SMSHUB_SIGNUP_PARENT_ORG (an id), or the platform org. */
async function signupParent(deps: ApiDeps): Promise<{ id: bigint }> {
  const configured = process.env['SMSHUB_SIGNUP_PARENT_ORG'];
  const parent = await deps.prisma.org.findFirst({
    where: configured ? { id: BigInt(configured) } : { kind: 'platform', parentId: null },
    orderBy: { id: 'asc' },
    select: { id: true },
  });
  if (parent === null) throw new Error(`sign-up: the parent org ${configured ?? '(platform)'} does not exist`);
  return parent;
}

async function platformOrgId(deps: ApiDeps): Promise<bigint> {
  const platform = await deps.prisma.org.findFirst({
    where: { kind: 'platform', parentId: null },
    orderBy: { id: 'asc' },
    select: { id: true },
  });
  if (platform === null) throw new Error('sign-up: there is no platform org');
  return platform.id;
}

/**
 * An enterprise applies online: every field checked (GB 32100 credit code, GB 11643 identity
 * number with its birth date, a mainland mobile proven by its code, the licence by its bytes),
 * then the barred list, then one transaction creates the org (pending, until an operator
 * approves it), its identity row, its owner and the audit row. A barred person or company is
 * refused outright (`signup_barred`) and the attempt kept in the platform's audit log, where
 * operators see it; nothing else is stored for it. The licence file is written before the
 * transaction and removed again if the transaction fails.
 */
export async function signUp(deps: ApiDeps, input: SignUpInput): Promise<SignUpResult> {
  const now = deps.now();
  const companyName = requireText(input.companyName, 'companyName', 200);
  const contactName = requireText(input.contactName, 'contactName', 100);
  const creditCode = requireCreditCode(input.creditCode);
  const identityNumber = requireResidentId(input.identityNumber, now);
  const phone = normalizeMobile(input.phone);
  const email = input.email === undefined || input.email.trim() === '' ? null : input.email.trim().toLowerCase();
  if (email !== null && (email.length > 254 || !EMAIL.test(email))) {
    throw new ApiError('validation_error', 'email: not an e-mail address', {
      part: 'body',
      issues: [{ path: 'email', code: 'invalid_email', message: 'not an e-mail address' }],
      issue_count: 1,
    });
  }
  requireAcceptablePassword(input.password);
  const licence = checkLicence(input.licence);
  await takeRateLimits(deps, [{ limit: SIGN_UPS_PER_ADDRESS, subject: input.address }]);

  // Before the code is used up: a duplicate should not cost the applicant their code.
  await refuseDuplicates(deps, { creditCode, phone, email });
  await consumeCode(deps, { purpose: 'signup', phone, code: input.code });

  const hits = await findBarredHits(deps.prisma, { creditCode, contactIdNumber: identityNumber });
  if (hits.length > 0) {
    const platformId = await platformOrgId(deps);
    await deps.prisma.auditEntry.create({
      data: {
        orgId: platformId,
        actorOrgId: platformId,
        action: 'signup.barred',
        targetType: 'barred_party',
        targetId: hits
          .map((hit) => hit.id)
          .join(',')
          .slice(0, 60),
        details: {
          companyName,
          creditCode,
          contactName,
          identityNumber: maskIdentifier(identityNumber),
          phone: maskMobile(phone),
          hits: hits.map((hit) => ({ id: hit.id, kind: hit.kind, identifier: hit.identifier, reason: hit.reason })),
        },
        address: input.address,
      },
    });
    deps.logger.warn({ creditCode, hits: describeHits(hits) }, 'sign-up: refused, barred party');
    throw new ApiError(
      'signup_barred',
      'this application cannot be accepted: the company or the contact person is on the platform’s barred list',
      { kinds: [...new Set(hits.map((hit) => hit.kind))] },
    );
  }

  const parent = await signupParent(deps);
  const passwordHash = await hashPassword(input.password);
  const directory = uploadDirectory();
  const licencePath = await storeLicence(directory, licence);
  try {
    const org = await deps.prisma.$transaction(async (tx) => {
      const org = await tx.org.create({
        data: { parentId: parent.id, kind: 'enterprise', name: companyName, status: 'pending', billingMode: 'prepaid' },
      });
      await tx.orgIdentity.create({
        data: {
          orgId: org.id,
          companyName,
          creditCode,
          contactName,
          contactIdNumber: identityNumber,
          contactPhone: phone,
          contactEmail: email,
          licencePath,
          licenceType: licence.type,
          licenceBytes: licence.bytes.length,
          licenceSha256: licence.sha256,
          submittedAt: now,
        },
      });
      const owner = await tx.user.create({
        data: {
          orgId: org.id,
          email: email ?? placeholderEmail(phone),
          name: contactName,
          passwordHash,
          role: 'owner',
          phone,
          passwordChangedAt: now,
        },
      });
      await tx.auditEntry.create({
        data: {
          orgId: org.id,
          actorOrgId: org.id,
          userId: owner.id,
          action: 'signup.submit',
          targetType: 'org',
          targetId: String(org.id),
          details: { companyName, creditCode, licenceSha256: licence.sha256, licenceBytes: licence.bytes.length },
          address: input.address,
        },
      });
      return org;
    });
    deps.logger.info({ org: String(org.id) }, 'sign-up: application stored, pending review');
    return { orgId: String(org.id), status: 'pending' };
  } catch (error) {
    await removeLicence(directory, licencePath).catch(() => undefined);
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      // A concurrent application took the code, number or address between the check and here.
      await refuseDuplicates(deps, { creditCode, phone, email });
    }
    throw error;
  }
}

async function refuseDuplicates(
  deps: ApiDeps,
  fields: { readonly creditCode: string; readonly phone: string; readonly email: string | null },
): Promise<void> {
  const [identity, byPhone, byEmail] = await Promise.all([
    deps.prisma.orgIdentity.findUnique({ where: { creditCode: fields.creditCode }, select: { orgId: true } }),
    deps.prisma.user.findUnique({ where: { phone: fields.phone }, select: { id: true } }),
    fields.email === null
      ? null
      : deps.prisma.user.findUnique({ where: { email: fields.email }, select: { id: true } }),
  ]);
  if (identity !== null) {
    throw new ApiError('already_exists', 'an org with this credit code has already signed up', { field: 'creditCode' });
  }
  if (byPhone !== null) {
    throw new ApiError('already_exists', 'an account already uses this mobile number', { field: 'phone' });
  }
  if (byEmail !== null) {
    throw new ApiError('already_exists', 'an account already uses this e-mail address', { field: 'email' });
  }
}
