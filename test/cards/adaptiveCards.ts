import { createRequire } from 'node:module';
import type * as AdaptiveCards from 'adaptivecards';

// The package's main entry is extensionless ESM that Node cannot load; its UMD bundle is the same
// library, and it parses and validates cards without a DOM.
export const AC = createRequire(__filename)('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCards;

export interface ParsedCard {
  readonly card: AdaptiveCards.AdaptiveCard;
  /** Parse warnings and errors, then property validation failures, as the library words them. */
  readonly problems: readonly string[];
}

/** Parses as a host would (schema 1.5, default host capabilities) and validates the result. */
export function parseCard(json: unknown): ParsedCard {
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  card.parse(json, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  for (const event of card.validateProperties().validationEvents) problems.push(`validate: ${event.message}`);
  return { card, problems };
}
