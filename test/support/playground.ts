/**
 * Drives Microsoft 365 Agents Playground (`@microsoft/m365agentsplayground`, a local Teams-like web
 * client) in headless Chromium against a bot, for end-to-end tests and screenshots. Everything binds to
 * 127.0.0.1; nothing leaves the machine (the page's requests to Microsoft's CDN are blocked).
 *
 * The server side (config file, locale-rewriting proxy, loopback preload, process group) is the
 * launcher `npm start` uses (dev/playground/playground.ts); this file adds traffic recording and the
 * browser/page helpers. See docs/dev/playground.md.
 */
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { z } from 'zod';
import { launchPlayground, type RunningPlayground } from '../../dev/playground/playground';
import { DEMO_USER, type PlaygroundUser } from '../../dev/playground/playgroundConfig';
import {
  isJsonObject,
  type JsonObject,
  type JsonValue,
  type ProxyExchange,
} from '../../dev/playground/playgroundProxy';

export { isJsonObject, type JsonObject, type JsonValue } from '../../dev/playground/playgroundProxy';
export type { PlaygroundUser } from '../../dev/playground/playgroundConfig';

/** One HTTP exchange seen by the proxy. `toBot`: Playground → bot; `fromBot`: bot → connector. */
export type TrafficRecord = ProxyExchange;

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

// ---------------------------------------------------------------------------------------------------
// Playground server

export interface PlaygroundOptions {
  /** The bot's messaging endpoint, e.g. `http://127.0.0.1:3978/api/messages`. */
  readonly botEndpoint: string;
  /** Port for the Playground web UI/server. Default: a free port. */
  readonly port?: number;
  /** Locale put in `activity.locale` and the `clientInfo` entity. Default `sv-SE`. */
  readonly locale?: string;
  /** IANA zone for `localTimezone`/`clientInfo.timezone`. Default `Europe/Stockholm`. */
  readonly timezone?: string;
  /** Fields not given are Anna Svensson's (the demo user). */
  readonly user?: Partial<PlaygroundUser>;
  readonly tenantId?: string;
  /** Personal chat conversation id. Default: a random UUID per start. */
  readonly conversationId?: string;
  /** Extra edit applied to every activity going to the bot, after the built-in rewrite. */
  readonly rewriteActivity?: (activity: JsonObject) => void;
  readonly startupTimeoutMs?: number;
  /** Path of the Playground's `cli.js`. Default: resolved from node_modules. */
  readonly cliPath?: string;
}

/** A running Playground (dev/playground/playground.ts) plus a record of everything through its proxy. */
export class PlaygroundServer {
  readonly traffic: TrafficRecord[];

  private constructor(
    private readonly running: RunningPlayground,
    traffic: TrafficRecord[],
  ) {
    this.traffic = traffic;
  }

  /** Starts the proxy and the Playground, and resolves once the Playground answers `/_debug/ping`. */
  static async start(options: PlaygroundOptions): Promise<PlaygroundServer> {
    const traffic: TrafficRecord[] = [];
    const running = await launchPlayground({
      botEndpoint: options.botEndpoint,
      port: options.port ?? 0,
      locale: options.locale ?? 'sv-SE',
      headless: true,
      user: { ...DEMO_USER, ...definedOnly(options.user ?? {}) },
      onExchange: (exchange) => traffic.push(exchange),
      ...(options.timezone !== undefined ? { timezone: options.timezone } : {}),
      ...(options.tenantId !== undefined ? { tenantId: options.tenantId } : {}),
      ...(options.conversationId !== undefined ? { conversationId: options.conversationId } : {}),
      ...(options.rewriteActivity ? { rewriteActivity: options.rewriteActivity } : {}),
      ...(options.startupTimeoutMs !== undefined ? { startTimeoutMs: options.startupTimeoutMs } : {}),
      ...(options.cliPath !== undefined ? { cliPath: options.cliPath } : {}),
    });
    return new PlaygroundServer(running, traffic);
  }

  /** Base URL of the Playground web UI, e.g. `http://127.0.0.1:56150/`. */
  get url(): string {
    return this.running.url;
  }
  get port(): number {
    return this.running.port;
  }
  get pid(): number {
    return this.running.pid;
  }
  get user(): PlaygroundUser {
    return this.running.user;
  }
  get conversationId(): string {
    return this.running.conversationId;
  }
  get startupMs(): number {
    return this.running.startupMs;
  }
  /** The locale the proxy writes into activities; may be changed between conversations. */
  get locale(): string {
    return this.running.locale;
  }
  set locale(value: string) {
    this.running.locale = value;
  }

