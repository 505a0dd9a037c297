import type { AlertKind } from '../../alerts/alertKinds';

/** The alert cards posted in the service desk's channel. */
export interface AlertWords {
  readonly kinds: Readonly<Record<AlertKind, { readonly title: string; readonly explanation: string }>>;
  readonly heading: (title: string) => string;
  readonly account: string;
  readonly noAccount: string;
  readonly requester: string;
  readonly unknownRequester: string;
  readonly ownAccount: string;
  readonly yes: string;
  readonly no: string;
  readonly unknown: string;
  readonly time: string;
  readonly openCase: string;
}
