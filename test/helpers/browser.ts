/**
 * Real-browser tests: Debian's Chromium driven by playwright-core (never a
 * downloaded browser). Without Chromium the tests skip and say why, except in
 * CI (CI=true), where a missing browser is a failure.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
const inCi = process.env.CI === 'true';

if (!hasChromium && !inCi) {
  console.warn(`[browser] skipped: no Chromium at ${CHROMIUM} (install Debian's chromium: apt-get install -y chromium)`);
}

/** True when browser tests should run; in CI a missing browser throws instead of skipping. */
export function browserAvailable(): boolean {
  if (!hasChromium && inCi) throw new Error(`CI=true but no Chromium at ${CHROMIUM}: .ci/run must install it (apt-get install -y chromium)`);
  return hasChromium;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
