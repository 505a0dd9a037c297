import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sinon from 'sinon';
import { SqliteAuditLog } from '../../src/storage/sqlite/auditLog';
import { SqliteStorage } from '../../src/storage/sqlite/botStorage';
import { SqliteCaseStore } from '../../src/storage/sqlite/caseStore';
import { ANNA_AAD_OBJECT_ID, startBot, type BotHarness } from '../support/botHarness';
import type { Turn } from '../support/teamsUser';

/** What one turn cost the stores. */
interface TurnCost {
  /** `Storage.read` calls for the turn's bot state: its conversation state and duplicate-delivery record. */
  readonly stateReads: number;
  /** `Storage.read` calls for the domain's own records there: rate limits, the address book. */
  readonly recordReads: number;
  readonly caseReads: number;
  /** Case saves with their audit events in one write. */
  readonly pairedWrites: number;
  /** Audit events written apart from a case save. */
  readonly auditAppends: number;
}

const STATE_KEY = /^msteams\/conversations\/|^seen\//;

/**
 * Counts the store calls of each turn (issue 17, "a lean turn"): at most one bot-state read and one
 * case read per turn, and a case change saved together with its audit events.
 */
function storeMeter() {
  const spies = {
    storageReads: sinon.spy(SqliteStorage.prototype, 'read'),
    caseReads: sinon.spy(SqliteCaseStore.prototype, 'get'),
    pairedWrites: sinon.spy(SqliteCaseStore.prototype, 'saveWithEvents'),
    auditAppends: sinon.spy(SqliteAuditLog.prototype, 'record'),
  };
  return async (turn: () => Promise<Turn>): Promise<TurnCost> => {
    for (const spy of Object.values(spies)) spy.resetHistory();
    await turn();
    const reads = spies.storageReads.getCalls().map((call) => call.args[0]);
    const stateReads = reads.filter((keys) => keys.some((key) => STATE_KEY.test(key))).length;
    return {
      stateReads,
      recordReads: reads.length - stateReads,
      caseReads: spies.caseReads.callCount,
      pairedWrites: spies.pairedWrites.callCount,
      auditAppends: spies.auditAppends.callCount,
    };
  };
}

function assertLean(costs: Record<string, TurnCost>): void {
  for (const [name, cost] of Object.entries(costs)) {
    assert.equal(cost.stateReads, 1, `${name}: ${cost.stateReads} bot-state reads`);
    assert.ok(cost.caseReads <= 1, `${name}: ${cost.caseReads} case reads`);
    assert.equal(cost.auditAppends, 0, `${name}: an audit event written apart from its case change`);
  }
}

describe('a lean turn (issue 17)', () => {
  let bot: BotHarness;
  let folder: string;

  beforeEach(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'lean-turn-'));
    bot = await startBot({ STORAGE: 'sqlite', SQLITE_FILE: path.join(folder, 'bot.db') });
  });

  afterEach(async () => {
    sinon.restore();
    await bot.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  describe('when Anna unlocks her own account with presses', () => {
    it('reads state and the case at most once per turn and saves each change with its audit event', async () => {
      const anna = bot.user({ aadObjectId: ANNA_AAD_OBJECT_ID });
      const measure = storeMeter();
      const costs = {
        greeting: await measure(() => anna.say('hej')),
        account: await measure(() => anna.submit('account.own')),
        code: await measure(() => anna.submit('code.submit', { code: bot.sms.latestCode() })),
        choice: await measure(() => anna.submit('choice.unlock')),
        finish: await measure(() => anna.submit('done.finish')),
      };
      assertLean(costs);
      assert.ok(costs.account.pairedWrites >= 1, 'the account step is saved with its audit events');
      // The choice, then the unlock and its outcome: each saved with its audit event.
      assert.equal(costs.choice.pairedWrites, 2);
      assert.equal(costs.finish.pairedWrites, 0, 'Slutför changes nothing');
    });
  });

  describe('when Anna sets a new password with presses', () => {
    it('reads state and the case at most once per turn and saves each change with its audit event', async () => {
      const anna = bot.user({ aadObjectId: ANNA_AAD_OBJECT_ID });
      const measure = storeMeter();
      const costs = {
        greeting: await measure(() => anna.say('hej')),
        account: await measure(() => anna.submit('account.own')),
        code: await measure(() => anna.submit('code.submit', { code: bot.sms.latestCode() })),
        choice: await measure(() => anna.submit('choice.newPassword')),
        weak: await measure(() =>
          anna.submit('password.submit', { newPassword: 'kort', repeatPassword: 'kort' }),
        ),
        password: await measure(() =>
          anna.submit('password.submit', { newPassword: 'Kanelbulle42', repeatPassword: 'Kanelbulle42' }),
        ),
        finish: await measure(() => anna.submit('done.finish')),
      };
      assertLean(costs);
      assert.equal(costs.password.pairedWrites, 1, 'the new password and its outcome in one write');
    });
  });
});
