/**
 * Deterministic demo data shared by every service's seed (`npm start`, demos): the same stations, ids and
 * prices every time, so the map, order and user services agree on station ids without calling each other.
 * Coordinates are GCJ-02 around real Chengdu districts.
 */
import { type FuelGrade, type OpeningHours, type Pump, type StationService, type Product } from '@fuel/shared';

export interface DemoRegion {
  code: string;
  name: string;
  center: { lat: number; lng: number };
  roads: string[];
}

export const DEMO_REGIONS: DemoRegion[] = [
  { code: 'JJ', name: '锦江区', center: { lat: 30.6405, lng: 104.0965 }, roads: ['东大街', '红星路', '春熙路', '锦华路', '九眼桥', '牛市口', '静安路', '三圣乡'] },
  { code: 'WH', name: '武侯区', center: { lat: 30.6255, lng: 104.0435 }, roads: ['人民南路', '武侯祠大街', '高升桥', '红牌楼', '科华北路', '一环路南', '佳灵路', '晋阳路'] },
  { code: 'GX', name: '高新区', center: { lat: 30.5735, lng: 104.0655 }, roads: ['天府大道', '益州大道', '天府三街', '剑南大道', '府城大道', '交子大道', '锦城大道', '中和大道'] },
  { code: 'CH', name: '成华区', center: { lat: 30.6805, lng: 104.1055 }, roads: ['建设路', '双林路', '府青路', '成华大道', '驷马桥', '沙河堡', '二仙桥', '猛追湾'] },
];

const BRANDS = ['中国石化', '中国石油', '壳牌', '道达尔'];
const SERVICE_SETS: StationService[][] = [
  ['convenience_store', 'toilet', 'air_pump'],
  ['car_wash', 'convenience_store', 'toilet', 'air_pump'],
  ['convenience_store', 'toilet', 'ev_charging'],
  ['car_wash', 'convenience_store', 'toilet', 'air_pump', 'ev_charging'],
];

/** Base price per litre in fen for each grade (Sichuan, late 2026 levels). */
const BASE_PRICE_FEN: Record<FuelGrade, number> = { '92': 728, '95': 778, '98': 878, '0': 699 };
/** Member discount per litre in fen for each tier. */
const MEMBER_DISCOUNT_FEN = { silver: 10, gold: 20, diamond: 30 };

export interface DemoStation {
  id: number;
  code: string;
  name: string;
  brand: string;
  regionCode: string;
  address: string;
  lat: number;
  lng: number;
  phone: string;
  openingHours: OpeningHours;
  services: StationService[];
  photos: string[];
  pumps: Pump[];
  prices: Array<{ grade: FuelGrade; regularFen: number; silverFen: number; goldFen: number; diamondFen: number }>;
}

/** mulberry32: a tiny seeded generator, so the data is the same on every machine. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STATIONS_PER_REGION = 8;

export function demoStations(): DemoStation[] {
  const random = seededRandom(20261126);
  const stations: DemoStation[] = [];
  for (const region of DEMO_REGIONS) {
    for (let i = 0; i < STATIONS_PER_REGION; i++) {
      const id = stations.length + 1;
      const brand = BRANDS[Math.floor(random() * BRANDS.length)];
      const road = region.roads[i];
      // Spread stations up to ~4 km from the district centre (1° lat ≈ 111 km, 1° lng ≈ 96 km here).
      const lat = Number((region.center.lat + (random() - 0.5) * 0.07).toFixed(6));
      const lng = Number((region.center.lng + (random() - 0.5) * 0.08).toFixed(6));
      // The first station of each district is open around the clock (random() is drawn all the same: the rest of
      // the demo stays as it was).
      const allDay = random() < 0.5 || i === 0;
      const priceShift = Math.floor(random() * 7) - 3; // -3 … +3 fen between stations
      stations.push({
        id,
        code: `CD-${region.code}-${String(i + 1).padStart(2, '0')}`,
        name: `${brand}成都${road}加油站`,
        brand,
        regionCode: region.code,
        address: `四川省成都市${region.name}${road}${Math.floor(random() * 300) + 1}号`,
        lat,
        lng,
        phone: `028-8${String(Math.floor(random() * 9_000_000) + 1_000_000)}`,
        openingHours: allDay
          ? { allDay: true }
          : { allDay: false, days: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, open: '06:00', close: weekday >= 6 ? '23:30' : '22:30' })) },
        services: SERVICE_SETS[i % SERVICE_SETS.length],
        photos: [`/static/stations/${(id % 6) + 1}-front.png`, `/static/stations/${(id % 6) + 1}-shop.png`],
        pumps: demoPumps(4 + (id % 3) * 2),
        prices: (Object.keys(BASE_PRICE_FEN) as FuelGrade[]).map((grade) => {
          const regularFen = BASE_PRICE_FEN[grade] + priceShift;
          return {
            grade,
            regularFen,
            silverFen: regularFen - MEMBER_DISCOUNT_FEN.silver,
            goldFen: regularFen - MEMBER_DISCOUNT_FEN.gold,
            diamondFen: regularFen - MEMBER_DISCOUNT_FEN.diamond,
          };
        }),
      });
    }
  }
  return stations;
}

/** Pumps in rows of two islands; odd pumps serve 92#/95#, even pumps 95#/98#, the last one 0# diesel too. */
function demoPumps(count: number): Pump[] {
  return Array.from({ length: count }, (_, i) => {
    const number = i + 1;
    const grades: FuelGrade[] = number === count ? ['92', '0'] : number % 2 ? ['92', '95'] : ['95', '98'];
    return {
      number,
      nozzles: grades.map((grade, n) => ({ nozzle: n + 1, grade })),
      position: { x: 25 + (i % 2) * 50, y: 20 + Math.floor(i / 2) * 25 },
    };
  });
}

