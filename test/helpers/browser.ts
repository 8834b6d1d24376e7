// Debian's Chromium for the browser tests: where it is, whether it is there, and how it is
// started here (headless, and without background networking, which this machine's closed network
// would refuse many times over). Playwright gives every launch a fresh temporary profile.
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

/** `extraArgs`: e.g. `--host-resolver-rules=MAP portal.test 127.0.0.1`, to reach the portal under a host name. */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: [...ARGS, ...extraArgs] });
}
