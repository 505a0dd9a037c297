import type { Account } from '../account';
import type { CaseApproval, CaseRecord } from '../case';
import type { CaseClosed } from '../results';

/**
 * One request to vouch for an employee without a registered mobile, kept in the shared store under its
 * case id: one request per case, and its status changes only under its etag, so two presses (or two
 * instances) cannot both decide it. No password, code or phone number is ever part of it.
 */
export interface ApprovalRequest {
  /** Random; the approver's buttons carry it, so a press names this request and no other. */
  readonly id: string;
  readonly caseId: string;
  readonly account: {
    readonly id: string;
    readonly username: string;
    readonly displayName: string;
    readonly department?: string;
  };
  /** Who asked, by Teams identity: their chat is where the case goes on. Never the approver. */
  readonly requesterAadObjectId: string;
  readonly approver: {
    readonly aadObjectId: string;
    readonly username: string;
    readonly displayName: string;
  };
  readonly role: CaseApproval['role'];
  /** The requester's language, for what they are told. */
  readonly locale: string;
  readonly requestedAt: string;
  readonly expiresAt: string;
  readonly status: CaseApproval['status'] | 'unreachable';
  readonly decidedAt?: string;
}

/** What the requester is told after asking for their manager's confirmation. */
export type AskResult =
  | { kind: 'asked'; approverName: string; expiresAt: Date }
  | { kind: 'already-asked'; approverName: string; expiresAt: Date }
  /** Three requests for the account today already. */
  | { kind: 'limit' }
  /** Nobody can vouch after all (manager gone, disabled, unreachable): the service desk it is. */
  | { kind: 'unavailable' }
  | CaseClosed;

/** What the approver's press did. */
export type DecideResult =
  | { kind: 'approved'; request: ApprovalRequest }
  | { kind: 'refused'; request: ApprovalRequest }
  | { kind: 'expired'; request: ApprovalRequest }
  | { kind: 'already-decided'; request: ApprovalRequest }
  /** The request's case ended before the answer came (cancelled, idle). */
  | { kind: 'case-closed'; request: ApprovalRequest }
  /** The presser is not the request's approver, or the request does not exist. */
  | { kind: 'not-yours' };

/** Where the request stands, for the requester's chat. */
export type ApprovalStatus =
  | { kind: 'pending'; approverName: string; expiresAt: Date }
  | { kind: 'approved'; approverName: string }
  | { kind: 'refused' }
  | { kind: 'expired' }
  | { kind: 'none' }
  | CaseClosed;

/** The case's own copy of the request, as the service desk reads it. */
export function caseApproval(request: ApprovalRequest): CaseApproval {
  return {
    approver: { username: request.approver.username, displayName: request.approver.displayName },
    role: request.role,
    requestedAt: request.requestedAt,
    expiresAt: request.expiresAt,
    status: request.status === 'unreachable' ? 'expired' : request.status,
    ...(request.decidedAt !== undefined ? { decidedAt: request.decidedAt } : {}),
  };
}

/** A case that waits for its approver is not idle until the request expires. */
export function waitingUntil(record: CaseRecord): number {
  return record.approval?.status === 'pending' ? Date.parse(record.approval.expiresAt) : 0;
}

/** A new request: who asks about which account, whom it goes to, and until when. */
export function draftRequest(input: {
  readonly id: string;
  readonly record: CaseRecord;
  readonly account: Account;
  readonly requesterAadObjectId: string;
  readonly approver: Account & { readonly aadObjectId: string };
  readonly role: CaseApproval['role'];
  readonly at: Date;
  readonly ttlMs: number;
}): ApprovalRequest {
  const { account, approver } = input;
  return {
    id: input.id,
    caseId: input.record.id,
    account: {
      id: account.id,
      username: account.username,
      displayName: account.displayName,
      ...(account.department !== undefined ? { department: account.department } : {}),
    },
    requesterAadObjectId: input.requesterAadObjectId,
    approver: {
      aadObjectId: approver.aadObjectId,
      username: approver.username,
      displayName: approver.displayName,
    },
    role: input.role,
    locale: input.record.locale,
    requestedAt: input.at.toISOString(),
    expiresAt: new Date(input.at.getTime() + input.ttlMs).toISOString(),
    status: 'pending',
  };
}

/** Where a request stands, as the requester is told (an expired request is marked so before this). */
export function statusOf(request: ApprovalRequest): ApprovalStatus {
  switch (request.status) {
    case 'pending':
      return {
        kind: 'pending',
        approverName: request.approver.displayName,
        expiresAt: new Date(request.expiresAt),
      };
    case 'approved':
      return { kind: 'approved', approverName: request.approver.displayName };
    case 'refused':
      return { kind: 'refused' };
    case 'expired':
    case 'unreachable':
      return { kind: 'expired' };
  }
}
