import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BotHarness } from '../support/botHarness';
import type { PlaygroundChat } from '../support/playground';

/** `SCREENSHOTS=1` saves a picture of every step under docs/screenshots/. */
export const SCREENSHOT_DIR = path.resolve(__dirname, '../../../docs/screenshots');
const screenshotsOn = process.env.SCREENSHOTS === '1';
if (screenshotsOn) mkdirSync(SCREENSHOT_DIR, { recursive: true });

/** Saves `<name>-<desktop|phone>.png` when screenshots are on. */
export async function shot(chat: PlaygroundChat, name: string): Promise<void> {
  if (!screenshotsOn) return;
  const width = chat.page.viewportSize()?.width ?? 1280;
  await chat.screenshot(path.join(SCREENSHOT_DIR, `${name}-${width < 800 ? 'phone' : 'desktop'}.png`));
}

/**
 * What an employee needs from every card: nothing scrolls sideways, every button can be scrolled to
 * and lies inside the window, and password fields are masked.
 */
export async function assertCardUsable(chat: PlaygroundChat): Promise<void> {
  await chat.waitForRendered();
  await chat.assertNoHorizontalScroll();
  const viewport = chat.page.viewportSize();
  assert.ok(viewport);
  const card = chat.latestCard;
  if ((await card.count()) === 0) return;
  for (const button of await card.getByRole('button').all()) {
    if (!(await button.isVisible())) continue;
    await button.scrollIntoViewIfNeeded();
    const box = await button.boundingBox();
    const name = (await button.getAttribute('aria-label')) ?? (await button.innerText());
    assert.ok(box, `button "${name}" has no box`);
    assert.ok(
      box.x >= 0 &&
        box.x + box.width <= viewport.width + 1 &&
        box.y >= 0 &&
        box.y + box.height <= viewport.height + 1,
      `button "${name}" at ${Math.round(box.x)},${Math.round(box.y)} (${Math.round(box.width)}×${Math.round(box.height)}) is outside the ${viewport.width}×${viewport.height} window`,
    );
    assert.ok(await button.isEnabled(), `button "${name}" is disabled`);
  }
}

/** Both password inputs of the newest card are `type=password`, and it has no other text input. */
export async function assertPasswordsMasked(chat: PlaygroundChat): Promise<void> {
  const card = chat.latestCard;
  assert.equal(await card.locator('input[type="password"]').count(), 2, 'two masked password inputs');
  assert.equal(
    await card.locator('input:not([type="password"]):not([type="button"]):not([type="hidden"])').count(),
    0,
  );
}

/** The code of the next SMS the bot sends after `before` messages (read from the local SMS gateway). */
export async function nextCode(bot: BotHarness, before: number, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (bot.sms.received.length <= before) {
    if (Date.now() > deadline) throw new Error('no SMS arrived');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return bot.sms.latestCode();
}

/** A six-digit code that is not `code`. */
export function otherCode(code: string): string {
  return code === '111111' ? '222222' : '111111';
}
