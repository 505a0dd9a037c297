import type { Words } from '../types';
import { alerts } from './alerts';
import { approval } from './approval';
import { chat } from './chat';
import { commands } from './commands';
import { proactive } from './proactive';
import { serviceDesk } from './serviceDesk';
import { sms } from './sms';

/**
 * Swedish: the default, and the service desk's language. The chat keeps the municipality guide's wording
 * (the seed), which employees already know.
 */
export const sv: Words = {
  code: 'sv',
  locales: ['sv'],
  chat,
  commands,
  sms,
  proactive,
  serviceDesk,
  alerts,
  approval,
};
