import { Rng } from './prng';
import { surname } from './names';

/** Penglai district: code 370614 since the 2020 merger of Penglai city and Changdao county. */
export const DISTRICT = { name: '蓬莱区', code: '370614', city: '烟台市' } as const;

export interface StreetSeed {
  name: string;
  code: string;
  town: boolean;
  /** Community names used first, in order; the demo takes the first five of the first two streets. */
  communities: readonly string[];
}

const S = (name: string, code: string, communities: string): StreetSeed => ({
  name,
  code,
  town: false,
  communities: communities.split(' '),
});
const T = (name: string, code: string): StreetSeed => ({ name, code, town: true, communities: [] });

/** The twelve streets and towns, streets first: the demo uses 登州街道 and 紫荆山街道. */
export const STREETS: readonly StreetSeed[] = [
  S('登州街道', '370614001', '钟楼 画河 西关 北关 南关 府前 丹崖 登州 文化 城里 水城 迎宾 海市 振华 东关'),
  S('紫荆山街道', '370614002', '紫荆山 仙境 蓬达 安居 金城 和平 长安 南苑 北苑 阳光 园丁 幸福 翠屏 新华 永安'),
  S('新港街道', '370614003', '新港 海港 渔港 海湾 滨海 港城 海韵 东港 西港 海景 银海 碧海 港湾 蓬港 渔乐'),
  S('蓬莱阁街道', '370614004', '蓬莱阁 阁东 阁西 天后 仙阁 田横 戚继光 三仙山 八仙 龙山 黄海 渤海 长山 丹霞 海天'),
  S('南王街道', '370614005', '南王 北王 吴家 王格庄 卧龙 郝斜 沙岗 大宋家 杨家 朱家 三里 红旗 向阳 东方红 光明'),
  T('刘家沟镇', '370614101'),
  T('大辛店镇', '370614102'),
  T('村里集镇', '370614103'),
  T('大柳行镇', '370614104'),
  T('小门家镇', '370614105'),
  T('北沟镇', '370614106'),
  T('潮水镇', '370614107'),
];

const SPARE_STEMS =
  '锦绣 怡和 丽景 望海 春晖 秀水 松园 桃源 凤凰 龙泉 紫薇 玉兰 清华 明珠 东城 西城 学府 康乐 福康 盛世'.split(' ');

/** Community names for a street: its own list, then spare stems, then numbered ones; never a duplicate. */
export function communityStems(street: StreetSeed, count: number, taken: Set<string>): string[] {
  const stems: string[] = [];
  const candidates = [...street.communities, ...SPARE_STEMS];
  for (let round = 1; stems.length < count; round++) {
    for (const base of candidates) {
      if (stems.length >= count) break;
      const stem = round === 1 ? base : `${base}${'一二三四五六七八九十'[(round - 2) % 10]}`;
      if (taken.has(stem)) continue;
      taken.add(stem);
      stems.push(stem);
    }
  }
  return stems;
}

const VILLAGE_PREFIXES = ['', '', '', '东', '西', '南', '北', '大', '小', '前', '后', '上', '下', '中'];
const VILLAGE_SUFFIXES = ['家村', '家村', '家庄村', '家疃村', '家沟村', '格庄村', '家夼村', '家泊村', '村'];

/** Jiaodong village names: 西王村, 大陈家村, 李家疃村, 王格庄村…; the first village of a town is its seat. */
export function villageNames(rng: Rng, town: StreetSeed, count: number, taken: Set<string>): string[] {
  const names: string[] = [];
  const seat = town.name.replace(/镇$/, '村');
  if (count > 0 && !taken.has(seat)) {
    taken.add(seat);
    names.push(seat);
  }
  while (names.length < count) {
    const family = surname(rng);
    if (family.length > 1) continue;
    const name = rng.pick(VILLAGE_PREFIXES) + family + rng.pick(VILLAGE_SUFFIXES);
    if (taken.has(name)) continue;
    taken.add(name);
    names.push(name);
  }
  return names;
}

const ESTATE_SUFFIXES = ['小区', '花园', '家园', '新村', '苑', '公寓', '名邸'];
const ROAD_SUFFIXES = ['东路', '西路', '南路', '北路', '街', '大街', '中路'];
const SEGMENTS = ['东段', '西段', '南段', '北段', '中段'];

export function estateName(rng: Rng, stem: string, index: number): string {
  return index === 0 ? `${stem}${rng.pick(ESTATE_SUFFIXES)}` : `${rng.pick(SPARE_STEMS)}${rng.pick(ESTATE_SUFFIXES)}`;
}

export function roadName(rng: Rng, stem: string): string {
  return stem + rng.pick(ROAD_SUFFIXES);
}

export function segmentName(road: string, index: number): string {
  return (
    road +
    SEGMENTS[index % SEGMENTS.length] +
    (index >= SEGMENTS.length ? String(1 + Math.floor(index / SEGMENTS.length)) : '')
  );
}

/** Other Shandong region codes, for floating residents' ID numbers (烟台 芝罘/福山/牟平/龙口/莱州/招远, 青岛, 济南, 潍坊, 威海, 临沂). */
export const OTHER_SHANDONG_REGIONS = [
  '370602',
  '370611',
  '370612',
  '370681',
  '370683',
  '370685',
  '370202',
  '370102',
  '370702',
  '371002',
  '371302',
];

/** 港澳台居民居住证 numbers follow the same 18-digit rule with these region codes. */
export const OVERSEAS_REGIONS = ['810000', '820000', '830000'];
