/**
 * The regional dashboard as CSV (data export): one row per station and bucket, then the region's total per bucket;
 * money in yuan with two decimals, litres with two. UTF-8 with a BOM, so spreadsheet programs read the Chinese.
 */
import { formatLitres, formatYuan, type RegionDashboard, type StationStatsBucket } from '@fuel/shared';

const HEADER = ['时间', '加油站', '商城订单', '商城销售额（元）', '加油订单', '加油销售额（元）', '加油量（升）', '用券', '自提核销', '加油核销'];

const cell = (value: string) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
const figures = (b: StationStatsBucket) => [String(b.mallOrders), formatYuan(b.mallSalesFen), String(b.fuelOrders), formatYuan(b.fuelSalesFen), formatLitres(b.fuelCentilitres), String(b.couponsUsed), String(b.pickupsRedeemed), String(b.fuelOrdersCompleted)];

export function regionCsv(dashboard: RegionDashboard): string {
  const rows = [HEADER];
  for (const station of dashboard.stations) for (const bucket of station.buckets) rows.push([bucket.label, station.stationName, ...figures(bucket)]);
  for (const bucket of dashboard.total) rows.push([bucket.label, `${dashboard.regionCode} 区域合计`, ...figures(bucket)]);
  return `\uFEFF${rows.map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}
