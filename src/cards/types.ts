import type { SubmitData } from './actions';

/**
 * The part of the Adaptive Card 1.5 schema these cards use, typed so a misspelt property fails to
 * compile. Only elements and actions that Teams renders on desktop, web and mobile.
 */
export type Spacing = 'none' | 'small' | 'default' | 'medium' | 'large' | 'extraLarge';
export type TextColor = 'default' | 'accent' | 'good' | 'warning' | 'attention';
export type TextSize = 'small' | 'default' | 'medium' | 'large';
export type ContainerStyle = 'default' | 'emphasis' | 'accent' | 'good' | 'attention' | 'warning';

export interface SubmitAction {
  readonly type: 'Action.Submit';
  readonly title: string;
  readonly data: SubmitData;
  readonly style?: 'default' | 'positive' | 'destructive';
  /** `none` keeps the card's inputs (and their validation) out of the submit. */
  readonly associatedInputs?: 'auto' | 'none';
}

export interface TextBlock {
  readonly type: 'TextBlock';
  readonly text: string;
  readonly wrap: true;
  readonly style?: 'default' | 'heading';
  readonly size?: TextSize;
  readonly weight?: 'default' | 'bolder';
  readonly color?: TextColor;
  readonly isSubtle?: boolean;
  readonly spacing?: Spacing;
}

export interface TextRun {
  readonly type: 'TextRun';
  readonly text: string;
  readonly size?: TextSize;
  readonly weight?: 'default' | 'bolder';
  readonly color?: TextColor;
  readonly isSubtle?: boolean;
}

/** Text that is never read as Markdown: for anything that holds values from outside the messages. */
export interface RichTextBlock {
  readonly type: 'RichTextBlock';
  readonly inlines: readonly TextRun[];
  readonly spacing?: Spacing;
}

export interface Column {
  readonly type: 'Column';
  readonly width: 'auto' | 'stretch';
  readonly items: readonly CardElement[];
  readonly verticalContentAlignment?: 'top' | 'center' | 'bottom';
  readonly spacing?: Spacing;
}

export interface ColumnSet {
  readonly type: 'ColumnSet';
  readonly columns: readonly Column[];
  readonly spacing?: Spacing;
}

export interface Container {
  readonly type: 'Container';
  readonly items: readonly CardElement[];
  readonly style?: ContainerStyle;
  readonly selectAction?: SubmitAction;
  readonly spacing?: Spacing;
}

export interface ActionSet {
  readonly type: 'ActionSet';
  readonly actions: readonly SubmitAction[];
  readonly spacing?: Spacing;
}

export interface TextInput {
  readonly type: 'Input.Text';
  readonly id: string;
  readonly label: string;
  readonly placeholder?: string;
  readonly style?: 'text' | 'tel' | 'password';
  readonly maxLength: number;
  readonly isRequired?: boolean;
  /** A hint for the client only: the server checks every value again. */
  readonly regex?: string;
  readonly errorMessage?: string;
  readonly spacing?: Spacing;
}

export type CardElement = TextBlock | RichTextBlock | Container | ColumnSet | ActionSet | TextInput;

export interface AdaptiveCard {
  readonly type: 'AdaptiveCard';
  readonly $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  readonly version: '1.5';
  readonly body: readonly CardElement[];
  readonly actions?: readonly SubmitAction[];
}

/** Which card a submit belongs to; every button carries both. */
export interface CardRef {
  readonly caseId: string;
  readonly nonce: string;
}