  /** Activities the bot received (after rewrite), oldest first. */
  activitiesToBot(): JsonObject[] {
    return this.traffic.flatMap((r) => (r.direction === 'toBot' && r.body ? [r.body] : []));
  }

  /** Activities the bot posted (POST) or replaced (PUT) through the connector, oldest first. */
  activitiesFromBot(): Array<{ method: string; path: string; activity: JsonObject }> {
    return this.traffic.flatMap((r) =>
      r.direction === 'fromBot' && r.body && (r.method === 'POST' || r.method === 'PUT')
        ? [{ method: r.method, path: r.path, activity: r.body }]
        : [],
    );
  }

  /** Adaptive Card contents the bot sent or replaced, oldest first. */
  cardsFromBot(): JsonObject[] {
    const cards: JsonObject[] = [];
    for (const { activity } of this.activitiesFromBot()) {
      const attachments = activity.attachments;
      if (!Array.isArray(attachments)) continue;
      for (const attachment of attachments) {
        if (
          isJsonObject(attachment) &&
          attachment.contentType === ADAPTIVE_CARD_CONTENT_TYPE &&
          isJsonObject(attachment.content)
        ) {
          cards.push(attachment.content);
        }
      }
    }
    return cards;
  }

  /** Turns the bot has not answered yet (requests to the bot without a response). */
  pendingTurns(): number {
    return this.traffic.filter((r) => r.direction === 'toBot' && r.status === undefined).length;
  }

  /** Resolves with the first record (already seen or future) that matches. */
  async waitForTraffic(
    predicate: (record: TrafficRecord) => boolean,
    options: { timeoutMs?: number; fromIndex?: number; description?: string } = {},
  ): Promise<TrafficRecord> {
    const timeoutMs = options.timeoutMs ?? 15_000;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.traffic.slice(options.fromIndex ?? 0).find(predicate);
      if (found) return found;
      if (Date.now() > deadline) {
        throw new Error(`Timed out after ${timeoutMs} ms waiting for ${options.description ?? 'traffic'}`);
      }
      await delay(25);
    }
  }

  /** Waits until every request to the bot has been answered. */
  async waitForIdle(timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.pendingTurns() > 0) {
      if (Date.now() > deadline) throw new Error(`The bot still has ${this.pendingTurns()} open turn(s)`);
      await delay(25);
    }
  }

  /** The Playground's own log (it writes console output there, not to stdout). */
  readLog(): string {
    return this.running.readLog();
  }

  /** Stops the Playground (SIGTERM to its process group, SIGKILL after 5 s) and the proxy. */
  async stop(): Promise<void> {
    await this.running.stop();
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---------------------------------------------------------------------------------------------------
// Browser

export interface ViewportSize {
  readonly width: number;
  readonly height: number;
}

export const VIEWPORTS = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 390, height: 844 },
} as const satisfies Record<string, ViewportSize>;

export type ViewportName = keyof typeof VIEWPORTS;

export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserOptions {
  readonly executablePath?: string;
  readonly headless?: boolean;
  /** Extra Chromium flags (after CHROMIUM_ARGS). */
  readonly args?: readonly string[];
}

export interface ChatOptions {
  /** `desktop` (1280×900), `phone` (390×844) or a size. Default `desktop`. */
  readonly viewport?: ViewportName | ViewportSize;
  /**
   * Lay the chat pane over the whole viewport (hides the Playground's header, chat list and log panel).
   * The Playground itself is not responsive (about 800 px minimum), so this is how a phone width is
   * approximated. Default: true for widths under 800, else false.
   */
  readonly chatOnly?: boolean;
  /** Browser locale and time zone (page `Intl`, `navigator.language`). Default: the server's locale, Europe/Stockholm. */
  readonly locale?: string;
  readonly timezoneId?: string;
  readonly deviceScaleFactor?: number;
  /** Text of the bot's welcome message to wait for after the page loads. */
  readonly waitForWelcome?: string;
  readonly timeoutMs?: number;
}

