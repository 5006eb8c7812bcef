import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium: CI installs it (`.ci/run`); nothing is ever downloaded at run time. */
export const CHROMIUM = '/usr/bin/chromium';
export const chromiumSkip = existsSync(CHROMIUM)
  ? false
  : `skipped: no ${CHROMIUM} (install Debian's package: apt-get install -y chromium)`;

/** Where screenshots are kept as test artifacts (gitignored). */
export const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/console/', import.meta.url));

export const WIDTHS = [1280, 390] as const;

/** Headless, with everything that would reach out to the internet turned off; a fresh profile each time. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type Violation = { id: string; impact: string | null; help: string; targets: string[] };

/**
 * The page's serious and critical accessibility violations, by axe-core. It is evaluated through
 * the debugging protocol, which the page's policy does not govern, so the policy stays as served.
 */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  await page.evaluate(`${AXE}\n;undefined`);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: any[] }> } }).axe;
    const { violations } = await axe.run();
    return violations.map((violation) => ({
      id: violation.id as string,
      impact: violation.impact as string | null,
      help: violation.help as string,
      targets: violation.nodes.slice(0, 3).map((node: { target: string[] }) => node.target.join(' ')),
    }));
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** A full-page screenshot at each width, as `<name>-<width>.png`; the page is left at the first width. */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  for (const width of [...WIDTHS].reverse()) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${ARTIFACTS}${name}-${width}.png`, fullPage: true });
  }
}
