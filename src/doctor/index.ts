import type { Config } from '../config';
import type { Logger } from '../reset/ports';
import { checkDomainControllers } from './adChecks';
import { checkApprovers } from './approverChecks';
import { exitCodeOf, formatChecklist, warn, type CheckResult } from './checklist';
import { checkGraph } from './graphChecks';
import { checkSms } from './smsChecks';

export { formatChecklist, exitCodeOf, type CheckResult } from './checklist';

export interface DoctorReport {
  readonly sections: readonly { readonly heading: string; readonly results: readonly CheckResult[] }[];
  readonly exitCode: 0 | 1;
  readonly text: string;
}

/** Checks the configured directory and SMS provider without changing anything (`npm run doctor`). */
export async function runDoctor(config: Config, logger: Logger): Promise<DoctorReport> {
  const sections: { heading: string; results: readonly CheckResult[] }[] = [];
  const mode = config.directory.kind;
  const testAccount = config.doctorTestAccount;
  if (config.graph && (mode === 'graph' || mode === 'hybrid'))
    sections.push({
      heading: 'Microsoft Graph',
      results: await checkGraph(config.graph, mode, testAccount, logger),
    });
  if (config.ad) sections.push(...(await checkDomainControllers(config.ad, testAccount)));
  const approvers = await checkApprovers(config, logger);
  if (approvers.length > 0) sections.push({ heading: 'Manager approval', results: approvers });
  if (mode === 'demo')
    sections.push({
      heading: 'Directory',
      results: [
        warn('Directory', 'demo (a JSON file)', 'set DIRECTORY=hybrid (or graph/ad) with its settings'),
      ],
    });
  sections.push({ heading: 'SMS', results: await checkSms(config.sms, config.production) });
  const exitCode = exitCodeOf(sections.flatMap((section) => section.results));
  return { sections, exitCode, text: formatChecklist(sections) };
}
