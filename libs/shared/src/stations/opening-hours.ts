/** Whether a station is open at an instant, read in Asia/Shanghai (UTC+8 all year, no daylight saving). */
import type { OpeningHours, StationSummary } from '../contracts/map/station.dto.js';
import { shanghaiWallClock } from '../time/shanghai.js';

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function isOpenAt(hours: OpeningHours, at: Date): boolean {
  if (hours.allDay) return true;
  const local = shanghaiWallClock(at);
  const weekday = local.getUTCDay() === 0 ? 7 : local.getUTCDay();
  const now = local.getUTCHours() * 60 + local.getUTCMinutes();
  const yesterday = weekday === 1 ? 7 : weekday - 1;
  return hours.days.some((day) => {
    const open = minutes(day.open);
    const close = minutes(day.close);
    if (close > open) return day.weekday === weekday && now >= open && now < close;
    // Past midnight (e.g. 06:00–02:00): open from `open` today, and until `close` on the next day.
    return (day.weekday === weekday && now >= open) || (day.weekday === yesterday && now < close);
  });
}

/** Open for fuel at an instant: open by its operator and within its hours. The nearby list and the detail say it. */
export function stationOpenAt(station: Pick<StationSummary, 'status' | 'openingHours'>, at: Date): boolean {
  return station.status === 'open' && isOpenAt(station.openingHours, at);
}
