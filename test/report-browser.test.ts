import t from 'tap';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import { PNG } from 'pngjs';
import { renderReports } from '../src/report/index.js';
import { fixture, tempDir } from './helpers/report.js';
import { chromium as chromiumBrowser, requires } from './helpers/requires.js';

// Flags from the machine notes: without the background-networking ones Chromium keeps dialling out on a closed network.
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Distinct colours in a PNG, capped: 1 means a blank page. */
function distinctColours(png: Buffer, cap = 64): number {
  const img = PNG.sync.read(png);
  const seen = new Set<number>();
  for (let i = 0; i < img.data.length && seen.size < cap; i += 4) seen.add(img.data.readUInt32BE(i));
  return seen.size;
}

t.test('report.html opens in headless Chromium without console errors and is not blank', async (t) => {
  if (!requires(t, chromiumBrowser)) return;
  const { chromium } = await import('playwright-core');
  const out = tempDir('browser');
  await renderReports(fixture(), { outDir: out, formats: ['html'] });
  const blank = join(out, 'blank.html');
  writeFileSync(blank, '<!DOCTYPE html><html><body style="background:#fff"></body></html>');
  const broken = join(out, 'broken.html');
  writeFileSync(broken, '<!DOCTYPE html><html><body><p>x</p><script>undefinedFunction()</script></body></html>');

  // A fresh profile folder per run (playwright passes it as --user-data-dir).
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'th-chromium-')), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_FLAGS.filter((f) => f !== '--headless'),
  });
  t.teardown(() => context.close());
  async function open(file: string, width: number, height: number) {
    const page = await context.newPage();
    await page.setViewportSize({ width, height });
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const png = await page.screenshot({ fullPage: false });
    const info = await page.evaluate(() => {
      // Runs in the page; the project's TypeScript lib has no DOM types.
      const document = (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number }; documentElement: { scrollWidth: number; clientWidth: number } } }).document;
      return {
      svgs: document.querySelectorAll('figure svg').length,
      sections: document.querySelectorAll('section.claim').length,
      overflowX: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      };
    });
    await page.close();
    return { errors, png, info };
  }

  const desktop = await open(join(out, 'report.html'), 1200, 900);
  t.same(desktop.errors, [], 'no console errors');
  t.ok(distinctColours(desktop.png) > 8, `desktop screenshot is not blank (${distinctColours(desktop.png)} colours)`);
  t.equal(desktop.info.sections, 8, 'one section per claim');
  t.equal(desktop.info.svgs, 6, 'every inline SVG (5 figures and the summary forest plot) is in the DOM');
  const phone = await open(join(out, 'report.html'), 390, 844);
  t.same(phone.errors, []);
  t.ok(distinctColours(phone.png) > 8, 'phone screenshot is not blank');
  t.ok(phone.info.overflowX <= 1, `no horizontal page scroll on a phone (tables scroll inside their box); overflow ${phone.info.overflowX}px`);

  // Negative controls: the detectors must see a blank page and a script error.
  t.equal(distinctColours((await open(blank, 400, 300)).png), 1, 'a blank page is detected as blank');
  t.ok((await open(broken, 400, 300)).errors.length > 0, 'a page with a script error is caught');

  if (process.env.REPORT_SCREENSHOT) writeFileSync(process.env.REPORT_SCREENSHOT, desktop.png);
  t.ok(readFileSync(join(out, 'report.html'), 'utf8').includes('@media print'), 'print stylesheet present');
});
