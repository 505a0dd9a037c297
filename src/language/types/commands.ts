/** Words a user types instead of using a card. Each list is matched whole, lower-cased, without end punctuation. */
export interface CommandWords {
  /** The greeting the chat suggests for starting again; any text starts a case, this is the one it quotes. */
  readonly start: string;
  /** End the case at any step. The first is the one the chat tells people to type. */
  readonly cancel: readonly [string, ...string[]];
  /** Explain what the bot does, at any step. */
  readonly help: readonly [string, ...string[]];
}
