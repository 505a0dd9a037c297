import { OrFilter, EqualityFilter, type Client } from 'ldapts';
import type { AdConfig } from '../config';
import { guidFromBytes } from '../ad/objectGuid';
import { errorText } from '../lib/errorText';
import { pass, warn, type CheckResult } from './checklist';
import {
  domainSidOf,
  everyEmployeeSids,
  MOBILE_ATTRIBUTE,
  PERSONAL_INFORMATION,
  propertyWrite,
  sddlDaclEntries,
  type PropertyWrite,
  type SchemaProperty,
} from './propertyWrite';
import { daclEntries, sidToString } from './securityDescriptor';

/** The test account as the doctor read it: its DACL (SD-flags control) and objectSid, as buffers. */
export interface ReadAccount {
  readonly name: string;
  readonly descriptor: unknown;
  readonly objectSid: unknown;
}

interface Schema {
  readonly property?: SchemaProperty;
  readonly userDefaultSddl?: string;
}

/**
 * Whether an employee can change the attribute the bot reads SMS numbers from on their own account.
 * AD's default lets them (SELF may write the Personal-Information property set, which holds
 * `mobile`), so anyone briefly at an unlocked computer could send future codes to their own phone.
 */
export async function ownNumberWrite(
  client: Pick<Client, 'search'>,
  config: AdConfig,
  account: ReadAccount,
): Promise<CheckResult> {
  const attribute = config.mobileAttribute;
  const title = `Employees cannot write their own ${attribute} (SMS number)`;
  const fix =
    `deny it on every employee account, explicitly (the default grant is explicit, so a deny inherited from the OU does not win): ` +
    `Get-ADUser -SearchBase "${config.baseDn}" -Filter * | ForEach-Object { dsacls $_.DistinguishedName /D "SELF:WP;${attribute}" }; ` +
    `and take SELF's write of Personal-Information out of the user class's defaultSecurityDescriptor in the schema, so new accounts do not get it`;
  const unverified = (why: string) => warn(title, `could not be verified (${why})`, fix);

  const sd = Array.isArray(account.descriptor) ? (account.descriptor[0] as unknown) : account.descriptor;
  const sidBytes = Array.isArray(account.objectSid) ? (account.objectSid[0] as unknown) : account.objectSid;
  if (!Buffer.isBuffer(sd) || sd.length < 20) return unverified('the security descriptor is not readable');
  let schema: Schema;
  try {
    schema = await readSchema(client, attribute);
  } catch (error) {
    return unverified(`the schema is not readable: ${errorText(error)}`);
  }
  const property =
    schema.property ??
    (attribute.toLowerCase() === 'mobile'
      ? { attribute: MOBILE_ATTRIBUTE, propertySet: PERSONAL_INFORMATION }
      : undefined);
  if (property === undefined) return unverified(`${attribute} is not in the schema`);

  let onAccount: PropertyWrite;
  let onNewAccounts: PropertyWrite | undefined;
  try {
    const domainSid = Buffer.isBuffer(sidBytes) ? domainSidOf(sidToString(sidBytes)) : undefined;
    const sids = everyEmployeeSids(domainSid);
    onAccount = propertyWrite(daclEntries(sd), property, sids);
    onNewAccounts =
      schema.userDefaultSddl !== undefined
        ? propertyWrite(sddlDaclEntries(schema.userDefaultSddl, domainSid), property, sids)
        : undefined;
  } catch (error) {
    return unverified(`the security descriptor could not be parsed: ${errorText(error)}`);
  }
  if (onAccount.outcome === 'granted')
    return warn(title, `${who(onAccount)} may write it on ${account.name} (${how(onAccount)})`, fix);
  if (onNewAccounts?.outcome === 'granted')
    return warn(
      title,
      `closed on ${account.name}, but new accounts get it: ${who(onNewAccounts)} may write it by the user class's default (${how(onNewAccounts)})`,
      fix,
    );
  return pass(
    title,
    `not writable by the account itself or any group all users are in (${account.name}${onNewAccounts ? ", the user class's default" : ''})`,
  );
}

function who(write: PropertyWrite & { outcome: 'granted' }): string {
  const names: Record<string, string> = {
    'S-1-5-10': 'the account itself (SELF)',
    'S-1-1-0': 'Everyone',
    'S-1-5-11': 'Authenticated Users',
    'S-1-5-32-545': 'Users',
  };
  return names[write.sid] ?? (write.sid.endsWith('-513') ? 'Domain Users' : write.sid);
}

function how(write: PropertyWrite & { outcome: 'granted' }): string {
  if (write.via === 'property set') return 'through the Personal-Information property set';
  return write.via === 'attribute' ? 'granted on the attribute' : 'a write on all properties';
}

/** The attribute's schemaIDGUID and property set, and the user class's default security descriptor. */
async function readSchema(client: Pick<Client, 'search'>, attribute: string): Promise<Schema> {
  const { searchEntries: roots } = await client.search('', {
    scope: 'base',
    attributes: ['schemaNamingContext'],
  });
  const schemaDn = String(roots[0]?.['schemaNamingContext'] ?? '');
  if (schemaDn === '') throw new Error('the rootDSE names no schemaNamingContext');
  const { searchEntries } = await client.search(schemaDn, {
    scope: 'one',
    filter: new OrFilter({
      filters: [
        new EqualityFilter({ attribute: 'lDAPDisplayName', value: attribute }),
        new EqualityFilter({ attribute: 'lDAPDisplayName', value: 'user' }),
      ],
    }),
    attributes: ['lDAPDisplayName', 'schemaIDGUID', 'attributeSecurityGUID', 'defaultSecurityDescriptor'],
    explicitBufferAttributes: ['schemaIDGUID', 'attributeSecurityGUID'],
  });
  let property: SchemaProperty | undefined;
  let userDefaultSddl: string | undefined;
  for (const entry of searchEntries) {
    const name = String(entry['lDAPDisplayName'] ?? '').toLowerCase();
    if (name === 'user') {
      const sddl = entry['defaultSecurityDescriptor'];
      if (typeof sddl === 'string') userDefaultSddl = sddl;
    } else if (name === attribute.toLowerCase()) {
      const id = first(entry['schemaIDGUID']);
      const set = first(entry['attributeSecurityGUID']);
      if (id?.length === 16)
        property = {
          attribute: guidFromBytes(id),
          ...(set?.length === 16 ? { propertySet: guidFromBytes(set) } : {}),
        };
    }
  }
  return { ...(property ? { property } : {}), ...(userDefaultSddl !== undefined ? { userDefaultSddl } : {}) };
}

function first(value: unknown): Buffer | undefined {
  const item: unknown = Array.isArray(value) ? value[0] : value;
  return Buffer.isBuffer(item) ? item : undefined;
}
