import { z } from 'zod';
import { adConfigFrom, adSettings, checkAd, type AdConfig } from './ad';
import { optionalText, problem, type ConfigContext } from './fields';
import { checkGraph, graphConfigFrom, graphSettings, type GraphConfig } from './graph';

export const directorySettings = z.object({
  DIRECTORY: z
    .enum(['demo', 'graph', 'ad', 'hybrid'])
    .optional()
    .describe(
      'Where accounts live. `demo`: a JSON file (the default outside production); `graph`: cloud-only Entra ID; `ad`: on-prem AD only; `hybrid`: Graph finds accounts, synced ones are written in AD (needs the GRAPH_* and AD_* settings).',
    ),
  DEMO_DIRECTORY_FILE: optionalText.describe(
    'JSON file of demo accounts (shape in src/demo/demoDirectoryFile.ts); the bundled sample when empty.',
  ),
  ...graphSettings.shape,
  ...adSettings.shape,
  DOCTOR_TEST_ACCOUNT: optionalText.describe(
    'Username (sAMAccountName or UPN) of an ordinary employee account that `npm run doctor` looks up (read only) to check the Graph and AD settings and rights.',
  ),
});

/** Where accounts live; each kind carries exactly the settings its adapter needs. */
export type DirectoryConfig =
  | { readonly kind: 'demo'; /** Absent: the bundled sample. */ readonly file?: string }
  | { readonly kind: 'graph'; readonly graph: GraphConfig }
  | { readonly kind: 'ad'; readonly ad: AdConfig }
  /** Graph finds accounts, AD writes the synced ones. */
  | { readonly kind: 'hybrid'; readonly graph: GraphConfig; readonly ad: AdConfig };

export type DirectoryKind = DirectoryConfig['kind'];

export interface DirectoryPart {
  readonly directory: DirectoryConfig;
  /** The account `npm run doctor` looks up (read only). */
  readonly doctorTestAccount?: string;
}

/** DIRECTORY as it applies: the demo is the default outside production only. */
export function directoryKind(
  settings: { readonly DIRECTORY?: DirectoryKind | undefined },
  { production }: ConfigContext,
): DirectoryKind | undefined {
  return settings.DIRECTORY ?? (production ? undefined : 'demo');
}

export const directoryConfig = (context: ConfigContext) =>
  directorySettings
    .superRefine((settings, issues) => {
      const kind = directoryKind(settings, context);
      if (kind === undefined) problem(issues, 'DIRECTORY', 'required in production');
      if (context.production && kind === 'demo')
        problem(issues, 'DIRECTORY', 'the demo directory is not allowed in production');
      if (kind === 'graph' || kind === 'hybrid') checkGraph(settings, issues);
      if (kind === 'ad' || kind === 'hybrid') checkAd(settings, issues);
    })
    .transform((settings): DirectoryPart => {
      const doctor =
        settings.DOCTOR_TEST_ACCOUNT !== undefined ? { doctorTestAccount: settings.DOCTOR_TEST_ACCOUNT } : {};
      const directory = ((): DirectoryConfig => {
        switch (directoryKind(settings, context)) {
          case 'graph':
            return { kind: 'graph', graph: graphConfigFrom(settings) };
          case 'ad':
            return { kind: 'ad', ad: adConfigFrom(settings) };
          case 'hybrid':
            return { kind: 'hybrid', graph: graphConfigFrom(settings), ad: adConfigFrom(settings) };
          default: {
            const file = settings.DEMO_DIRECTORY_FILE;
            return { kind: 'demo', ...(file !== undefined ? { file } : {}) };
          }
        }
      })();
      return { directory, ...doctor };
    });
