/** A mobile number in E.164 form (`+46701234567`), as registered in the directory. Never typed by the user. */
export type PhoneNumber = string & { readonly __brand: 'PhoneNumber' };

const E164 = /^\+[1-9]\d{6,14}$/;

export function toPhoneNumber(value: string): PhoneNumber | undefined {
  const compact = value.replace(/[\s()-]/g, '');
  return E164.test(compact) ? (compact as PhoneNumber) : undefined;
}

/** The last two digits, the most of a number that is ever shown or logged. */
export function lastTwoDigits(phone: PhoneNumber): string {
  return phone.slice(-2);
}

/** An account as the domain sees it, whichever directory it came from. */
export interface Account {
  /** The directory's stable key for the account (AD objectGUID, Entra object id, demo username). */
  readonly id: string;
  /** What the employee types to sign in (sAMAccountName). */
  readonly username: string;
  readonly displayName: string;
  readonly upn: string;
  /** Synced from on-prem AD (unlock and reset happen there) or cloud-only (Entra ID). */
  readonly source: 'on-premises' | 'cloud';
  readonly enabled: boolean;
  readonly locked: boolean;
  readonly mobile?: PhoneNumber;
  /** The Entra ID object id, used to recognise the requester's own account. */
  readonly aadObjectId?: string;
  /** Where the directory knows it (AD/Entra `department`): shown to a manager asked to vouch. */
  readonly department?: string;
}

/** What "unlock" did: on-prem accounts are unlocked now; Entra's smart lockout clears by itself. */
export type UnlockResult = 'unlocked' | 'was-not-locked' | 'cloud-lockout-expires-by-itself';