/** A catalogue product as seeded: what the API shows, less what is per station or per member. */
export type DemoProduct = Pick<Product, 'id' | 'sku' | 'name' | 'category' | 'priceFen' | 'description' | 'variantGroup' | 'variantLabel'>;

export const DEMO_PRODUCTS: DemoProduct[] = [
  { id: 1, sku: 'ADD-001', name: '燃油宝 汽油添加剂 300ml', category: 'fuel_additive', priceFen: 6800, description: '清除积碳，适用于92#/95#/98#汽油' },
  { id: 2, sku: 'ADD-002', name: '柴油宝 柴油添加剂 300ml', category: 'fuel_additive', priceFen: 7200, description: '提升柴油燃烧效率，适用于0#柴油' },
  { id: 3, sku: 'ADD-003', name: '三元催化清洗剂 500ml', category: 'fuel_additive', priceFen: 8900, description: '免拆清洗三元催化器' },
  { id: 4, sku: 'CAR-001', name: '玻璃水 -25℃ 2L', category: 'car_supplies', priceFen: 2500, description: '冬季防冻，去油膜', variantGroup: 'WASHER', variantLabel: '2L' },
  { id: 5, sku: 'CAR-002', name: '全合成机油 5W-30 4L', category: 'car_supplies', priceFen: 32900, description: 'API SP 级全合成机油', variantGroup: 'OIL-5W30', variantLabel: '4L' },
  { id: 6, sku: 'CAR-003', name: '车载手机支架', category: 'car_supplies', priceFen: 4900, description: '出风口卡扣式，单手取放' },
  { id: 7, sku: 'CAR-004', name: '车载充电器 双口快充', category: 'car_supplies', priceFen: 5900, description: 'USB-C + USB-A，最大 65W' },
  { id: 8, sku: 'CVS-001', name: '矿泉水 550ml', category: 'convenience', priceFen: 200, description: '天然饮用水' },
  { id: 9, sku: 'CVS-002', name: '功能饮料 250ml', category: 'convenience', priceFen: 650, description: '补充能量' },
  { id: 10, sku: 'CVS-003', name: '桶装方便面', category: 'convenience', priceFen: 550, description: '红烧牛肉面' },
  { id: 11, sku: 'CVS-004', name: '抽纸 3 包装', category: 'convenience', priceFen: 1290, description: '车载抽纸' },
  { id: 12, sku: 'CVS-005', name: '口香糖', category: 'convenience', priceFen: 1000, description: '木糖醇 40 粒' },
  { id: 13, sku: 'CAR-005', name: '玻璃水 -25℃ 4L', category: 'car_supplies', priceFen: 4200, description: '冬季防冻，去油膜', variantGroup: 'WASHER', variantLabel: '4L' },
  { id: 14, sku: 'CAR-006', name: '全合成机油 5W-30 1L', category: 'car_supplies', priceFen: 9900, description: 'API SP 级全合成机油', variantGroup: 'OIL-5W30', variantLabel: '1L' },
];

/** Deterministic starting stock of a product at a station. */
export function demoStock(stationId: number, productId: number): number {
  return ((stationId * 7 + productId * 13) % 40) + (productId % 4 === 0 ? 0 : 5);
}

export type DemoStaffRole = 'attendant' | 'manager' | 'regional_admin';
export interface DemoStaff {
  username: string;
  displayName: string;
  role: DemoStaffRole;
  stationId: number | null;
  regionCode: string;
  phone: string;
}

/** The password of every demo staff account (documented in the README; dev data only). */
export const DEMO_STAFF_PASSWORD = 'Fuel@2026';

export function demoStaff(): DemoStaff[] {
  const stations = demoStations();
  const staff: DemoStaff[] = [];
  let phone = 13800000000;
  for (const region of DEMO_REGIONS) {
    staff.push({ username: `admin.${region.code.toLowerCase()}`, displayName: `${region.name}区域管理员`, role: 'regional_admin', stationId: null, regionCode: region.code, phone: String(++phone) });
    for (const station of stations.filter((s) => s.regionCode === region.code).slice(0, 2)) {
      const tag = station.code.toLowerCase();
      staff.push({ username: `manager.${tag}`, displayName: `${station.name}站长`, role: 'manager', stationId: station.id, regionCode: region.code, phone: String(++phone) });
      staff.push({ username: `attendant.${tag}`, displayName: `${station.name}加油员`, role: 'attendant', stationId: station.id, regionCode: region.code, phone: String(++phone) });
    }
  }
  return staff;
}
