/**
 * Renders every card with the real Adaptive Cards JS renderer in headless Chromium, at a Teams desktop
 * card width and at phone width, writes docs/cards/<card>-<lang>-<desktop|phone>.png, and fails when
 * a page scrolls sideways or any text (a button title above all) is cut off.
 *
 *   npx tsc -p tsconfig.json && node dist/scripts/render-cards.js
 */
import { CHROMIUM_ARGS } from '../test/support/playground';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Attachment } from 'botbuilder';
import { chromium } from 'playwright-core';
import { z } from 'zod';
import { accountCard, choiceCard, codeCard, doneCard, passwordCard, summaryCard } from '../src/cards';
import { wordsFor, type ChatWords } from '../src/language';

const sv = wordsFor('sv').chat;
const en = wordsFor('en').chat;

const root = path.resolve(__dirname, '..', '..');
const outDir = path.join(root, 'docs', 'cards');
const bundlePath = path.join(root, 'node_modules', 'adaptivecards', 'dist', 'adaptivecards.min.js');

const ref = { caseId: 'c0ffee00-1234-4abc-9def-000000000001', nonce: 'n1' };
const servicedeskPhone = '0142-36 6000';

/** The variant of each card that puts the most on screen. */
const cards: Readonly<Record<string, (m: ChatWords) => Attachment>> = {
  account: (m) => accountCard({ m, ...ref, ownUsername: 'anna.svensson', servicedeskPhone }),
  'account-error': (m) => accountCard({ m, ...ref, servicedeskPhone, error: m.invalidUsername }),
  code: (m) => codeCard({ m, ...ref, intro: m.codeSentOwn('67', 10) }),
  'code-error': (m) =>
    codeCard({ m, ...ref, intro: m.codeSentUniform(10, servicedeskPhone), error: m.codeWrong(2) }),
  choice: (m) => choiceCard({ m, ...ref }),
  password: (m) =>
    passwordCard({
      m,
      ...ref,
      errors: [m.violation('too-short'), m.violation('no-digit'), m.rejection('history')],
    }),
  done: (m) => doneCard({ m, ...ref, headline: m.donePasswordSet, tips: m.doneTips }),
  summary: (m) =>
    summaryCard({ lines: [m.submittedUsername('anna.svensson'), m.submittedCode, m.passwordSubmitted] }),
};

const renders: readonly { card: string; lang: 'sv' | 'en' }[] = [
  ...Object.keys(cards).map((card) => ({ card, lang: 'sv' as const })),
  { card: 'choice', lang: 'en' },
  { card: 'account', lang: 'en' },
];

const viewports = {
  desktop: { viewport: { width: 1024, height: 768 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false },
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
} as const;

const fontFamily =
  "'Segoe UI', 'Segoe UI Web (West European)', -apple-system, BlinkMacSystemFont, Roboto, 'Helvetica Neue', Arial, sans-serif";

const colours = (emphasisBackground: string) => ({
  backgroundColor: emphasisBackground,
  foregroundColors: {
    default: { default: '#242424', subtle: '#616161' },
    dark: { default: '#242424', subtle: '#616161' },
    light: { default: '#ffffff', subtle: '#f5f5f5' },
    accent: { default: '#5b5fc7', subtle: '#4f52b2' },
    good: { default: '#237b4b', subtle: '#2d8a56' },
    warning: { default: '#835c00', subtle: '#8a6a00' },
    attention: { default: '#c4314b', subtle: '#a72037' },
  },
});

/** Teams light theme, as far as a host config can say it; Teams cuts button titles to one line. */
const teamsHostConfig = {
  fontFamily,
  supportsInteractivity: true,
  spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#e0e0e0' },
  fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 },
  fontWeights: { lighter: 200, default: 400, bolder: 600 },
  textStyles: { heading: { size: 'large', weight: 'bolder', color: 'default' } },
  textBlock: { headingLevel: 2 },
  containerStyles: {
    default: colours('#ffffff'),
    emphasis: colours('#f5f5f5'),
    accent: colours('#e8ebfa'),
    good: colours('#e7f2da'),
    attention: colours('#fcf4f6'),
    warning: colours('#fbf6d9'),
  },
  actions: {
    maxActions: 6,
    spacing: 'default',
    buttonSpacing: 8,
    actionsOrientation: 'horizontal',
    actionAlignment: 'stretch',
    allowTitleToWrap: false,
    showCard: { actionMode: 'inline', inlineTopMargin: 16, style: 'emphasis' },
  },
  inputs: {
    label: {
      inputSpacing: 'small',
      requiredInputs: { weight: 'bolder', suffix: ' *', suffixColor: 'attention' },
      optionalInputs: { weight: 'bolder' },
    },
    errorMessage: { size: 'small', color: 'attention' },
  },
  adaptiveCard: { allowCustomStyle: false },
};

