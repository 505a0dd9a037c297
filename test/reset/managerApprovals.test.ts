import assert from 'node:assert/strict';
import { MemoryStorage } from 'botbuilder';
import type { ApprovalRequest } from '../../src/reset/approvals/approvalRequest';
import type { ApproverChats } from '../../src/reset/approvals/ports';
import type { Requester } from '../../src/reset/case';
import { BotStorageRecordStore } from '../../src/storage/botStorageRecordStore';
import { minutes } from '../support/fakeClock';
import { buildResetWorld, type ResetWorld } from '../support/resetWorld';

const FRIDA: Requester = { userId: '29:frida', aadObjectId: '5b7e2c1a-8d3f-4e6b-9c2a-1f0e7d6c5b42' };
const BOSS = 'ef5801e7-9001-4afe-8df2-aa5cc5ba4a11';
const REP = '7a8b9c0d-1e2f-4a3b-8c5d-6e7f8a9b0c1d';

/** Teams as the domain sees it: who can be reached, and what was sent. */
class RecordingChats implements ApproverChats {
  readonly asked: ApprovalRequest[] = [];
  readonly resumed: ApprovalRequest[] = [];
  constructor(private readonly reachable: ReadonlySet<string>) {}
  canReach(aadObjectId: string): Promise<boolean> {
    return Promise.resolve(this.reachable.has(aadObjectId));
  }
  ask(request: ApprovalRequest): Promise<'sent' | 'unreachable'> {
    this.asked.push(request);
    return Promise.resolve('sent');
  }
  resume(request: ApprovalRequest): Promise<void> {
    this.resumed.push(request);
    return Promise.resolve();
  }
}

function user(username: string, extra: Record<string, unknown> = {}) {
  return {
    username,
    displayName: username,
    upn: `${username}@kommun.example`,
    locked: true,
    synced: true,
    ...extra,
  };
}

async function worldWith(
  users: unknown[],
  options: { approvers?: string[]; reachable?: string[] } = {},
): Promise<{ world: ResetWorld; chats: RecordingChats }> {
  const chats = new RecordingChats(new Set(options.reachable ?? [BOSS, REP]));
  const world = await buildResetWorld(
    { users, approvers: options.approvers ?? [] },
    {
      managerApproval: {
        requests: new BotStorageRecordStore<ApprovalRequest>(new MemoryStorage(), 'approvals'),
        chats,
        ttlMs: minutes(30),
      },
    },
  );
  return { world, chats };
}

async function ownAccountAnswer(world: ResetWorld): Promise<{ caseId: string; kind: string }> {
  const record = await world.service.startCase({ conversationId: 'c1', requester: FRIDA, locale: 'sv' });
  await world.service.ownAccount(FRIDA, record.id);
  const result = await world.service.submitUsername(record.id, 'frida');
  return { caseId: record.id, kind: result.kind };
}

const frida = (extra: Record<string, unknown> = {}) =>
  user('frida', { aadObjectId: FRIDA.aadObjectId, ...extra });
const boss = (extra: Record<string, unknown> = {}) =>
  user('boss', { aadObjectId: BOSS, mobile: '+46701740606', ...extra });

describe('ManagerApprovals', () => {
  describe('when the manager is disabled, has no Teams identity, or cannot be reached', () => {
    it('offers no confirmation: the case ends as no-phone, and no approver is tried instead', async () => {
      for (const [manager, reachable] of [
        [boss({ enabled: false }), [BOSS, REP]],
        [boss({ aadObjectId: undefined }), [BOSS, REP]],
        [boss(), [REP]],
      ] as const) {
        const { world, chats } = await worldWith(
          [frida({ manager: 'boss' }), manager, user('rep', { aadObjectId: REP })],
          { approvers: ['rep'], reachable: [...reachable] },
        );
        const answer = await ownAccountAnswer(world);
        assert.equal(answer.kind, 'no-phone', JSON.stringify(manager));
        assert.equal((await world.service.getCase(answer.caseId))?.outcome, 'no-phone');
        assert.equal(chats.asked.length, 0);
      }
    });
  });

  describe('when the account has no manager but an approver group', () => {
    it('asks the first reachable member, as an approver', async () => {
      const { world, chats } = await worldWith([frida(), boss(), user('rep', { aadObjectId: REP })], {
        approvers: ['boss', 'rep'],
        reachable: [REP],
      });
      const { caseId, kind } = await ownAccountAnswer(world);
      assert.equal(kind, 'manager-can-confirm');
      const asked = await world.service.askManager(caseId, FRIDA);
      assert.equal(asked.kind, 'asked');
      assert.equal(chats.asked[0]?.approver.username, 'rep');
      assert.equal(chats.asked[0]?.role, 'approver');
    });
  });

  describe('when the directory cannot name the manager', () => {
    it('offers nothing and logs why, without failing the step', async () => {
      const { world } = await worldWith([frida({ manager: 'boss' }), boss()]);
      world.directory.findManager = () => Promise.reject(new Error('LDAP down'));
      const { kind } = await ownAccountAnswer(world);
      assert.equal(kind, 'no-phone');
      assert.match(JSON.stringify(world.log.entries()), /could not look up a manager/);
    });
  });

  describe('when someone else presses "ask" on the requester’s case', () => {
    it('asks nobody', async () => {
      const { world, chats } = await worldWith([frida({ manager: 'boss' }), boss()]);
      const { caseId } = await ownAccountAnswer(world);
      const asked = await world.service.askManager(caseId, { userId: '29:x', aadObjectId: REP });
      assert.equal(asked.kind, 'unavailable');
      assert.equal(chats.asked.length, 0);
    });
  });

  describe('when the case waits for the manager longer than the idle timeout', () => {
    it('stays open until the request runs out, and the yes still moves it on', async () => {
      const { world, chats } = await worldWith([frida({ manager: 'boss' }), boss()]);
      const { caseId } = await ownAccountAnswer(world);
      await world.service.askManager(caseId, FRIDA);
      world.clock.advance(minutes(20));
      assert.equal((await world.service.touch(caseId))?.outcome, undefined, 'not idle while waiting');
      assert.equal((await world.service.approvalStatus(caseId)).kind, 'pending');
      const wrong = await world.service.decideApproval(caseId, 'another-request', BOSS, true);
      assert.equal(wrong.kind, 'not-yours', 'a press must name the request');
      assert.equal((await world.service.choose(caseId, 'unlock')).kind, 'not-verified');

      const decided = await world.service.decideApproval(caseId, chats.asked[0]!.id, BOSS, true);
      assert.equal(decided.kind, 'approved');
      assert.equal(chats.resumed.length, 1);
      assert.equal((await world.service.choose(caseId, 'unlock')).kind, 'ok');
      assert.equal((await world.service.unlock(caseId)).kind, 'unlocked');
    });
  });
});