/** One headless Chromium (Playwright gives each launch a fresh temporary profile). */
export class PlaygroundBrowser {
  private constructor(readonly browser: Browser) {}

  static async launch(options: BrowserOptions = {}): Promise<PlaygroundBrowser> {
    const browser = await chromium.launch({
      executablePath: options.executablePath ?? '/usr/bin/chromium',
      headless: options.headless ?? true,
      args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
    });
    return new PlaygroundBrowser(browser);
  }

  /**
   * Opens the Playground in a new isolated browser context. Each page load makes the Playground send
   * `installationUpdate` + `conversationUpdate` again (same conversation id, empty history on screen):
   * keep one open chat per server at a time.
   */
  async openChat(server: PlaygroundServer, options: ChatOptions = {}): Promise<PlaygroundChat> {
    const viewport = resolveViewport(options.viewport ?? 'desktop');
    const context = await this.browser.newContext({
      viewport,
      deviceScaleFactor: options.deviceScaleFactor ?? 1,
      locale: options.locale ?? server.locale,
      timezoneId: options.timezoneId ?? 'Europe/Stockholm',
    });
    // Only loopback: the Playground page asks Microsoft's CDN for fonts and an animation worklet.
    await context.route(
      (url) => !isLoopbackUrl(url),
      (route) => route.abort('blockedbyclient'),
    );
    const page = await context.newPage();
    const chat = new PlaygroundChat(server, context, page, options.timeoutMs ?? 20_000);
    await chat.load(options, viewport);
    return chat;
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

function resolveViewport(viewport: ViewportName | ViewportSize): ViewportSize {
  return typeof viewport === 'string' ? VIEWPORTS[viewport] : viewport;
}

function isLoopbackUrl(url: URL): boolean {
  if (url.protocol === 'data:' || url.protocol === 'blob:' || url.protocol === 'about:') return true;
  return url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
}

// ---------------------------------------------------------------------------------------------------
// Page helpers
//
// The project compiles without the DOM lib, so code that runs in the page is kept as source text
// (like scripts/render-cards.ts) and its results are checked with zod.

export interface OverflowReport {
  readonly ok: boolean;
  readonly viewport: ViewportSize;
  /** Only checked when the chat is not in chat-only mode (the Playground's own layout needs ~800 px). */
  readonly document: { scrollWidth: number; clientWidth: number } | undefined;
  readonly chat: { scrollWidth: number; clientWidth: number };
  readonly offenders: string[];
}

const BOT_MESSAGE = '.fai-OutputCard';
const CARD = '.ac-adaptiveCard';
const PANE_ATTR = 'data-pg-harness';

/** An expression that calls the in-page function `source` with `arg` (JSON) and yields its result. */
function call(source: string, arg: JsonValue): string {
  return `(${source})(${JSON.stringify(arg)})`;
}

const IN_PAGE = {
  botTexts: String.raw`(selector) =>
    Array.from(document.querySelectorAll(selector)).map((e) => e.innerText.replace(/\s+/g, ' ').trim())`,

  /** Predicate for waitForFunction: the newest new-or-changed bot message containing the needle. */
  findBotText: String.raw`({ selector, snapshot, needle, anywhere }) => {
    const norm = (s) => s.replace(/\s+/g, ' ').trim();
    const texts = Array.from(document.querySelectorAll(selector)).map((e) => norm(e.innerText));
    for (let i = texts.length - 1; i >= 0; i--) {
      const fresh = anywhere || i >= snapshot.length || snapshot[i] !== texts[i];
      if (fresh && texts[i].includes(norm(needle))) return texts[i];
    }
    return false;
  }`,

  atLeast: String.raw`({ selector, count }) => document.querySelectorAll(selector).length >= count`,

  /**
   * Marks the chat pane (attr="pane": the closest ancestor of the compose box that also holds a
   * vertically scrolling message list) and that list (attr="scroller"). The Playground's class names
   * are generated hashes, so structure is all there is to go by.
   */
  locatePane: String.raw`(attr) => {
    const existing = document.querySelector('[' + attr + '="pane"]');
    if (existing && existing.isConnected && existing.querySelector('[role="textbox"]')) return 'cached';
    document.querySelectorAll('[' + attr + ']').forEach((e) => e.removeAttribute(attr));
    const box = document.querySelector('[role="textbox"][contenteditable="true"]');
    if (!box) return 'no compose box';
    for (let node = box.parentElement; node && node !== document.body; node = node.parentElement) {
      const scroller = Array.from(node.querySelectorAll('*')).find((e) => {
        if (e.contains(box)) return false;
        const style = getComputedStyle(e);
        return (style.overflowY === 'auto' || style.overflowY === 'scroll') && e.clientWidth >= 200 && e.clientHeight >= 100;
      });
      if (scroller) {
        node.setAttribute(attr, 'pane');
        scroller.setAttribute(attr, 'scroller');
        return 'found';
      }
    }
    return 'no scrolling message list next to the compose box';
  }`,

  /**
   * Chat-only layout: the pane covers the viewport, and message bubbles and cards may shrink to its
   * width (the Playground gives every card a fixed 446 px and keeps a 100 px right margin; Teams
   * mobile draws cards across the screen).
   */
  setChatOnly: String.raw`({ on, attr }) => {
    let style = document.getElementById('pg-harness-chat-only');
    if (on && !style) {
      const pane = '[' + attr + '="pane"]';
      const list = '[' + attr + '="scroller"]';
      style = document.createElement('style');
      style.id = 'pg-harness-chat-only';
      style.textContent =
        'html, body { overflow: hidden !important; }' +
        pane + ' { position: fixed !important; inset: 0 !important; width: 100vw !important; min-width: 0 !important;' +
        ' height: 100vh !important; max-width: none !important; margin: 0 !important;' +
        ' z-index: 2147483646 !important; background: #fff !important; }' +
        list + ' * { min-width: 0 !important; max-width: 100% !important; box-sizing: border-box; }' +
        list + ' :has(> [aria-label="Message header"]) { margin-right: 16px !important; flex: 1 1 auto !important; }' +
        list + ' .fai-OutputCard, ' + list + ' .ac-preview-panel, ' + list + ' .ac-adaptiveCard { width: auto !important; }' +
        list + ' :has(> .fai-OutputCard), ' + list + ' :has(> .ac-preview-panel) { width: 100% !important; }' +
        list + ' .fai-OutputCard:has(.ac-adaptiveCard) { flex: 1 1 auto !important; }' +
        list + ' :has(> .fui-Avatar), ' + list + ' .fui-Avatar { flex-shrink: 0 !important; min-width: max-content !important; max-width: none !important; }';
      document.head.appendChild(style);
    } else if (!on && style) {
      style.remove();
    }
    return on;
  }`,

  scrollToBottom: String.raw`(attr) => {
    const scroller = document.querySelector('[' + attr + '="scroller"]');
    if (scroller) scroller.scrollTop = scroller.scrollHeight;
    return true;
  }`,

  scrollerHeights: String.raw`(attr) => {
    const scroller = document.querySelector('[' + attr + '="scroller"]');
    return scroller ? { scrollHeight: scroller.scrollHeight, clientHeight: scroller.clientHeight } : { scrollHeight: 0, clientHeight: 0 };
  }`,

  overflow: String.raw`({ attr, card, bot }) => {
    const offenders = [];
    const describe = (e) => {
      const cls = typeof e.className === 'string' ? e.className.split(/\s+/).find((c) => c.startsWith('ac-')) : undefined;
      const text = (e.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 60);
      return e.tagName.toLowerCase() + (cls ? '.' + cls : '') + ' "' + text + '"';
    };
    const doc = document.scrollingElement || document.documentElement;
    const pane = document.querySelector('[' + attr + '="pane"]');
    const scroller = document.querySelector('[' + attr + '="scroller"]');
    const chat = { scrollWidth: 0, clientWidth: 0 };
    for (const [name, el] of [['chat pane', pane], ['message list', scroller]]) {
      if (!el) continue;
      chat.scrollWidth = Math.max(chat.scrollWidth, el.scrollWidth);
      chat.clientWidth = Math.max(chat.clientWidth, el.clientWidth);
      if (el.scrollWidth > el.clientWidth + 1)
        offenders.push(name + ' scrollWidth ' + el.scrollWidth + ' > clientWidth ' + el.clientWidth);
    }
    const limit = scroller ? scroller.getBoundingClientRect().right : window.innerWidth;
    for (const message of document.querySelectorAll(bot)) {
      const right = message.getBoundingClientRect().right;
      if (right > limit + 1)
        offenders.push('bot message ends at ' + Math.round(right) + ' px, list at ' + Math.round(limit) + ' px: ' + describe(message));
    }
    for (const c of document.querySelectorAll(card)) {
      const box = c.getBoundingClientRect();
      if (c.scrollWidth > c.clientWidth + 1) offenders.push('card scrollWidth ' + c.scrollWidth + ' > ' + c.clientWidth + ': ' + describe(c));
      for (const el of c.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        if (r.right > box.right + 1 || r.left < box.left - 1)
          offenders.push('sticks out of its card (' + Math.round(r.left) + '..' + Math.round(r.right) + ' vs ' +
            Math.round(box.left) + '..' + Math.round(box.right) + '): ' + describe(el));
      }
    }
    return { document: { scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth }, chat, offenders: offenders.slice(0, 20) };
  }`,
} as const;

const scrollerHeightsSchema = z.object({ scrollHeight: z.number(), clientHeight: z.number() });

const overflowResultSchema = z.object({
  document: z.object({ scrollWidth: z.number(), clientWidth: z.number() }),
  chat: z.object({ scrollWidth: z.number(), clientWidth: z.number() }),
  offenders: z.array(z.string()),
});

export class PlaygroundChat {
  /** Uncaught page errors and console errors (blocked CDN requests excluded). */
  readonly pageErrors: string[] = [];
  /** Milliseconds from navigation until the compose box was visible and the opening turns were rendered. */
  loadMs = 0;
  private snapshot: string[] = [];
  private trafficMark = 0;
  private chatOnly = false;

  constructor(
    readonly server: PlaygroundServer,
    readonly context: BrowserContext,
    readonly page: Page,
    readonly timeoutMs: number,
  ) {
    page.on('pageerror', (error) => this.pageErrors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const text = message.text();
      if (/ERR_FAILED|ERR_BLOCKED_BY_CLIENT|worklet module/.test(text)) return;
      this.pageErrors.push(`console: ${text}`);
    });
  }

  /** The compose box (a Lexical contenteditable; its placeholder overlays it and intercepts clicks). */
  get composeBox(): Locator {
    return this.page.locator('[role="textbox"][contenteditable="true"]').first();
  }

  /** All bot message bubbles (text and cards), oldest first. */
  get botMessages(): Locator {
    return this.page.locator(BOT_MESSAGE);
  }

  /** The newest Adaptive Card on screen. */
  get latestCard(): Locator {
    return this.page.locator(CARD).last();
  }

  /** @internal Navigates and waits for the opening turns (installationUpdate, conversationUpdate). */
  async load(options: ChatOptions, viewport: ViewportSize): Promise<void> {
    const started = Date.now();
    const mark = this.server.traffic.length;
    await this.page.goto(this.server.url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await this.composeBox.waitFor({ state: 'visible', timeout: 60_000 });
    await this.server.waitForTraffic(
      (r) => r.direction === 'toBot' && r.body?.type === 'conversationUpdate' && r.status !== undefined,
      { fromIndex: mark, timeoutMs: 60_000, description: 'conversationUpdate to be answered by the bot' },
    );
    this.trafficMark = mark;
    await this.waitForRendered();
    if (options.waitForWelcome) await this.waitForBotText(options.waitForWelcome, { anywhere: true });
    await this.setViewport(viewport, options.chatOnly);
    this.loadMs = Date.now() - started;
    await this.markAction();
  }

  /** Resizes the page; chat-only layout is on for widths under 800 unless `chatOnly` says otherwise. */
  async setViewport(viewport: ViewportName | ViewportSize, chatOnly?: boolean): Promise<void> {
    const size = resolveViewport(viewport);
    await this.page.setViewportSize(size);
    await this.setChatOnly(chatOnly ?? size.width < 800);
  }

  /** Lays the chat pane over the whole viewport (or restores the Playground layout). */
  async setChatOnly(on: boolean): Promise<void> {
    await this.locatePane();
    await this.page.evaluate(call(IN_PAGE.setChatOnly, { on, attr: PANE_ATTR }));
    this.chatOnly = on;
  }

  /**
   * Types `text` (one line: a newline would send early) into the compose box, presses Enter, and
   * resolves with the activity the bot received.
   */
  async sendText(text: string): Promise<JsonObject> {
    await this.markAction();
    const mark = this.server.traffic.length;
    await this.composeBox.focus();
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
    const record = await this.server.waitForTraffic(
      (r) =>
        r.direction === 'toBot' &&
        r.body?.type === 'message' &&
        typeof r.body.text === 'string' &&
        r.body.text.trim() === text.trim(),
      { fromIndex: mark, timeoutMs: this.timeoutMs, description: `the bot to receive "${text}"` },
    );
    return record.body ?? {};
  }

  /**
   * Waits until a bot message that is new, or changed (e.g. a card replaced by updateActivity), since
   * the last action (sendText/clickCardButton/submitCard) contains `substring` (whitespace-normalised),
   * and returns its text. `anywhere: true` also accepts messages that were already there.
   */
  async waitForBotText(
    substring: string,
    options: { timeoutMs?: number; anywhere?: boolean } = {},
  ): Promise<string> {
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const arg = {
      selector: BOT_MESSAGE,
      snapshot: this.snapshot,
      needle: substring,
      anywhere: !!options.anywhere,
    };
    try {
      const handle = await this.page.waitForFunction(call(IN_PAGE.findBotText, arg), undefined, {
        timeout: timeoutMs,
        polling: 100,
      });
      return z.string().parse(await handle.jsonValue());
    } catch (error) {
      const seen = await this.botTexts();
      throw new Error(
        `No ${options.anywhere ? '' : 'new or changed '}bot message containing "${substring}" within ${timeoutMs} ms.\n` +
          `Bot messages on screen:\n${seen.map((t, i) => `  [${i}] ${t.slice(0, 300)}`).join('\n')}\n` +
          `Page errors: ${this.pageErrors.join(' | ') || 'none'}\n(${String(error)})`,
      );
    }
  }

  /** Texts of all bot messages on screen (whitespace-normalised), oldest first. */
  async botTexts(): Promise<string[]> {
    return z.array(z.string()).parse(await this.page.evaluate(call(IN_PAGE.botTexts, BOT_MESSAGE)));
  }

  /** Visible text of the newest card (whitespace-normalised). */
  async readLatestCard(): Promise<string> {
    await this.latestCard.waitFor({ state: 'visible', timeout: this.timeoutMs });
    return (await this.latestCard.innerText()).replace(/\s+/g, ' ').trim();
  }

  /** Clicks the button titled `title` (exact accessible name) on the newest card. */
  async clickCardButton(title: string): Promise<void> {
    const card = this.latestCard;
    await card.waitFor({ state: 'visible', timeout: this.timeoutMs });
    const button = card.getByRole('button', { name: title, exact: true });
    const count = await button.count();
    if (count !== 1) {
      const names: string[] = [];
      for (const b of await card.getByRole('button').all())
        names.push((await b.getAttribute('aria-label')) ?? '');
      throw new Error(
        `Expected one button "${title}" on the latest card, found ${count}. Buttons: ${names.join(', ')}`,
      );
    }
    await this.markAction();
    await button.click({ timeout: this.timeoutMs });
  }

  /**
   * Fills an input on the newest card, found by its label (or placeholder) — exact first, then
   * substring — or by its Adaptive Card `id` (looked up in the card JSON the bot sent; the DOM only
   * carries generated ids). A `<select>` gets the option with that label (or value); checkboxes and
   * radio buttons take `"true"`/`"false"`.
   */
  async fillCardInput(labelOrId: string, value: string): Promise<void> {
    const card = this.latestCard;
    await card.waitFor({ state: 'visible', timeout: this.timeoutMs });
    const input = await this.findCardInput(card, labelOrId);
    if ((await input.and(this.page.locator('select')).count()) > 0) {
      await input.selectOption([{ label: value }]).catch(() => input.selectOption(value));
    } else if (
      (await input.and(this.page.locator('input[type="checkbox"], input[type="radio"]')).count()) > 0
    ) {
      await input.setChecked(value === 'true');
    } else {
      await input.fill(value);
    }
  }

  /**
   * Clicks a submit button on the newest card (by title; default: the card's first action button) and
   * resolves with the activity the bot received (`value` set). Fails with the card's text when the
   * Playground did not send it (e.g. a required input is empty and the card shows its error).
   */
  async submitCard(title?: string): Promise<JsonObject> {
    const mark = this.server.traffic.length;
    let name = title;
    if (name === undefined) {
      const first = this.latestCard.locator('.ac-actionSet button').first();
      name = ((await first.getAttribute('aria-label')) ?? (await first.innerText())).trim();
    }
    await this.clickCardButton(name);
    try {
      const record = await this.server.waitForTraffic(
        (r) => r.direction === 'toBot' && r.body?.type === 'message' && r.body.value !== undefined,
        {
          fromIndex: mark,
          timeoutMs: this.timeoutMs,
          description: `the bot to receive the submit of "${name}"`,
        },
      );
      return record.body ?? {};
    } catch (error) {
      const card = await this.readLatestCard().catch(() => '(no card)');
      throw new Error(
        `${error instanceof Error ? error.message : String(error)}\nLatest card: ${card}\n` +
          `Page errors: ${this.pageErrors.join(' | ') || 'none'}`,
      );
    }
  }

  /** Waits until the bot has answered every turn and every message it posted is on screen. */
  async waitForRendered(timeoutMs = this.timeoutMs): Promise<void> {
    await this.server.waitForIdle(timeoutMs);
    const count = this.server.traffic
      .slice(this.trafficMark)
      .filter((r) => r.direction === 'fromBot' && r.method === 'POST' && r.body?.type === 'message').length;
    await this.page.waitForFunction(call(IN_PAGE.atLeast, { selector: BOT_MESSAGE, count }), undefined, {
      timeout: timeoutMs,
      polling: 100,
    });
  }

  /**
   * Screenshot of the chat pane (messages + compose box). `fullHistory` grows the viewport until the message list stops scrolling, so
   * the whole conversation is in the picture, not only what is scrolled into view.
   */
  async screenshot(file: string, options: { fullHistory?: boolean } = {}): Promise<void> {
    await this.waitForRendered();
    await this.locatePane();
    const pane = this.page.locator(`[${PANE_ATTR}="pane"]`);
    await this.page.mouse.move(0, 0); // no hover highlight on the last clicked button
    if (!options.fullHistory) {
      await this.page.evaluate(call(IN_PAGE.scrollToBottom, PANE_ATTR));
      await pane.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
      return;
    }
    // Grow the viewport until the message list no longer scrolls, then put it back.
    const original = this.page.viewportSize() ?? VIEWPORTS.desktop;
    try {
      for (let attempt = 0; attempt < 4; attempt++) {
        const heights = scrollerHeightsSchema.parse(
          await this.page.evaluate(call(IN_PAGE.scrollerHeights, PANE_ATTR)),
        );
        const extra = heights.scrollHeight - heights.clientHeight;
        if (extra <= 1) break;
        const current = this.page.viewportSize() ?? original;
        await this.page.setViewportSize({
          width: current.width,
          height: Math.min(current.height + extra, 16_000),
        });
      }
      await pane.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
    } finally {
      await this.page.setViewportSize(original);
    }
  }

  /** Screenshot of the whole viewport (Playground chrome included). */
  async screenshotPage(file: string): Promise<void> {
    await this.waitForRendered();
    await this.locatePane();
    await this.page.evaluate(call(IN_PAGE.scrollToBottom, PANE_ATTR));
    await this.page.mouse.move(0, 0);
    await this.page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  }

  /**
   * Horizontal overflow of the document (not in chat-only mode), the chat pane and message list, bot
   * messages wider than the list, cards that scroll, and elements sticking out of their card.
   */
  async horizontalOverflow(): Promise<OverflowReport> {
    await this.locatePane();
    const viewport = this.page.viewportSize() ?? VIEWPORTS.desktop;
    const result = overflowResultSchema.parse(
      await this.page.evaluate(call(IN_PAGE.overflow, { attr: PANE_ATTR, card: CARD, bot: BOT_MESSAGE })),
    );
    const offenders = [...result.offenders];
    const document = this.chatOnly ? undefined : result.document;
    if (document && document.scrollWidth > document.clientWidth + 1) {
      offenders.unshift(`document scrollWidth ${document.scrollWidth} > clientWidth ${document.clientWidth}`);
    }
    return { ok: offenders.length === 0, viewport, document, chat: result.chat, offenders };
  }

  /** Throws, listing what sticks out, when anything overflows horizontally (see horizontalOverflow). */
  async assertNoHorizontalScroll(): Promise<void> {
    const report = await this.horizontalOverflow();
    if (!report.ok) {
      throw new Error(
        `Horizontal overflow at ${report.viewport.width}×${report.viewport.height}:\n  ${report.offenders.join('\n  ')}`,
      );
    }
  }

  async close(): Promise<void> {
    await this.context.close();
  }

  // -------------------------------------------------------------------------------------------------

  private async markAction(): Promise<void> {
    this.snapshot = await this.botTexts();
  }

  private async locatePane(): Promise<void> {
    await this.composeBox.waitFor({ state: 'visible', timeout: this.timeoutMs });
    const result = z.string().parse(await this.page.evaluate(call(IN_PAGE.locatePane, PANE_ATTR)));
    if (result !== 'found' && result !== 'cached')
      throw new Error(`Could not find the Playground chat pane: ${result}`);
  }

  private async findCardInput(card: Locator, labelOrId: string): Promise<Locator> {
    const single = async (locator: Locator): Promise<Locator | undefined> =>
      (await locator.count()) === 1 ? locator : undefined;
    const byExactLabel = await single(card.getByLabel(labelOrId, { exact: true }));
    if (byExactLabel) return byExactLabel;
    // By Adaptive Card id: find it in the cards the bot sent (newest first).
    const fields = 'input:not([type="button"]):not([type="hidden"]), textarea, select';
    for (const json of [...this.server.cardsFromBot()].reverse()) {
      const inputs = collectCardInputs(json);
      const index = inputs.findIndex((i) => i.id === labelOrId);
      const entry = inputs[index];
      if (!entry) continue;
      for (const name of [entry.label, entry.placeholder]) {
        if (!name) continue;
        const found =
          (await single(card.getByLabel(name, { exact: true }))) ?? (await single(card.getByLabel(name)));
        if (found) return found;
      }
      const containers = card.locator('.ac-input-container');
      if ((await containers.count()) === inputs.length) {
        const nth = await single(containers.nth(index).locator(fields).first());
        if (nth) return nth;
      }
    }
    const bySubstring = await single(card.getByLabel(labelOrId));
    if (bySubstring) return bySubstring;
    const labels = await card.locator('label').allInnerTexts();
    throw new Error(`No single input "${labelOrId}" on the latest card. Labels: ${labels.join(' | ')}`);
  }
}

export interface CardInputInfo {
  readonly id: string;
  readonly label: string | undefined;
  readonly placeholder: string | undefined;
}

/** Inputs of an Adaptive Card in render order (body, containers, columns, table cells; not ShowCard). */
export function collectCardInputs(card: JsonObject): CardInputInfo[] {
  const out: CardInputInfo[] = [];
  const visit = (node: JsonValue | undefined): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (!isJsonObject(node)) return;
    if (typeof node.type === 'string' && node.type.startsWith('Input.') && typeof node.id === 'string') {
      out.push({
        id: node.id,
        label: typeof node.label === 'string' ? node.label : undefined,
        placeholder: typeof node.placeholder === 'string' ? node.placeholder : undefined,
      });
    }
    for (const key of ['body', 'items', 'columns', 'rows', 'cells']) visit(node[key]);
  };
  visit(card.body);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// All together

export interface PlaygroundSession {
  readonly server: PlaygroundServer;
  readonly browser: PlaygroundBrowser;
  readonly chat: PlaygroundChat;
  /** Closes the chat and the browser, then stops the Playground. Safe to call twice. */
  stop(): Promise<void>;
}

/** Starts the Playground against `options.botEndpoint`, launches Chromium and opens the chat. */
export async function startPlaygroundSession(
  options: PlaygroundOptions & { readonly browser?: BrowserOptions; readonly chat?: ChatOptions },
): Promise<PlaygroundSession> {
  const server = await PlaygroundServer.start(options);
  let browser: PlaygroundBrowser | undefined;
  try {
    browser = await PlaygroundBrowser.launch(options.browser);
    const chat = await browser.openChat(server, options.chat);
    const launched = browser;
    let stopped = false;
    return {
      server,
      browser: launched,
      chat,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        await chat.close().catch(() => undefined);
        await launched.close().catch(() => undefined);
        await server.stop();
      },
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await server.stop();
    throw error;
  }
}
