import { errorText } from '../lib/errorText';
import type { Logger } from '../reset/ports';
import type { AppInstaller, InstallResult } from '../reset/notices/ports';
import type { GraphApi } from './graphApi';

export interface TeamsAppInstallerOptions {
  readonly api: GraphApi;
  /** The app's id in the organisation's Teams app catalog (`TEAMS_APP_CATALOG_ID`), not its manifest id. */
  readonly catalogId: string;
  /** `https://graph.microsoft.com/v1.0`: the base the `teamsApp@odata.bind` reference is written against. */
  readonly bindBase: string;
  readonly logger: Logger;
}

/**
 * Installs the bot in a person's personal scope, Microsoft's documented way to open a first proactive
 * chat (`TeamsAppInstallation.ReadWriteSelfForUser.All`): Teams then sends the bot a conversationUpdate
 * for that chat, which the bot remembers like any other contact.
 */
export class TeamsAppInstaller implements AppInstaller {
  private readonly log: Logger;

  constructor(private readonly options: TeamsAppInstallerOptions) {
    this.log = options.logger.child({ module: 'teams-install' });
  }

  async installFor(aadObjectId: string): Promise<InstallResult> {
    const { api, catalogId, bindBase } = this.options;
    let status: number;
    try {
      ({ status } = await api.post(`/users/${encodeURIComponent(aadObjectId)}/teamwork/installedApps`, {
        'teamsApp@odata.bind': `${bindBase.replace(/\/$/, '')}/appCatalogs/teamsApps/${catalogId}`,
      }));
    } catch (error) {
      this.log.warn({ aadObjectId, err: errorText(error) }, 'installing the bot for a user failed');
      return 'failed';
    }
    const result = resultOf(status);
    const line = { aadObjectId, status, result };
    if (result === 'installed' || result === 'already-installed')
      this.log.info(line, 'bot installed for a user');
    else if (result === 'not-permitted')
      this.log.warn(line, 'Graph refused the install: grant TeamsAppInstallation.ReadWriteSelfForUser.All');
    else this.log.warn(line, 'bot could not be installed for a user (is TEAMS_APP_CATALOG_ID right?)');
    return result;
  }
}

function resultOf(status: number): InstallResult {
  if (status === 201 || status === 200 || status === 204) return 'installed';
  if (status === 409) return 'already-installed';
  if (status === 403) return 'not-permitted';
  if (status === 404) return 'not-found';
  return 'failed';
}
