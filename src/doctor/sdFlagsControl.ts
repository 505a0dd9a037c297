import { Control, type BerWriter } from 'ldapts';

/** LDAP_SERVER_SD_FLAGS_OID: read only the DACL of nTSecurityDescriptor (the owner/SACL need more rights). */
const SD_FLAGS_OID = '1.2.840.113556.1.4.801';
/** `SEQUENCE { INTEGER 4 }` (DACL_SECURITY_INFORMATION), BER-encoded. */
const DACL_ONLY = Buffer.from([0x30, 0x03, 0x02, 0x01, 0x04]);
const OCTET_STRING = 0x04;

export class SdFlagsControl extends Control {
  constructor() {
    super(SD_FLAGS_OID, { critical: false });
  }

  protected override writeControl(writer: BerWriter): void {
    writer.writeBuffer(DACL_ONLY, OCTET_STRING);
  }
}
