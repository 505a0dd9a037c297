'use strict';

/**
 * The layer rule of DESIGN.md §3, checked by `npm run lint` (and so by `npm test`):
 * bot → dialogs → reset (domain) → ports ← adapters, config at the bottom, one composition root.
 * test/architecture/layers.test.ts proves that each rule fires on a file that breaks it.
 */

/** Adapters: each talks to one outside system and meets the others only through the domain's ports. */
const adapters = ['ad', 'graph', 'sms', 'storage', 'demo'];
/**
 * Parts that compose adapters: the entry point and the files beside it (src/*.ts: directory, reset-service
 * wiring, server, banner, shutdown), the doctor (it checks each adapter's settings), the hybrid directory
 * (Graph finds, AD writes).
 */
const composers = '^src/[^/]+\\.ts$|^src/(doctor|hybrid)/';

module.exports = {
  forbidden: [
    {
      name: 'domain-imports-only-itself',
      comment: 'src/reset is the domain: it imports nothing of ours outside itself.',
      severity: 'error',
      from: { path: '^src/reset/' },
      to: { path: '^(src|dev|test|bench|scripts)/', pathNot: '^src/reset/' },
    },
    {
      name: 'domain-uses-no-package',
      comment: 'The domain speaks in its own types: no SDK, no library, only Node.js itself.',
      severity: 'error',
      from: { path: '^src/reset/' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'config-is-the-bottom-layer',
      comment: 'src/config imports nothing of ours but src/lib: every part receives its options from it.',
      severity: 'error',
      from: { path: '^src/config/' },
      to: { path: '^(src|dev)/', pathNot: '^src/(config|lib)/' },
    },
    {
      name: 'lib-is-a-leaf',
      comment: 'src/lib holds small helpers any layer but the domain may use; it imports nothing of ours.',
      severity: 'error',
      from: { path: '^src/lib/' },
      to: { path: '^(src|dev)/', pathNot: '^src/lib/' },
    },
    {
      name: 'language-is-words-only',
      comment: 'src/language holds words: it may name domain types, never behaviour of other layers.',
      severity: 'error',
      from: { path: '^src/language/' },
      // Type-only imports of a union (a card verb, an alert kind) carry no behaviour.
      to: { path: '^(src|dev)/', pathNot: '^src/(language|reset|lib)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'cards-do-not-import-dialogs',
      comment: 'Cards are templates plus typed data; what to say comes from src/language.',
      severity: 'error',
      from: { path: '^src/cards/' },
      to: { path: '^src/(dialogs|bot)/' },
    },
    {
      name: 'adapters-meet-only-through-ports',
      comment: 'An adapter never imports another adapter: they meet through the ports in src/reset.',
      severity: 'error',
      from: { path: `^src/(${adapters.join('|')})/` },
      to: {
        path: `^src/(${[...adapters, 'hybrid', 'bot', 'dialogs', 'helpdesk', 'alerts'].join('|')})/`,
        pathNot: '^src/$1/',
      },
    },
    {
      name: 'only-the-entry-point-composes',
      comment:
        'Only src/index.ts and the files beside it (and the doctor and hybrid directory) build adapters.',
      severity: 'error',
      from: { path: '^src/', pathNot: `${composers}|^src/(${adapters.join('|')})/` },
      to: { path: `^src/(${adapters.join('|')}|hybrid)/` },
    },
    {
      name: 'nothing-imports-the-entry-point',
      comment: 'src/index.ts composes; importing it from src would turn the layers around.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/index\\.ts$' },
    },
    {
      name: 'production-code-imports-no-tooling',
      comment: 'The shipped app (dist/src) contains no test, bench, script or development tool.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(dev|test|bench|scripts)/' },
    },
    {
      name: 'no-cycles-between-files',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|node_modules)/' },
  },
};
