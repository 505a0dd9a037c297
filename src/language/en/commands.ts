import type { CommandWords } from '../types';

export const commands: CommandWords = {
  start: 'hi',
  cancel: ['cancel', 'stop', 'quit'],
  help: ['help', '?'],
};
