/** What a screen shows of personal data: enough to recognise it, not enough to use it. */

/** 13812345678 → 138****5678 (other forms: all but the last four hidden). */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '*'.repeat(Math.max(phone.length - 4, 0)) + phone.slice(-4);
}

/** 王小明 → 王**, 李四 → 李** (the length is not told either), 张 → 张 */
export function maskName(name: string): string {
  return name.length <= 1 ? name : `${name.slice(0, 1)}**`;
}
