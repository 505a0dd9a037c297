import { z } from 'zod';
import { toE164 } from '../lib/phoneNumber';
import { toPhoneNumber, type Account, type PhoneNumber } from '../reset/account';

/** The user properties we `$select`; everything else Graph knows about a user is none of our business. */
export const USER_SELECT = [
  'id',
  'userPrincipalName',
  'displayName',
  'accountEnabled',
  'onPremisesSyncEnabled',
  'onPremisesSamAccountName',
  'mobilePhone',
] as const;

/** A Graph `user` as far as we read it; `null` and absent both occur in real payloads. */
const graphUserSchema = z.object({
  id: z.string().min(1),
  userPrincipalName: z.string().min(3),
  displayName: z.string().nullish(),
  accountEnabled: z.boolean().nullish(),
  onPremisesSyncEnabled: z.boolean().nullish(),
  onPremisesSamAccountName: z.string().nullish(),
  mobilePhone: z.string().nullish(),
});
export type GraphUser = z.infer<typeof graphUserSchema>;

const phoneMethodsSchema = z.object({
  value: z.array(z.object({ phoneNumber: z.unknown(), phoneType: z.unknown() }).passthrough()),
});

/** A user payload, or `undefined` when it lacks what an account needs (id, UPN). */
export function parseGraphUser(payload: unknown): GraphUser | undefined {
  const parsed = graphUserSchema.safeParse(payload);
  return parsed.success ? parsed.data : undefined;
}

/**
 * A `directoryObject` that must be a user (`/manager` may name an `orgContact`, who cannot sign in to
 * Teams): `undefined` for any other `@odata.type` or a payload without what an account needs.
 */
export function parseDirectoryUser(payload: unknown): GraphUser | undefined {
  const type = z.object({ '@odata.type': z.string().optional() }).safeParse(payload);
  if (!type.success) return undefined;
  const odataType = type.data['@odata.type'];
  if (odataType !== undefined && odataType !== '#microsoft.graph.user') return undefined;
  return parseGraphUser(payload);
}

/** The `value` of a collection answer (`GET /users?$filter=…`), each entry parsed; unusable ones dropped. */
export function parseGraphUserList(payload: unknown): GraphUser[] | undefined {
  const list = z.object({ value: z.array(z.unknown()) }).safeParse(payload);
  if (!list.success) return undefined;
  return list.data.value.map(parseGraphUser).filter((user): user is GraphUser => user !== undefined);
}

/**
 * The number SMS codes go to: the first `mobile` authentication phone method (Entra sends SSPR
 * SMS only to that one; `alternateMobile` and `office` cannot receive them), else the directory
 * `mobilePhone` when the operator allows it.
 */
export function smsNumberFrom(
  phoneMethods: unknown,
  user: Pick<GraphUser, 'mobilePhone'>,
  allowDirectoryMobile: boolean,
): PhoneNumber | undefined {
  const methods = phoneMethodsSchema.safeParse(phoneMethods);
  if (methods.success) {
    for (const method of methods.data.value) {
      if (method.phoneType !== 'mobile' || typeof method.phoneNumber !== 'string') continue;
      const phone = directoryNumber(method.phoneNumber);
      if (phone) return phone;
    }
  }
  if (allowDirectoryMobile && user.mobilePhone) return directoryNumber(user.mobilePhone);
  return undefined;
}

/** Without a country code a number is read as Swedish (`mobilePhone` is free text, often `070-123 45 67`). */
function directoryNumber(raw: string): PhoneNumber | undefined {
  const e164 = toE164(raw);
  return e164 === undefined ? undefined : toPhoneNumber(e164);
}

/** The domain account for a Graph user. Cloud-only users have no sAMAccountName: the UPN is their username. */
export function toAccount(user: GraphUser, mobile: PhoneNumber | undefined): Account {
  const upn = user.userPrincipalName.toLowerCase();
  const sam = user.onPremisesSamAccountName?.trim().toLowerCase();
  return {
    id: user.id,
    username: sam ? sam : upn,
    displayName: user.displayName?.trim() || upn,
    upn,
    source: user.onPremisesSyncEnabled === true ? 'on-premises' : 'cloud',
    // A missing flag is not proof the account works: treat it as disabled, which changes nothing.
    enabled: user.accountEnabled === true,
    // Graph exposes neither AD's lockoutTime nor Entra's smart-lockout state (hybrid mode asks AD).
    locked: false,
    ...(mobile ? { mobile } : {}),
    aadObjectId: user.id,
  };
}

/** An OData string literal: `'` doubled (OData ABNF `SQUOTE-in-string`). */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export interface GraphErrorBody {
  readonly code?: string;
  readonly message?: string;
  readonly requestId?: string;
}

/** `{ "error": { "code", "message", "innerError": { "request-id" } } }`, tolerating anything else. */
export function parseGraphError(body: unknown): GraphErrorBody {
  const parsed = z
    .object({
      error: z.object({
        code: z.string().optional(),
        message: z.string().optional(),
        innerError: z.object({ 'request-id': z.string().optional() }).passthrough().optional(),
      }),
    })
    .safeParse(body);
  if (!parsed.success) return {};
  const { code, message, innerError } = parsed.data.error;
  const requestId = innerError?.['request-id'];
  return {
    ...(code !== undefined ? { code } : {}),
    ...(message !== undefined ? { message } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
  };
}

/**
 * Entra answers a password it refuses (length, complexity, banned list) with 400 `Request_BadRequest`
 * "The specified password does not comply with password complexity requirements. Please provide a
 * different password." There is no dedicated code, so the message is what identifies it.
 */
export function isPasswordComplexityError(status: number, error: GraphErrorBody): boolean {
  return status === 400 && /password (does not comply|complexity)/i.test(error.message ?? '');
}
