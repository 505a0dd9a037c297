/**
 * Draws the Teams app icons (an open padlock with a keyhole) as SVG and renders them to PNG with
 * headless Chromium, so the committed PNGs can be regenerated and reviewed as source:
 *
 *   npx tsc -p tsconfig.json && node dist/scripts/render-icons.js
 *
 * Teams wants a 192×192 full-colour icon (symbol inside the central 96×96-ish safe area on a solid
 * background) and a 32×32 outline icon: white on a transparent background.
 */
import { CHROMIUM_ARGS } from '../test/support/playground';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const ACCENT_COLOR = '#1F5FA8';
const manifestDir = path.resolve(__dirname, '..', '..', 'manifest');

/** Open shackle (the account is being unlocked), body with a keyhole. */
function padlock(stroke: string, fill: string, strokeWidth: number): string {
  return `
  <path d="M10 14 V9 a6 6 0 0 1 11.6 -2.2" fill="none" stroke="${stroke}" stroke-width="${strokeWidth}"
        stroke-linecap="round"/>
  <rect x="5" y="14" width="22" height="15" rx="2.5" fill="${fill}" stroke="${stroke}" stroke-width="${strokeWidth}"/>
  <circle cx="16" cy="20.5" r="2.2" fill="${stroke}"/>
  <rect x="15" y="21" width="2" height="4.5" rx="1" fill="${stroke}"/>`;
}

export const colorSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="192" height="192" viewBox="0 0 192 192">
  <rect width="192" height="192" fill="${ACCENT_COLOR}"/>
  <g transform="translate(44 40) scale(3.25)">${padlock('#FFFFFF', 'none', 2)}</g>
</svg>`;

export const outlineSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32">
  ${padlock('#FFFFFF', 'none', 2)}
</svg>`;

async function render(svg: string, size: number, file: string): Promise<void> {
  const profile = await mkdtemp(path.join(tmpdir(), 'render-icons-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS],
    offline: true,
    viewport: { width: size, height: size },
    deviceScaleFactor: 1,
  });
  try {
    const page = await context.newPage();
    await page.setContent(
      `<!doctype html><html><head><style>html,body{margin:0;background:transparent}svg{display:block}</style></head><body>${svg}</body></html>`,
    );
    const png = await page.locator('svg').screenshot({ omitBackground: true, type: 'png' });
    await writeFile(file, png);
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  await render(colorSvg, 192, path.join(manifestDir, 'color.png'));
  await render(outlineSvg, 32, path.join(manifestDir, 'outline.png'));
  process.stdout.write(`icons written to ${manifestDir}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
