import { maskPhone } from '@fuel/shared';
import type { MemberEntity } from './member.entity.js';

/** What staff may see of a member's phone: masked (138****5678), or null when none is bound. */
export function maskedPhoneOf(member: Pick<MemberEntity, 'phone'> | null): string | null {
  return member?.phone ? maskPhone(member.phone) : null;
}
