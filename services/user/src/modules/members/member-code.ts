/**
 * 会员码: what a member shows at the counter so the attendant can identify them (tier price, in-store coupons,
 * points). It changes every minute and only this service can make or check it: six digits of an HMAC of the member
 * and the minute (RFC 6238's truncation, keyed by the service rather than per member, so there is nothing to store
 * or to hand to the device), then the member's id: "M" + 6 digits + id, short enough to type when a scan fails.
 * Accepted in its minute and the next (the screen renews it on the minute; the attendant may take a few seconds).
 * Written on node:crypto rather than a TOTP library: those expect a per-user shared secret, which this does not have.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

export const MEMBER_CODE_STEP_SECONDS = 60;
const FORMAT = /^M(\d{6})([1-9]\d{0,15})$/;

const stepOf = (at: Date) => Math.floor(at.getTime() / 1000 / MEMBER_CODE_STEP_SECONDS);

export class MemberCodes {
  private readonly key: Buffer;

  /** `secretHex`: a service secret (the field MAC key); the code key is derived from it, never the key itself. */
  constructor(secretHex: string) {
    this.key = Buffer.from(hkdfSync('sha256', Buffer.from(secretHex, 'hex'), Buffer.alloc(0), 'fuel-station member code v1', 32));
  }

  issue(memberId: number, at: Date): { code: string; expiresAt: Date } {
    const step = stepOf(at);
    return { code: `M${this.digits(memberId, step)}${memberId}`, expiresAt: new Date((step + 1) * MEMBER_CODE_STEP_SECONDS * 1000) };
  }

  /** The member a code names, when it is genuine and of this minute or the last; else null. */
  verify(code: string, at: Date): number | null {
    const match = FORMAT.exec(code);
    if (!match) return null;
    const memberId = Number(match[2]);
    if (!Number.isSafeInteger(memberId)) return null;
    const step = stepOf(at);
    const given = Buffer.from(match[1]);
    return [step, step - 1].some((s) => timingSafeEqual(Buffer.from(this.digits(memberId, s)), given)) ? memberId : null;
  }

  private digits(memberId: number, step: number): string {
    const mac = createHmac('sha256', this.key).update(`${memberId}:${step}`).digest();
    const offset = mac[mac.length - 1] & 0x0f;
    return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
  }
}
