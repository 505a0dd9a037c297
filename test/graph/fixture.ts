import { loadConfig } from '../../src/config';
import { createGraph, type GraphComponents } from '../../src/graph';
import {
  EMULATOR_CLIENT_ID,
  EMULATOR_CLIENT_SECRET,
  EMULATOR_TENANT_ID,
  type EmulatedUser,
  type GraphEmulator,
} from '../support/graphEmulator';
import { memoryLogger, type MemoryLogStream } from '../support/memoryLog';

/** The settings that point the bot at a running emulator (`DIRECTORY=graph`). */
export function emulatorSettings(
  emulator: GraphEmulator,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    DIRECTORY: 'graph',
    GRAPH_TENANT_ID: EMULATOR_TENANT_ID,
    GRAPH_CLIENT_ID: EMULATOR_CLIENT_ID,
    GRAPH_CLIENT_SECRET: EMULATOR_CLIENT_SECRET,
    GRAPH_BASE_URL: emulator.baseUrl,
    GRAPH_AUTHORITY_HOST: emulator.origin,
    GRAPH_CA_FILE: emulator.caFile,
    ...extra,
  };
}

export function graphAgainst(
  emulator: GraphEmulator,
  extra: Record<string, string> = {},
  approverGroup?: string,
): GraphComponents & { log: MemoryLogStream } {
  const config = loadConfig({
    CODE_HASH_SECRET: 'x'.repeat(32),
    ALLOW_UNAUTHENTICATED_REQUESTS: 'true',
    ...emulatorSettings(emulator, extra),
  });
  const { logger, log } = memoryLogger('debug');
  return { ...createGraph(config.graph!, logger, approverGroup !== undefined ? { approverGroup } : {}), log };
}

/** Documented shapes (Graph v1.0 `user`, `phoneAuthenticationMethod`) for a synced and a cloud-only employee. */
export const ANNA: EmulatedUser = {
  id: '6f1c2b9e-3d4a-4c1b-9a7e-2f5d8c0b1a01',
  userPrincipalName: 'anna.svensson@kommun.example',
  displayName: 'Anna Svensson',
  accountEnabled: true,
  onPremisesSyncEnabled: true,
  onPremisesSamAccountName: 'anna.svensson',
  mobilePhone: '070-174 06 99',
  phoneMethods: [
    {
      id: 'e37fc753-ff3b-4958-9484-eaa9425c82bc',
      phoneNumber: '+46 701740600',
      phoneType: 'office',
      smsSignInState: 'notSupported',
    },
    {
      id: 'b6332ec1-7057-4abe-9331-3d72feddfe41',
      phoneNumber: '+46 701740611',
      phoneType: 'alternateMobile',
      smsSignInState: 'notSupported',
    },
    {
      id: '3179e48a-750b-4051-897c-87b9720928f7',
      phoneNumber: '+46 701740605',
      phoneType: 'mobile',
      smsSignInState: 'notAllowedByPolicy',
    },
  ],
};

export const MOA: EmulatedUser = {
  id: '0b8e7c6d-5a4f-4e3d-8c2b-1a0f9e8d7c6b',
  userPrincipalName: 'moa.molnet@kommun.example',
  displayName: 'Moa Molnet',
  accountEnabled: true,
  onPremisesSyncEnabled: null,
  onPremisesSamAccountName: null,
  mobilePhone: null,
  phoneMethods: [
    {
      id: '3179e48a-750b-4051-897c-87b9720928f7',
      phoneNumber: '+46 701234567',
      phoneType: 'mobile',
      smsSignInState: 'notAllowedByPolicy',
    },
  ],
};

/** Only a directory mobilePhone, no authentication methods. */
export const OLLE: EmulatedUser = {
  id: '1c9d8e7f-6a5b-4c3d-9e2f-0a1b2c3d4e5f',
  userPrincipalName: 'olle.obrien@kommun.example',
  displayName: "Olle O'Brien",
  accountEnabled: true,
  onPremisesSyncEnabled: true,
  onPremisesSamAccountName: "o'brien",
  mobilePhone: '+46 70 123 45 89',
  phoneMethods: [],
};

/** A manager (Anna's, in the manager tests), synced from AD, with no phone method. */
export const KARIN: EmulatedUser = {
  id: '2d3e4f50-6172-4834-9a5b-6c7d8e9f0a1b',
  userPrincipalName: 'karin.lund@kommun.example',
  displayName: 'Karin Lund',
  accountEnabled: true,
  onPremisesSyncEnabled: true,
  onPremisesSamAccountName: 'karin.lund',
  mobilePhone: null,
};
