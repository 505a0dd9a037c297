import { z } from 'zod';
import { int, optionalText } from './fields';

/** The manager's confirmation for own accounts without a mobile (README "Manager's confirmation"). */
export const approvalSettings = z.object({
  MANAGER_APPROVAL: z
    .enum(['auto', 'true', 'false'])
    .default('auto')
    .describe(
      "When an employee asks about their own account and it has no registered mobile, their manager (AD `manager`, Graph `/manager`, the demo file's `manager`) may confirm in Teams that it is them, after speaking to them, instead of the SMS code. `auto`: on where the directory can name managers; `false`: off (the employee is sent to the service desk).",
    ),
  APPROVAL_MINUTES: int(30, 5, 240).describe(
    'How long a manager has to answer a confirmation request (5–240). Then the employee is told, and can ask again or call the service desk. At most 3 requests per account per day.',
  ),
  APPROVER_GROUP: optionalText.describe(
    'A group (name or AD distinguished name) whose enabled members, e.g. the IT representatives, may confirm for accounts that have no manager named in the directory.',
  ),
});

export interface ApprovalConfig {
  /** `auto`: on when the directory can name managers (it has `findManager`). */
  readonly enabled: 'auto' | boolean;
  readonly ttlMinutes: number;
  readonly approverGroup?: string;
}

export const approvalConfig = () =>
  approvalSettings.transform((settings): ApprovalConfig => ({
    enabled: settings.MANAGER_APPROVAL === 'auto' ? 'auto' : settings.MANAGER_APPROVAL === 'true',
    ttlMinutes: settings.APPROVAL_MINUTES,
    ...(settings.APPROVER_GROUP !== undefined ? { approverGroup: settings.APPROVER_GROUP } : {}),
  }));

/** Per account per day: a stolen Teams session cannot keep asking a manager who might say yes. */
export const APPROVALS_PER_ACCOUNT_PER_DAY = 3;
