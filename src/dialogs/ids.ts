/** Dialog ids in one place, so the main dialog and the tests agree on them. */
export const DialogIds = {
  main: 'resetMain',
  mainFlow: 'resetMain.flow',
  account: 'account',
  code: 'code',
  approval: 'approval',
  choice: 'choice',
  newPassword: 'newPassword',
  done: 'done',
} as const;

export type StepDialogId = (typeof DialogIds)[keyof typeof DialogIds];
