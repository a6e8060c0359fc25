/**
 * The HTML report opened in a real browser (Debian's Chromium, headless, driven by playwright-core):
 * it renders with no console errors, its package filter works, and text from the scanned
 * repository is never markup.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { renderHtml } from '../../src/report/html.js';
import { makeFinding, type ScanResult } from '../../src/scan/result.js';
import { need } from '../support.js';

const CHROMIUM = '/usr/bin/chromium';
const ok = need('Chromium at /usr/bin/chromium (apt-get install chromium)', existsSync(CHROMIUM));

async function html(): Promise<string> {
  let out = '';
  const io: CliIo = { stdout: (t) => (out += t), stderr: () => {}, stderrIsTty: false, color: false };
  expect(await main(['scan', 'examples/ubuntu-image', '--format', 'html', '--db', 'dist/default.db'], io)).toBe(0);
  return out;
}

describe('HTML report', () => {
  it('escapes what comes from the scanned repository', () => {
    const evil = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    const result: ScanResult = {
      root: '.', files: [], packages: [], baseImages: [], unitFiles: [], serviceActions: [], binaries: [], debs: [], references: [], blobs: [], conversion: { units: [], services: [], timers: [], fstab: [], notes: [] },
      target: { arch: 'x86_64', archHow: '--arch', release: '3.22', releaseHow: '--release', musl: null, gcompat: null },
      findings: [makeFinding({ rule: 'shell/apt-install', severity: 'error', confidence: 'high', file: `a${evil}.sh`, line: 1, message: evil, subject: 'x' })],
    };
    const page = renderHtml(result, evil, new Map());
    expect(page).not.toContain('<script>alert(2)</script>');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
  });

  it.skipIf(!ok)('renders in Chromium with no console errors, and its filter works', async () => {
    const { chromium } = await import('playwright-core');
    const dir = mkdtempSync(join(tmpdir(), 'migrate-html-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, await html());
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`file://${file}`);
      expect(await page.textContent('h1')).toBe('Alpine parity report: ubuntu-image');
      expect(await page.textContent('#pkg-count')).toBe('24 of 24 shown');
      await page.fill('#pkg-filter', 'networkmanager');
      expect(await page.textContent('#pkg-count')).toBe('1 of 24 shown');
      await page.fill('#pkg-filter', '');
      await page.selectOption('#pkg-status', 'multiarch');
      expect(await page.textContent('#pkg-count')).toBe('2 of 24 shown');
      for (const id of ['#blockers', '#overview', '#summary', '#packages', '#findings', '#units', '#blobs']) expect(await page.isVisible(id), id).toBe(true);
      // The overview draws one bar per severity, per rule (top 12) and per package status, each labelled with its count.
      const bars = await page.$$eval('#overview ~ .overview rect', (rs) => rs.length);
      expect(bars).toBeGreaterThanOrEqual(3 + 3);
      expect(await page.$$eval('.overview figcaption', (fs) => fs.map((f) => f.textContent))).toEqual(['Findings by severity', 'Findings by rule (top 12)', 'Packages by Alpine status']);
      // Findings: filter by severity and by rule, then sort by a column.
      const total = Number(/of (\d+) shown/.exec((await page.textContent('#finding-count'))!)![1]);
      expect(total).toBe(42);
      await page.selectOption('#finding-severity', 'error');
      expect(await page.textContent('#finding-count')).toBe('16 of 42 shown');
      await page.selectOption('#finding-rule', 'shell/apt-install');
      const both = Number(/^(\d+) of/.exec((await page.textContent('#finding-count'))!)![1]);
      expect(both).toBeGreaterThan(0);
      expect(both).toBeLessThan(16);
      await page.selectOption('#finding-severity', '');
      await page.selectOption('#finding-rule', '');
      await page.click('#findings-table th:nth-child(2)');
      const lines = await page.$$eval('#findings-table tbody tr td:nth-child(2)', (tds) => tds.map((t) => Number(t.textContent) || 0));
      expect(lines).toEqual([...lines].sort((a, b) => a - b));
      // Backtick spans in messages are code, not literal backticks.
      expect(await page.$$eval('#findings-table td code', (cs) => cs.length)).toBeGreaterThan(42);
      expect(await page.textContent('#findings-table tbody')).not.toMatch(/`/);
      const png = join(dir, 'report.png');
      await page.screenshot({ path: png, fullPage: true });
      if (process.env.MIGRATE_KEEP_SCREENSHOT) copyFileSync(png, process.env.MIGRATE_KEEP_SCREENSHOT);
      const bytes = readFileSync(png);
      expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(bytes.length).toBeGreaterThan(20_000);
      expect(errors).toEqual([]);
      // Self-contained: the page asks for nothing but itself.
      expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