/** Teams' own chrome around a card: grey chat, white message, Fluent-style buttons and fields. */
const pageCss = `
  html, body { margin: 0; background: #f5f5f5; font-family: ${fontFamily}; color: #242424; }
  .chat { box-sizing: border-box; padding: 16px 12px; }
  body.desktop .chat { width: 498px; padding: 24px; }
  .message { background: #fff; border-radius: 6px; box-shadow: 0 1px 2px rgba(0,0,0,.14), 0 0 2px rgba(0,0,0,.12); overflow: hidden; }
  .ac-pushButton { font-family: inherit; font-size: 14px; font-weight: 600; min-height: 32px; padding: 0 12px;
    border-radius: 4px; background: #fff; color: #242424; border: 1px solid #d1d1d1; }
  .ac-pushButton:hover { background: #f5f5f5; color: #242424; border-color: #c7c7c7; }
  .ac-pushButton.style-positive { background: #5b5fc7; color: #fff; border-color: #5b5fc7; }
  .ac-input { font-family: inherit; font-size: 14px; }
  .ac-textInput { box-sizing: border-box; height: 32px; padding: 0 10px; border: 1px solid #d1d1d1;
    border-bottom-color: #616161; border-radius: 4px; background: #fff; color: #242424; }
  .ac-textInput::placeholder { color: #707070; }
`;

/** Runs in the page: renders the card and lists what a reader could not see in full. */
const inPage = String.raw`
window.PROBLEMS = [];
try {
  const card = new AdaptiveCards.AdaptiveCard();
  card.hostConfig = new AdaptiveCards.HostConfig(window.HOST_CONFIG);
  card.onExecuteAction = () => {};
  const context = new AdaptiveCards.SerializationContext();
  card.parse(window.CARD, context);
  for (let i = 0; i < context.eventCount; i++) window.PROBLEMS.push('parse: ' + context.getEventAt(i).message);
  document.getElementById('card').appendChild(card.render());
} catch (error) {
  window.PROBLEMS.push('render failed: ' + error);
}
`;

const measure = String.raw`
(() => {
  const problems = [...window.PROBLEMS];
  const width = window.innerWidth;
  const page = document.documentElement.scrollWidth;
  if (page > width) problems.push('the page scrolls sideways: ' + page + ' > ' + width);
  const card = document.querySelector('.ac-adaptiveCard');
  if (!card) return [...problems, 'no card was rendered'];
  const cardBox = card.getBoundingClientRect();
  if (cardBox.right > width) problems.push('the card is wider than the screen');
  const describe = (element) =>
    '<' + element.tagName.toLowerCase() + ' class="' + element.className + '"> "' + (element.textContent || '').slice(0, 60) + '"';
  for (const element of card.querySelectorAll('*')) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.right > cardBox.right + 1 || box.left < cardBox.left - 1) problems.push('sticks out of the card: ' + describe(element));
    const style = getComputedStyle(element);
    const clips = style.overflowX !== 'visible' || style.textOverflow === 'ellipsis';
    if (clips && element.tagName !== 'INPUT' && element.scrollWidth > element.clientWidth + 1)
      problems.push('text cut: ' + describe(element));
    if (style.webkitLineClamp !== 'none' && element.scrollHeight > element.clientHeight + 1)
      problems.push('lines clamped: ' + describe(element));
  }
  for (const button of card.querySelectorAll('.ac-pushButton')) {
    const title = button.querySelector('div') || button;
    const box = button.getBoundingClientRect();
    let hidden = title.scrollWidth > title.clientWidth + 1;
    for (let parent = button.parentElement; parent && parent !== card.parentElement; parent = parent.parentElement) {
      if (getComputedStyle(parent).overflowX === 'visible') continue;
      const visible = parent.getBoundingClientRect();
      if (box.right > visible.right + 1 || box.left < visible.left - 1) hidden = true;
    }
    if (hidden) problems.push('button title cut: "' + button.textContent + '"');
  }
  return problems;
})()
`;

function page(bodyClass: string, lang: string, card: unknown, bundle: string): string {
  const data = `window.CARD = ${JSON.stringify(card)}; window.HOST_CONFIG = ${JSON.stringify(teamsHostConfig)};`;
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${pageCss}</style>
<script>${bundle}</script><script>${data.replace(/</g, '\\u003c')}</script></head>
<body class="${bodyClass}"><div class="chat"><div class="message" id="card"></div></div>
<script>${inPage}</script></body></html>`;
}

async function main(): Promise<number> {
  const bundle = await readFile(bundlePath, 'utf8');
  await mkdir(outDir, { recursive: true });
  let failures = 0;
  for (const [form, options] of Object.entries(viewports)) {
    const profile = await mkdtemp(path.join(tmpdir(), 'render-cards-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [...CHROMIUM_ARGS],
      offline: true,
      ...options,
    });
    try {
      await context.route('**/*', (route) => route.abort());
      const tab = await context.newPage();
      for (const { card, lang } of renders) {
        const build = cards[card];
        if (!build) throw new Error(`no card called ${card}`);
        await tab.setContent(page(form, lang, build(lang === 'sv' ? sv : en).content, bundle));
        const problems = z.array(z.string()).parse(await tab.evaluate(measure));
        const file = path.join(outDir, `${card}-${lang}-${form}.png`);
        await tab.locator('.chat').screenshot({ path: file });
        console.log(`${problems.length === 0 ? 'ok  ' : 'FAIL'} ${path.relative(root, file)}`);
        for (const problem of problems) console.log(`     ${problem}`);
        failures += problems.length;
      }
    } finally {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    }
  }
  return failures;
}

main().then(
  (failures) => {
    if (failures > 0) console.error(`${failures} problem(s): something would be cut off or scroll sideways.`);
    process.exitCode = failures > 0 ? 1 : 0;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 2;
  },
);
