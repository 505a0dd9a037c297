import { z } from 'zod';
import { int } from './fields';

export const playgroundSettings = z.object({
  PLAYGROUND: z
    .enum(['auto', 'true', 'false'])
    .default('auto')
    .describe(
      'Start Microsoft 365 Agents Playground next to the bot: `auto` = only in the all-defaults demo.',
    ),
  PLAYGROUND_PORT: int(56150, 1, 65535).describe('Port of the Agents Playground web client.'),
  PLAYGROUND_LOCALE: z
    .string()
    .default('sv-SE')
    .describe('Locale the Playground sends (`en-US` for English).'),
});

export interface PlaygroundConfig {
  readonly enabled: boolean;
  readonly port: number;
  readonly locale: string;
  readonly headless: boolean;
}

/** `demo`: nothing was configured; `display`: the host has a screen to open a browser on. */
export const playgroundConfig = ({ demo, display }: { demo: boolean; display: boolean }) =>
  playgroundSettings.transform((settings): PlaygroundConfig => ({
    enabled: settings.PLAYGROUND === 'true' || (settings.PLAYGROUND === 'auto' && demo),
    port: settings.PLAYGROUND_PORT,
    locale: settings.PLAYGROUND_LOCALE,
    headless: !display,
  }));
