import { randomUUID } from 'node:crypto';

/** The person chatting in the Playground (`from.*` of every activity). */
export interface PlaygroundUser {
  /** Channel account id (`from.id`); real Teams ids look like `29:1abc…`. */
  readonly id: string;
  readonly name: string;
  readonly aadObjectId: string;
  readonly userPrincipalName: string;
  readonly givenName: string;
  readonly surname: string;
  readonly email: string;
}

/** Anna in the bundled demo directory: locked, has a phone, so the bot offers her own account. */
export const DEMO_USER: PlaygroundUser = {
  id: '29:1playground-user-anna',
  name: 'Anna Svensson',
  aadObjectId: '6f1c2b9e-3d4a-4c1b-9a7e-2f5d8c0b1a01',
  userPrincipalName: 'anna.svensson@kommun.example',
  givenName: 'Anna',
  surname: 'Svensson',
  email: 'anna.svensson@kommun.example',
};

export const DEMO_TENANT_ID = '9b0c5e2a-1f3d-4e6b-8a7c-0d1e2f3a4b5c';
export const DEMO_BOT = { id: '28:playground-bot', name: 'Reset Assistant' } as const;

/** The five other users the configuration schema requires (`users`: exactly 5, unique ids). */
const FILLER_USERS: readonly PlaygroundUser[] = [1, 2, 3, 4, 5].map((n) => ({
  id: `29:1playground-user-${n}`,
  name: `Test User ${n}`,
  aadObjectId: `00000000-0000-4000-8000-00000000002${n}`,
  userPrincipalName: `user${n}@kommun.example`,
  givenName: 'Test',
  surname: `User ${n}`,
  email: `user${n}@kommun.example`,
}));

const yamlString = (value: string): string => JSON.stringify(value); // valid YAML double-quoted scalar

function yamlUser(user: PlaygroundUser, indent: string, first: string): string[] {
  return [
    `${first}id: ${yamlString(user.id)}`,
    `${indent}name: ${yamlString(user.name)}`,
    `${indent}userPrincipleName: ${yamlString(user.userPrincipalName)}`, // sic: the schema's spelling
    `${indent}aadObjectId: ${yamlString(user.aadObjectId)}`,
    `${indent}givenName: ${yamlString(user.givenName)}`,
    `${indent}surname: ${yamlString(user.surname)}`,
    `${indent}email: ${yamlString(user.email)}`,
  ];
}

/**
 * `.m365agentsplayground.yml`, schema 0.1.1: every top-level key is required and no other key is
 * allowed (a `locale` key makes the Playground exit), so the file is always written complete.
 */
export function playgroundConfigYaml(input: {
  readonly user: PlaygroundUser;
  readonly tenantId: string;
  readonly bot: { readonly id: string; readonly name: string };
  readonly conversationId: string;
}): string {
  const others = FILLER_USERS.filter((u) => u.id !== input.user.id).slice(0, 5);
  if (others.length < 5) others.push({ ...DEMO_USER, id: '29:1playground-user-6' });
  return [
    '# Written by Reset Assistant (dev/playground/playgroundConfig.ts)',
    'version: "0.1.1"',
    `tenantId: ${yamlString(input.tenantId)}`,
    'bot:',
    `  id: ${yamlString(input.bot.id)}`,
    `  name: ${yamlString(input.bot.name.slice(0, 42))}`,
    'currentUser:',
    ...yamlUser(input.user, '  ', '  '),
    'users:',
    ...others.flatMap((u) => yamlUser(u, '    ', '  - ')),
    'personalChat:',
    `  id: ${yamlString(input.conversationId)}`,
    'groupChat:',
    `  id: ${yamlString(randomUUID())}`,
    '  name: "Group Chat"',
    'team:',
    '  id: "team-id"',
    '  name: "My Team"',
    '  aadGroupId: "00000000-0000-4000-8000-000000000031"',
    '  channels:',
    '    - id: "channel-announcements-id"',
    '      name: "Announcements"',
    '',
  ].join('\n');
}

/**
 * Node preload for the Playground process: it calls `server.listen(port)` (all interfaces) and has no
 * host option, so every host-less listen in that process is made to bind 127.0.0.1.
 */
export const LOOPBACK_PRELOAD = `'use strict';
const net = require('net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const a0 = args[0];
  if (typeof a0 === 'number' || (typeof a0 === 'string' && /^\\d+$/.test(a0))) {
    if (args.length === 1 || typeof args[1] === 'function') args.splice(1, 0, '127.0.0.1');
  } else if (a0 && typeof a0 === 'object' && a0.path === undefined && a0.host === undefined && a0.port !== undefined) {
    args[0] = Object.assign({}, a0, { host: '127.0.0.1' });
  }
  return listen.apply(this, args);
};
`;
