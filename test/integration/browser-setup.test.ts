import { launchBrowser } from '../support/browser.js';

describe('the browser the page tests use', () => {
  const saved = process.env.CHROMIUM_PATH;
  afterEach(() => {
    if (saved === undefined) delete process.env.CHROMIUM_PATH;
    else process.env.CHROMIUM_PATH = saved;
  });

  it('says in one line where Chromium was looked for and how to get it, when it is missing', async () => {
    process.env.CHROMIUM_PATH = '/nonexistent/chromium';
    await expect(launchBrowser()).rejects.toThrow(/^the browser tests need Chromium at \/nonexistent\/chromium, and there is none: install it \(Debian: apt-get install chromium; \.ci\/run does this\) or point CHROMIUM_PATH at a Chromium binary$/);
  });

  it('starts the Chromium that is there', async () => {
    const browser = await launchBrowser();
    try {
      expect(browser.version()).toMatch(/^\d+\./);
    } finally {
      await browser.close();
    }
  });
});
