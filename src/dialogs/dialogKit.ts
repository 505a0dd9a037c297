/**
 * The parts of botbuilder-dialogs the bot uses, loaded from their own files. The package's index also
 * loads every built-in prompt and the recognizers-text suites behind them (about a second at startup);
 * we use none of them. Types may still come from 'botbuilder-dialogs': they vanish when compiled.
 */
export { ComponentDialog } from 'botbuilder-dialogs/lib/componentDialog';
export { Dialog, DialogTurnStatus } from 'botbuilder-dialogs/lib/dialog';
export { DialogSet } from 'botbuilder-dialogs/lib/dialogSet';
export { Prompt } from 'botbuilder-dialogs/lib/prompts/prompt';
export { WaterfallDialog } from 'botbuilder-dialogs/lib/waterfallDialog';
