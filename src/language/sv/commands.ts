import type { CommandWords } from '../types';

export const commands: CommandWords = {
  start: 'hej',
  cancel: ['avbryt', 'stopp', 'avsluta'],
  help: ['hjälp', 'hjalp', '?'],
};
