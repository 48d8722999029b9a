import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../services/platform/config/config.schema.js';
import { createRequire } from 'node:module';
import { chromium, type Browser } from 'playwright-core';

/** Where the browser tests look for Chromium: `CHROMIUM_PATH`, else Debian's package. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHROMIUM_PATH || '/usr/bin/chromium';
}

/** The one line a run without a browser prints, naming the path and how to get one. */
export function missingBrowserMessage(path: string): string {
  return `the browser tests need Chromium at ${path}, and there is none: install it (Debian: apt-get install chromium; .ci/run does this) or point CHROMIUM_PATH at a Chromium binary`;
}

/** Debian's Chromium, headless, reaching nothing but this machine. */
export function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) return Promise.reject(new Error(missingBrowserMessage(executablePath)));
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A WCAG 2.1 AA finding of axe-core: the rule, how bad, and where. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

let axeSource: string | undefined;

/**
 * Runs axe-core's WCAG 2.1 A and AA rules on the page as it is now; answers the violations
 * (none is a pass). axe is evaluated through the browser's debugging protocol, which the page's
 * Content-Security-Policy does not govern, so the page is checked with its real policy in force.
 */
export async function axeViolations(page: import('playwright-core').Page): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  });
  return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
}

/** Where the browser tests save each page they look at, for a person to look at too. */
export const SCREENSHOTS = join(repoRoot, 'test-output', 'workspace');

/** Saves the whole page as SCREENSHOTS/<name>.png. */
export async function screenshot(page: import('playwright-core').Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * A new browser context signed in as this person through the dev sign-in page, on `path` (the
 * sign-in comes back there).
 */
export async function signInPage(browser: Browser, baseURL: string, personId: string, path: string, options: { acceptDownloads?: boolean } = {}): Promise<{ context: import('playwright-core').BrowserContext; page: import('playwright-core').Page }> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1100, height: 800 }, ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`/auth/login?returnTo=${encodeURIComponent(path)}`);
  await page.locator(`form:has(input[name="personId"][value="${personId}"]) button`).click();
  await page.waitForURL((url) => url.pathname === path.split('?')[0]);
  return { context, page };
}

/** Switches the page's language with the header's switch, which posts and comes back to the same path. */
export async function switchPageLanguage(page: import('playwright-core').Page): Promise<void> {
  const path = new URL(page.url()).pathname;
  // Wait for that navigation, not for the URL (the page has it already).
  await Promise.all([page.waitForNavigation(), page.locator('form[action="/me/language"] button').click()]);
  if (new URL(page.url()).pathname !== path) throw new Error(`the language switch went to ${page.url()}, not back to ${path}`);
}
