import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import type { CardVerb } from '../../src/cards/actions';
import { escapeHtml } from '../../src/helpdesk/html';
import type { ConnectorStub } from './connectorStub';

export interface TeamsUserOptions {
  readonly botUrl: string;
  readonly serviceUrl: string;
  /** Replies arrive at the connector stub (Teams' way) unless `expectReplies` is chosen. */
  readonly connector?: ConnectorStub;
  readonly deliveryMode?: 'expectReplies';
  readonly conversationId?: string;
  readonly userId?: string;
  readonly aadObjectId?: string;
  readonly name?: string;
  readonly locale?: string;
  readonly tenantId?: string;
  readonly conversationType?: 'personal' | 'groupChat' | 'channel';
}

export interface Turn {
  readonly status: number;
  readonly body: unknown;
  /** What the turn put on screen: posted activities and cards updated in place (with their ids). */
  readonly replies: readonly Partial<Activity>[];
  /** Connector calls the turn made for this conversation (posts and updates). */
  readonly connectorCalls: number;
  /** Everything the user can read in this turn's replies: texts, card texts, button titles. */
  readonly text: string;
}

/**
 * An employee in Teams, as the bot sees one: Teams-shaped message activities and card submits
 * (with `replyToId` pointing at the card) posted to `/api/messages`.
 */
export class TeamsUser {
  readonly conversationId: string;
  private readonly seen: Partial<Activity>[] = [];

  constructor(private readonly options: TeamsUserOptions) {
    this.conversationId = options.conversationId ?? `a:${randomUUID()}`;
  }

  /** Types `text` into the chat; Teams also sends what was typed as an HTML attachment. */
  say(text: string): Promise<Turn> {
    return this.send({
      type: 'message',
      text,
      attachments: [{ contentType: 'text/html', content: `<p>${escapeHtml(text)}</p>` }],
    });
  }

  /** Presses the button with `verb` on the newest card that has one, with the given input values. */
  submit(verb: CardVerb, inputs: Record<string, string> = {}): Promise<Turn> {
    const card = [...this.seen].reverse().find((activity) => submitData(activity, verb) !== undefined);
    if (!card) throw new Error(`no card with a ${verb} button is on screen`);
    return this.press(card, verb, inputs);
  }

  /** Presses `verb` on this very version of a card, as a client that missed an update would. */
  press(card: Partial<Activity>, verb: CardVerb, inputs: Record<string, string> = {}): Promise<Turn> {
    const data = submitData(card, verb);
    if (!data) throw new Error(`the card has no ${verb} button`);
    return this.send({
      type: 'message',
      value: { ...data, ...inputs },
      ...(card.id ? { replyToId: card.id } : {}),
    });
  }

  /** Sends a raw value, as a forged or broken client would. */
  submitRaw(value: unknown, replyToId?: string): Promise<Turn> {
    return this.send({ type: 'message', value, ...(replyToId ? { replyToId } : {}) });
  }

  /** The case's card as it is on screen now, an updated card in its latest version. */
  latestCard(): Partial<Activity> | undefined {
    return [...this.seen].reverse().find((activity) => (activity.attachments?.length ?? 0) > 0);
  }

  activity(overrides: Partial<Activity>): Partial<Activity> {
    const o = this.options;
    return {
      id: randomUUID(),
      channelId: 'msteams',
      serviceUrl: o.serviceUrl,
      timestamp: new Date(),
      from: {
        id: o.userId ?? '29:user-1',
        name: o.name ?? 'Anna Svensson',
        ...(o.aadObjectId ? { aadObjectId: o.aadObjectId } : {}),
      },
      recipient: { id: '28:reset-assistant', name: 'Reset Assistant' },
      conversation: {
        id: this.conversationId,
        name: '',
        conversationType: o.conversationType ?? 'personal',
        tenantId: o.tenantId ?? 'tenant-1',
        isGroup: (o.conversationType ?? 'personal') !== 'personal',
      },
      channelData: { tenant: { id: o.tenantId ?? 'tenant-1' } },
      entities: [{ type: 'clientInfo', locale: o.locale ?? 'sv-SE', platform: 'android' }],
      locale: o.locale ?? 'sv-SE',
      ...(o.deliveryMode ? { deliveryMode: o.deliveryMode } : {}),
      ...overrides,
    };
  }

  async send(overrides: Partial<Activity>): Promise<Turn> {
    const connector = this.options.connector;
    const before = connector?.calls.length ?? 0;
    const response = await fetch(new URL('/api/messages', this.options.botUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(this.activity(overrides)),
    });
    const raw = await response.text();
    const body: unknown = raw ? JSON.parse(raw) : undefined;
    const calls = (connector?.calls.slice(before) ?? []).filter(
      (call) => call.conversationId === this.conversationId && call.activity !== undefined,
    );
    const fromConnector = calls.map((call) =>
      call.method === 'PUT' ? { ...call.activity, id: call.activityId } : call.activity!,
    );
    const replies =
      this.options.deliveryMode === 'expectReplies'
        ? ((body as { activities?: Partial<Activity>[] } | undefined)?.activities ?? [])
        : fromConnector;
    for (const reply of replies) {
      // An updated card replaces what was on screen under its id, and is now the newest thing there.
      const shownAt = reply.id === undefined ? -1 : this.seen.findIndex((seen) => seen.id === reply.id);
      if (shownAt >= 0) this.seen.splice(shownAt, 1);
      this.seen.push(reply);
    }
    return {
      status: response.status,
      body,
      replies,
      connectorCalls: calls.length,
      text: replies.map(visibleText).join('\n'),
    };
  }
}

/** What a person reads in an activity: its text plus every text and button title on its cards. */
export function visibleText(activity: Partial<Activity>): string {
  const parts: string[] = [];
  if (activity.text) parts.push(activity.text);
  for (const attachment of activity.attachments ?? []) collectText(attachment.content, parts);
  return parts.join('\n');
}

function collectText(node: unknown, parts: string[]): void {
  if (Array.isArray(node)) {
    for (const item of node) collectText(item, parts);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  for (const key of ['text', 'title', 'label', 'placeholder']) {
    if (typeof record[key] === 'string') parts.push(record[key]);
  }
  for (const [key, value] of Object.entries(record)) {
    if (key !== 'data' && typeof value === 'object') collectText(value, parts);
  }
}

/** The submit data of the button with `verb` on a card (actions, action sets or tappable containers). */
export function submitData(activity: Partial<Activity>, verb: CardVerb): Record<string, unknown> | undefined {
  let found: Record<string, unknown> | undefined;
  const visit = (node: unknown): void => {
    if (found || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const record = node as Record<string, unknown>;
    const data = record['data'] as Record<string, unknown> | undefined;
    if (record['type'] === 'Action.Submit' && data?.['verb'] === verb) {
      found = data;
      return;
    }
    Object.values(record).forEach(visit);
  };
  for (const attachment of activity.attachments ?? []) visit(attachment.content);
  return found;
}
