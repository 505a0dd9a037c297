import type { Words } from '../types';
import { alerts } from './alerts';
import { approval } from './approval';
import { chat } from './chat';
import { commands } from './commands';
import { proactive } from './proactive';
import { serviceDesk } from './serviceDesk';
import { sms } from './sms';

/** English, for Teams clients set to English. */
export const en: Words = {
  code: 'en',
  locales: ['en'],
  chat,
  commands,
  sms,
  proactive,
  serviceDesk,
  alerts,
  approval,
};
