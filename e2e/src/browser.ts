/** What the browser suites share: the H5 build served like `npm start` serves it, Chromium, and the screen checks. */
import type { Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort } from '@fuel/devkit/testing';
import qrcode from 'qrcode-generator';
import { repoRoot } from './platform.js';

export const SCREENSHOTS = join(repoRoot, '.data', 'screenshots');
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Chromium with a camera that films `video` (see writeQrVideo), allowed without asking. */
export const cameraArgs = (video: string) => ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`];

/**
 * What that camera films: a Y4M video (the format Chromium's fake capture device plays, in a loop) of `text` as a
 * QR code, black on white, 640×480. Written before the page opens the camera.
 */
export function writeQrVideo(path: string, text: string): void {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  const [width, height, scale, quiet] = [640, 480, 8, 4];
  const count = qr.getModuleCount();
  const size = (count + 2 * quiet) * scale;
  const [left, top] = [Math.floor((width - size) / 2), Math.floor((height - size) / 2)];
  const luma = Buffer.alloc(width * height, 235);
  for (let row = 0; row < count; row++) {
    for (let col = 0; col < count; col++) {
      if (!qr.isDark(row, col)) continue;
      for (let dy = 0; dy < scale; dy++) luma.fill(16, (top + (quiet + row) * scale + dy) * width + left + (quiet + col) * scale, (top + (quiet + row) * scale + dy) * width + left + (quiet + col + 1) * scale);
    }
  }
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, Buffer.alloc(width * height / 2, 128)]);
  writeFileSync(path, Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`), frame, frame]));
}

/** What no screen may ever show a driver or a member of staff. */
export function assertReadable(text: string, screen: string): void {
  assert.doesNotMatch(text, /\bNaN\b|\bundefined\b|\bnull\b|\[object Object\]/, `${screen}: a programming value leaked`);
  assert.doesNotMatch(text, /\b[A-Z][A-Z_]{3,}\b/, `${screen}: a code is shown (FORBIDDEN, HTTP_ERROR, …)`);
  assert.doesNotMatch(text, /\n\s*at \S+ \(|Error:|stack/i, `${screen}: a stack trace is shown`);
  // Money only as whole yuan or with two decimals (moneyText): "¥7.3" or "¥7.290" is an unformatted amount. Raw fen
  // shown as yuan ("¥731") would pass here: the suites check the amounts they know against their expected text.
  for (const money of text.match(/¥[\d.,]*/g) ?? []) assert.match(money, /^¥\d+(\.\d{2})?$/, `${screen}: unformatted amount ${money}`);
}

/** For a contrast failure: the colours and ratio axe measured ("#999 on #fff, 2.8:1"). */
const contrastOf = (node: { any: Array<{ id: string; data?: unknown }> }) => {
  const data = node.any.find((check) => check.id === 'color-contrast')?.data as { fgColor?: string; bgColor?: string; contrastRatio?: number } | undefined;
  return data?.fgColor ? ` (${data.fgColor} on ${data.bgColor}, ${data.contrastRatio}:1)` : '';
};

/** What a person taps: buttons, links, form controls, tabs, clickable cells and anything marked as a button. */
const TAPPABLE = 'taro-button-core, button, a[href], input:not([type=hidden]), textarea, [role=button], [role=tab], [role=checkbox], [role=link], .nut-cell--clickable, .nut-tabs-titles-item, .nut-tabbar-item, .nut-checkbox, .nut-radio, .nut-segmented-item';
/** The smallest tap target (WCAG 2.5.5, Apple's and WeChat's guidance), in CSS pixels. */
export const MIN_TAP_PX = 44;

/**
 * The accessibility problems of the screen as shown: axe-core's serious and critical violations (contrast, names of
 * controls, labels, roles) and every visible tap target smaller than 44×44 px. Each as one line, for a message.
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  // Taro's toast fades in and out (0.1 s): caught mid-fade, its words are as pale as its background. Without the fade
  // it is either fully shown, and checked like the rest, or gone.
  await page.evaluate(() => {
    if (document.getElementById('a11y-no-toast-fade')) return;
    const style = Object.assign(document.createElement('style'), { id: 'a11y-no-toast-fade', textContent: '.taro__toast { transition: none !important; }' });
    document.head.append(style);
  });
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const violations = axe.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}${contrastOf(n)}`).join(' | ')}${v.nodes.length > 3 ? ` … ${v.nodes.length} in all` : ''}`);
  const small = await page.evaluate(
    ({ selector, min }) =>
      [...document.querySelectorAll<HTMLElement>(selector)]
        .filter((el) => el.offsetParent !== null || getComputedStyle(el).position === 'fixed')
        .map((el) => ({ el, box: el.getBoundingClientRect() }))
        .filter(({ box }) => box.width > 0 && box.height > 0 && (Math.round(box.width) < min || Math.round(box.height) < min))
        .map(({ el, box }) => `${el.tagName.toLowerCase()}.${[...el.classList].slice(0, 2).join('.')} "${(el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 12)}" ${Math.round(box.width)}×${Math.round(box.height)}`),
    { selector: TAPPABLE, min: MIN_TAP_PX },
  );
  return [...violations, ...small.map((s) => `tap target under ${MIN_TAP_PX} px: ${s}`)];
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

