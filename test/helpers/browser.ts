// Open a report in Debian's Chromium (playwright-core) and check that every plot is drawn and nothing is fetched; save a screenshot.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export const CHROMIUM = '/usr/bin/chromium';
export const chromiumSkip: string | false = existsSync(CHROMIUM) ? false : 'Chromium not installed: apt-get install -y chromium';

export interface PlotCheck {
  width: number;
  height: number;
  marks: number;
}

/** Loads `htmlPath`, asserts `expectedPlots` SVGs with boxes and marks, no requests but the page, no errors; writes `screenshotPath`. */
export async function checkReportInChromium(htmlPath: string, expectedPlots: number, screenshotPath: string): Promise<PlotCheck[]> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const pageUrl = pathToFileURL(htmlPath).href;
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(pageUrl, { waitUntil: 'load' });
    const plots = await page.evaluate(() =>
      Array.from(document.querySelectorAll('svg')).map((svg) => {
        const box = svg.getBoundingClientRect();
        const drawn = Array.from(svg.querySelectorAll<SVGGraphicsElement>('g.role-mark > *')).filter((mark) => {
          const bounds = mark.getBBox();
          return bounds.width > 0 || bounds.height > 0;
        });
        return { width: box.width, height: box.height, marks: drawn.length };
      }),
    );
    assert.equal(plots.length, expectedPlots);
    for (const [i, plot] of plots.entries()) {
      assert.ok(plot.width > 0 && plot.height > 0, `svg ${i} has an empty box: ${plot.width} x ${plot.height}`);
      assert.ok(plot.marks > 0, `svg ${i} shows no rendered mark`);
    }
    assert.deepEqual(requests, [pageUrl], 'the page requested something besides itself');
    assert.deepEqual(errors, []);
    await page.screenshot({ path: screenshotPath, fullPage: true });
    assert.ok(existsSync(screenshotPath));
    return plots;
  } finally {
    await browser.close();
  }
}
