import { createActiveDirectory, type AdConfig } from '../ad';
import { createGraph, type GraphConfig } from '../graph';
import type { Logger } from '../reset/ports';
import { HybridDirectory } from './hybridDirectory';

export { HybridDirectory, mergeSynced } from './hybridDirectory';

/** The directory for `DIRECTORY=hybrid`: Graph for lookups and cloud-only writes, AD for synced writes. */
export function createHybridDirectory(graph: GraphConfig, ad: AdConfig, logger: Logger): HybridDirectory {
  const { users, directory } = createGraph(graph, logger);
  return new HybridDirectory(users, directory, createActiveDirectory(ad, logger), logger);
}
