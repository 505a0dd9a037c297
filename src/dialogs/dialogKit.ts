import type { TurnContext } from 'botbuilder';
import type { DialogStateManagerConfiguration } from 'botbuilder-dialogs';
import { DialogsComponentRegistration } from 'botbuilder-dialogs/lib/dialogsComponentRegistration';

/**
 * The parts of botbuilder-dialogs the bot uses, loaded from their own files. The package's index also
 * loads every built-in prompt and the recognizers-text suites behind them (about a second at startup);
 * we use none of them. Types may still come from 'botbuilder-dialogs': they vanish when compiled.
 */
export { ComponentDialog } from 'botbuilder-dialogs/lib/componentDialog';
export { Dialog, DialogTurnStatus } from 'botbuilder-dialogs/lib/dialog';
export { DialogSet } from 'botbuilder-dialogs/lib/dialogSet';
export { WaterfallDialog } from 'botbuilder-dialogs/lib/waterfallDialog';

/** Where `DialogStateManager` looks for the memory scopes before building them itself. */
const DIALOG_STATE_CONFIGURATION_KEY = 'DialogStateManagerConfiguration';

/**
 * botbuilder-dialogs builds its memory scopes anew every turn (a service collection, a zod parse and
 * fourteen objects). The scopes keep nothing of a turn, so one set, built here once, serves every turn.
 */
export class DialogMemoryScopes {
  private readonly configuration: DialogStateManagerConfiguration;

  constructor() {
    const registration = new DialogsComponentRegistration();
    this.configuration = {
      memoryScopes: registration.getMemoryScopes(),
      pathResolvers: registration.getPathResolvers(),
    };
  }

  /** Call before the turn's first dialog context is created. */
  useFor(context: TurnContext): void {
    context.turnState.set(DIALOG_STATE_CONFIGURATION_KEY, this.configuration);
  }
}
