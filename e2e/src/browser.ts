/** What the browser suites share: the H5 build served like `npm start` serves it, Chromium, and the screen checks. */
import type { Page } from 'playwright-core';
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort } from '@fuel/devkit/testing';
import { repoRoot } from './platform.js';

export const SCREENSHOTS = join(repoRoot, '.data', 'screenshots');
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** What no screen may ever show a driver or a member of staff. */
export function assertReadable(text: string, screen: string): void {
  assert.doesNotMatch(text, /\bNaN\b|\bundefined\b|\bnull\b|\[object Object\]/, `${screen}: a programming value leaked`);
  assert.doesNotMatch(text, /\b[A-Z][A-Z_]{3,}\b/, `${screen}: a code is shown (FORBIDDEN, HTTP_ERROR, …)`);
  assert.doesNotMatch(text, /\n\s*at \S+ \(|Error:|stack/i, `${screen}: a stack trace is shown`);
  // Money only as ¥ with two decimals: a bare "¥731" or "¥7.3" is an unformatted amount.
  for (const money of text.match(/¥[\d.,]*/g) ?? []) assert.match(money, /^¥\d+(\.\d{2})?$/, `${screen}: unformatted amount ${money}`);
}

export async function startH5(gatewayPort: number, wechatPayStandInPort: number): Promise<{ server: Server; url: string }> {
  const { startH5Server } = (await import(pathToFileURL(join(repoRoot, 'scripts/lib/h5-server.mjs')).href)) as {
    startH5Server(options: { root: string; port: number; gatewayPort: number; wechatPayStandInPort: number }): Promise<Server>;
  };
  const port = await freePort();
  const server = await startH5Server({ root: join(repoRoot, 'apps/miniprogram/dist/h5'), port, gatewayPort, wechatPayStandInPort });
  return { server, url: `http://127.0.0.1:${port}/` };
}

/**
 * Taps the button with these words once it can be pressed. NutUI marks a disabled button with a class, not the
 * `disabled` attribute Playwright waits for, so a tap right after typing could land while the form still had it
 * disabled and be lost (the staff app's first sign-in waited 10 s for a code that was never asked for, on a loaded
 * machine). A person waits for the button to light up; so does this.
 */
export function tapButton(page: Page, text: string | RegExp): Promise<void> {
  // Only what is shown: Taro's H5 router keeps earlier pages in the document, hidden, with their buttons. (While it
  // switches pages both are shown: a test that navigates waits for the new page to be the only one first.)
  return page.locator('taro-button-core:visible:not(.nut-button-disabled)', { hasText: text }).first().click();
}

