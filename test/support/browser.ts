import { existsSync } from 'node:fs';
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
