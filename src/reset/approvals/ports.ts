import type { ApprovalRequest } from './approvalRequest';

/** How the domain reaches people in Teams for an approval; the bot implements it (src/bot/approverChats.ts). */
export interface ApproverChats {
  /** Whether the person can be reached: a personal chat the bot knows, or one it may open. */
  canReach(aadObjectId: string): Promise<boolean>;
  /** Posts the request's card in the approver's chat. */
  ask(request: ApprovalRequest): Promise<'sent' | 'unreachable'>;
  /** The request has its answer (or ran out of time): the requester's case moves on in their chat. */
  resume(request: ApprovalRequest): Promise<void>;
}
