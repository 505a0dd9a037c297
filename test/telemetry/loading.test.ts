import assert from 'node:assert/strict';
import { modulesLoadedByStartedApp } from '../support/loadedModules';

const OPEN_TELEMETRY = /node_modules\/(@opentelemetry|@azure\/monitor-opentelemetry)/;
const BASE = { PORT: '0', HOST: '127.0.0.1', PLAYGROUND: 'false', STORAGE: 'memory' };

describe('telemetry loading', () => {
  describe('when APPLICATIONINSIGHTS_CONNECTION_STRING is not set', () => {
    it('loads nothing of OpenTelemetry or the Azure Monitor distro', () => {
      const loaded = modulesLoadedByStartedApp(BASE).filter((file) => OPEN_TELEMETRY.test(file));
      assert.deepEqual(loaded, []);
    });
  });

  describe('when it is set', () => {
    it('loads the distro (so the check above can fail)', () => {
      const loaded = modulesLoadedByStartedApp({
        ...BASE,
        // Nothing listens there: the app starts all the same, and nothing is flushed before it stops.
        APPLICATIONINSIGHTS_CONNECTION_STRING:
          'InstrumentationKey=3f0e8a1c-5b2d-4e6f-9a7b-1c2d3e4f5a6b;IngestionEndpoint=https://127.0.0.1:9/',
      });
      assert.ok(loaded.some((file) => OPEN_TELEMETRY.test(file)));
    });
  });
});
