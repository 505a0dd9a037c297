import assert from 'node:assert/strict';
import {
  isPasswordComplexityError,
  odataString,
  parseDirectoryUser,
  parseGraphError,
  parseGraphUser,
  parseGraphUserList,
  smsNumberFrom,
  toAccount,
} from '../../src/graph/mapping';

/** `GET /users/{id}?$select=…` as Graph v1.0 answers it for a user synced from AD. */
const syncedUserPayload = {
  '@odata.context':
    'https://graph.microsoft.com/v1.0/$metadata#users(id,userPrincipalName,displayName,accountEnabled,onPremisesSyncEnabled,onPremisesSamAccountName,mobilePhone)/$entity',
  id: '87d349ed-44d7-43e1-9a83-5f2406dee5bd',
  userPrincipalName: 'Anna.Svensson@kommun.se',
  displayName: 'Anna Svensson',
  accountEnabled: true,
  onPremisesSyncEnabled: true,
  onPremisesSamAccountName: 'anna.svensson',
  mobilePhone: '+46 70 174 06 99',
};

/** The same for a cloud-only user: the on-premises properties are null. */
const cloudUserPayload = {
  '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users(...)/$entity',
  id: '4562bcc8-c436-4f95-b7c0-4f8ce89dca5e',
  userPrincipalName: 'moa@kommun.onmicrosoft.com',
  displayName: 'Moa Molnet',
  accountEnabled: true,
  onPremisesSyncEnabled: null,
  onPremisesSamAccountName: null,
  mobilePhone: null,
};

/** `GET /users/{id}/authentication/phoneMethods`, documented example plus the other phone types. */
const phoneMethodsPayload = {
  '@odata.context':
    "https://graph.microsoft.com/v1.0/$metadata#users('87d349ed-44d7-43e1-9a83-5f2406dee5bd')/authentication/phoneMethods",
  value: [
    {
      id: 'e37fc753-ff3b-4958-9484-eaa9425c82bc',
      phoneNumber: '+46 0142366000',
      phoneType: 'office',
      smsSignInState: 'notSupported',
    },
    {
      id: 'b6332ec1-7057-4abe-9331-3d72feddfe41',
      phoneNumber: '+46 701740611',
      phoneType: 'alternateMobile',
      smsSignInState: 'notSupported',
    },
    {
      id: '3179e48a-750b-4051-897c-87b9720928f7',
      phoneNumber: '+46 701740605',
      phoneType: 'mobile',
      smsSignInState: 'notAllowedByPolicy',
    },
  ],
};

describe('Graph mapping', () => {
  describe('when a user payload is mapped to an Account', () => {
    it('maps a synced user: sAMAccountName as username, on-premises source, lower-cased UPN', () => {
      const user = parseGraphUser(syncedUserPayload)!;
      assert.deepEqual(toAccount(user, undefined), {
        id: '87d349ed-44d7-43e1-9a83-5f2406dee5bd',
        username: 'anna.svensson',
        displayName: 'Anna Svensson',
        upn: 'anna.svensson@kommun.se',
        source: 'on-premises',
        enabled: true,
        locked: false,
        aadObjectId: '87d349ed-44d7-43e1-9a83-5f2406dee5bd',
      });
    });

    it('maps a cloud-only user: UPN as username, cloud source', () => {
      const account = toAccount(parseGraphUser(cloudUserPayload)!, undefined);
      assert.equal(account.username, 'moa@kommun.onmicrosoft.com');
      assert.equal(account.source, 'cloud');
    });

    it('refuses a payload without id or UPN, and drops such entries from lists', () => {
      assert.equal(parseGraphUser({ displayName: 'x' }), undefined);
      assert.equal(parseGraphUser('<html>'), undefined);
      assert.deepEqual(
        parseGraphUserList({ value: [{ id: 'only-id' }, cloudUserPayload] })?.map((u) => u.id),
        [cloudUserPayload.id],
      );
      assert.equal(parseGraphUserList({ values: [] }), undefined);
    });

    it('treats a missing accountEnabled as disabled', () => {
      const { accountEnabled: _omitted, ...withoutFlag } = cloudUserPayload;
      assert.equal(toAccount(parseGraphUser(withoutFlag)!, undefined).enabled, false);
    });
  });

  describe('when /manager answers with a directoryObject', () => {
    it('takes a user, typed or not', () => {
      assert.equal(
        parseDirectoryUser({ ...syncedUserPayload, '@odata.type': '#microsoft.graph.user' })?.id,
        syncedUserPayload.id,
      );
      assert.equal(parseDirectoryUser(syncedUserPayload)?.id, syncedUserPayload.id);
    });

    it('refuses an orgContact even when it carries user-like properties', () => {
      assert.equal(
        parseDirectoryUser({ ...syncedUserPayload, '@odata.type': '#microsoft.graph.orgContact' }),
        undefined,
      );
      assert.equal(parseDirectoryUser('not json'), undefined);
    });
  });

  describe('when the SMS number is chosen', () => {
    it('takes the mobile method only, as E.164', () => {
      assert.equal(smsNumberFrom(phoneMethodsPayload, { mobilePhone: null }, false), '+46701740605');
    });

    it('ignores alternateMobile and office, and uses mobilePhone only when allowed', () => {
      const noMobile = { value: phoneMethodsPayload.value.filter((m) => m.phoneType !== 'mobile') };
      const user = { mobilePhone: syncedUserPayload.mobilePhone };
      assert.equal(smsNumberFrom(noMobile, user, false), undefined);
      assert.equal(smsNumberFrom(noMobile, user, true), '+46701740699');
    });

    it('survives missing or malformed method lists', () => {
      assert.equal(smsNumberFrom(undefined, { mobilePhone: null }, true), undefined);
      assert.equal(
        smsNumberFrom({ value: [{ phoneType: 'mobile' }] }, { mobilePhone: null }, false),
        undefined,
      );
      assert.equal(smsNumberFrom({ value: 'nope' }, { mobilePhone: '0701740699' }, true), '+46701740699');
    });
  });

  describe('when an OData string literal is built', () => {
    it('doubles single quotes so a value cannot end the literal', () => {
      assert.equal(odataString("o'brien"), "'o''brien'");
      assert.equal(
        odataString("anna' or startswith(userPrincipalName,'a"),
        "'anna'' or startswith(userPrincipalName,''a'",
      );
    });
  });

  describe('when Graph returns an error body', () => {
    const complexity = {
      error: {
        code: 'Request_BadRequest',
        message:
          'The specified password does not comply with password complexity requirements. Please provide a different password.',
        innerError: {
          date: '2025-03-10T08:00:00',
          'request-id': '0c1f5b3e-6c2d-4a7b-9e1f-2d3c4b5a6978',
          'client-request-id': '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b',
        },
      },
    };

    it('reads code, message and request id', () => {
      assert.deepEqual(parseGraphError(complexity), {
        code: 'Request_BadRequest',
        message: complexity.error.message,
        requestId: '0c1f5b3e-6c2d-4a7b-9e1f-2d3c4b5a6978',
      });
      assert.deepEqual(parseGraphError('Bad Gateway'), {});
    });

    it('recognises the password complexity refusal and nothing else', () => {
      assert.equal(isPasswordComplexityError(400, parseGraphError(complexity)), true);
      assert.equal(
        isPasswordComplexityError(400, { code: 'Request_BadRequest', message: 'Invalid value specified' }),
        false,
      );
      assert.equal(isPasswordComplexityError(500, parseGraphError(complexity)), false);
    });
  });
});
