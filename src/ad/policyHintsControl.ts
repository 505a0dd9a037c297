import { Control, type BerWriter } from 'ldapts';

/** LDAP_SERVER_POLICY_HINTS_OID: asks AD to apply password history to an administrative reset. */
export const POLICY_HINTS_OID = '1.2.840.113556.1.4.2239';
/** The control value `SEQUENCE { INTEGER 1 }` (flags = enforce), BER-encoded. */
export const POLICY_HINTS_VALUE = Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]);
const OCTET_STRING = 0x04;

/**
 * Sent critical: a DC that does not know the control then refuses the reset (LDAP 12) instead of
 * silently allowing an old password again.
 */
export class PolicyHintsControl extends Control {
  constructor() {
    super(POLICY_HINTS_OID, { critical: true });
  }

  protected override writeControl(writer: BerWriter): void {
    writer.writeBuffer(POLICY_HINTS_VALUE, OCTET_STRING);
  }
}
