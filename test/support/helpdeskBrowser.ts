/**
 * The service-desk web view (/helpdesk) in headless Chromium: pages that record every
 * Content-Security-Policy violation and console error, an axe scan, a phone-width check and
 * screenshots. Chromium is launched as for the Playground tests (PlaygroundBrowser).
 */
import AxeBuilder from '@axe-core/playwright';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { SCREENSHOT_DIR } from '../e2e/support';
import { PlaygroundBrowser, VIEWPORTS, type ViewportSize } from './playground';

export const HELPDESK_VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: VIEWPORTS.phone,
} as const satisfies Record<string, ViewportSize>;

/**
 * What a page did that it should not have: CSP violations, console errors, uncaught errors, failed
 * requests (`page-status`: the document itself answered 4xx/5xx).
 */
export interface PageProblem {
  readonly kind: 'csp' | 'console' | 'pageerror' | 'http' | 'page-status';
  readonly url: string;
  readonly text: string;
}

export interface AxeFinding {
  readonly kind: 'violation' | 'needs review';
  readonly id: string;
  readonly impact: string;
  readonly help: string;
  readonly nodes: number;
  readonly where: string;
}

/** Runs in every document before its own script: reports CSP violations to the test. */
const REPORT_CSP_VIOLATIONS = `document.addEventListener('securitypolicyviolation', (event) => {
  void window.__reportCspViolation(event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline') +
    ' at ' + event.sourceFile + ':' + event.lineNumber + ' ' + (event.sample || ''));
}, true);`;

export class HelpdeskBrowser {
  private constructor(private readonly chromium: PlaygroundBrowser) {}

  static async launch(): Promise<HelpdeskBrowser> {
    return new HelpdeskBrowser(await PlaygroundBrowser.launch());
  }

  /** A fresh context (no cookies) and page; `ignoreHTTPSErrors` lets it reach the local issuer. */
  async open(options: { viewport?: ViewportSize; ignoreHTTPSErrors?: boolean } = {}): Promise<HelpdeskPage> {
    const context = await this.chromium.browser.newContext({
      viewport: options.viewport ?? HELPDESK_VIEWPORTS.desktop,
      locale: 'sv-SE',
      timezoneId: 'Europe/Stockholm',
      acceptDownloads: true,
      ignoreHTTPSErrors: options.ignoreHTTPSErrors ?? false,
    });
    const problems: PageProblem[] = [];
    await context.exposeBinding('__reportCspViolation', ({ frame }, text: unknown) => {
      problems.push({ kind: 'csp', url: frame.url(), text: String(text) });
    });
    await context.addInitScript(REPORT_CSP_VIOLATIONS);
    const page = await context.newPage();
    page.on('console', (message) => {
      // A failed load is recorded below with its address; this console line does not name it.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource:'))
        problems.push({ kind: 'console', url: page.url(), text: message.text() });
    });
    page.on('response', (response) => {
      if (response.status() < 400) return;
      const document = response.request().isNavigationRequest();
      problems.push({
        kind: document ? 'page-status' : 'http',
        url: response.url(),
        text: String(response.status()),
      });
    });
    page.on('pageerror', (error) =>
      problems.push({ kind: 'pageerror', url: page.url(), text: error.message }),
    );
    return new HelpdeskPage(context, page, problems);
  }

  async close(): Promise<void> {
    await this.chromium.close();
  }
}

export class HelpdeskPage {
  /** Navigations of the main frame since the page opened (a live update must not add one). */
  navigations = 0;

  constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly problems: PageProblem[],
  ) {
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) this.navigations++;
    });
  }

  /** Opens `url` and waits until the page (its stylesheet and script) has loaded. */
  async goto(url: string): Promise<number> {
    const response = await this.page.goto(url, { waitUntil: 'load' });
    return response?.status() ?? 0;
  }

  /**
   * No CSP violation, console or script error, nor failed request since the last check;
   * `allowedStatuses` are the document statuses the test expects (401 for the sign-in page).
   */
  assertClean(allowedStatuses: readonly number[] = []): void {
    const expected = (problem: PageProblem) =>
      problem.kind === 'page-status' && allowedStatuses.includes(Number(problem.text));
    assert.deepEqual(
      this.problems.filter((problem) => !expected(problem)),
      [],
      'the page broke its Content-Security-Policy or logged an error',
    );
    this.problems.length = 0;
  }

  async text(): Promise<string> {
    return this.page.locator('body').innerText();
  }

  /** Nothing scrolls sideways (the phone layout). */
  async assertNoHorizontalScroll(): Promise<void> {
    const widths: unknown = await this.page.evaluate(
      '[document.scrollingElement.scrollWidth, window.innerWidth]',
    );
    assert.ok(Array.isArray(widths) && widths.length === 2, 'widths read');
    const [scrollWidth, innerWidth] = widths.map(Number) as [number, number];
    assert.ok(
      scrollWidth <= innerWidth,
      `${this.page.url()} scrolls sideways: ${scrollWidth} px wide in a ${innerWidth} px window`,
    );
  }

  /**
   * axe (WCAG 2.0 A/AA, 2.1 AA): every violation, and what axe could not decide ("needs review"),
   * most serious first.
   */
  async axe(): Promise<AxeFinding[]> {
    const results = await new AxeBuilder({ page: this.page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21aa'])
      .analyze();
    assert.ok(results.passes.length > 0, 'axe checked the page');
    const rank = ['critical', 'serious', 'moderate', 'minor'];
    const findings = (kind: AxeFinding['kind'], list: typeof results.violations) =>
      list.map((result) => ({
        kind,
        id: result.id,
        impact: result.impact ?? 'unknown',
        help: result.help,
        nodes: result.nodes.length,
        where: result.nodes
          .slice(0, 3)
          .map((node) => node.target.join(' '))
          .join(', '),
      }));
    return [
      ...findings('violation', results.violations),
      ...findings('needs review', results.incomplete),
    ].sort((a, b) => rank.indexOf(a.impact) - rank.indexOf(b.impact));
  }

  /** `SCREENSHOTS=1`: the whole page as docs/screenshots/helpdesk-<name>.png. */
  async screenshot(name: string): Promise<void> {
    if (process.env.SCREENSHOTS !== '1') return;
    await this.page.screenshot({ path: path.join(SCREENSHOT_DIR, `helpdesk-${name}.png`), fullPage: true });
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
