import { Rng, WeightedTable } from './prng';

export type Gender = 'MALE' | 'FEMALE';

/**
 * Surnames with weights close to their share of China's population (per mille), plus the Jiaodong
 * surnames 于, 曲, 姜, 初, 栾, 隋 that are far more common around Penglai than nationally.
 */
const SINGLE_SURNAMES: ReadonlyArray<readonly [string, number]> = [
  ['王', 71],
  ['李', 70],
  ['张', 68],
  ['刘', 54],
  ['陈', 46],
  ['杨', 31],
  ['赵', 23],
  ['黄', 20],
  ['周', 19],
  ['吴', 18],
  ['徐', 16],
  ['孙', 15],
  ['胡', 13],
  ['朱', 13],
  ['高', 12],
  ['林', 12],
  ['何', 12],
  ['郭', 11],
  ['马', 11],
  ['罗', 9],
  ['梁', 9],
  ['宋', 8],
  ['郑', 8],
  ['谢', 7],
  ['韩', 7],
  ['唐', 7],
  ['冯', 7],
  ['于', 9],
  ['董', 6],
  ['萧', 6],
  ['程', 6],
  ['曹', 6],
  ['袁', 5],
  ['邓', 5],
  ['许', 5],
  ['傅', 5],
  ['沈', 5],
  ['曾', 5],
  ['彭', 5],
  ['吕', 5],
  ['苏', 5],
  ['卢', 5],
  ['蒋', 5],
  ['蔡', 5],
  ['贾', 4],
  ['丁', 4],
  ['魏', 4],
  ['薛', 4],
  ['叶', 4],
  ['阎', 4],
  ['潘', 4],
  ['杜', 4],
  ['戴', 4],
  ['夏', 4],
  ['田', 4],
  ['任', 4],
  ['姜', 6],
  ['范', 3],
  ['方', 3],
  ['石', 3],
  ['姚', 3],
  ['崔', 3],
  ['孔', 3],
  ['白', 3],
  ['毛', 3],
  ['秦', 3],
  ['江', 3],
  ['史', 3],
  ['侯', 3],
  ['邵', 3],
  ['孟', 3],
  ['曲', 4],
  ['初', 2],
  ['栾', 2],
  ['隋', 2],
  ['柳', 2],
  ['滕', 1],
  ['鞠', 1],
  ['衣', 1],
  ['臧', 1],
];

/** About 1% of people carry a two-character surname; the masked form (欧阳**) must keep both characters. */
export const COMPOUND_SURNAMES = ['欧阳', '司马', '上官', '诸葛', '东方', '慕容', '皇甫'] as const;
const COMPOUND_SHARE = 0.01;

const singleTotal = SINGLE_SURNAMES.reduce((sum, [, w]) => sum + w, 0);
const compoundWeight = (singleTotal * COMPOUND_SHARE) / (1 - COMPOUND_SHARE) / COMPOUND_SURNAMES.length;
const SURNAMES = new WeightedTable<string>([
  ...SINGLE_SURNAMES,
  ...COMPOUND_SURNAMES.map((s) => [s, compoundWeight] as const),
]);

/** Given-name characters change with fashion: a 1955 baby is 桂兰 or 建国, a 2015 baby 梓涵 or 浩宇. */
const GIVEN_CHARS: Record<'old' | 'middle' | 'young', Record<Gender, string>> = {
  old: {
    MALE: '国建军华明志德永福庆文学忠宝祥春胜林海山成金玉振兴友光贵云',
    FEMALE: '秀英桂兰玉凤珍芳淑华梅兰春荣素琴翠莲花菊香爱霞美云金秀',
  },
  middle: {
    MALE: '伟强磊军勇涛斌杰鹏波辉刚超峰亮明健宁东晓飞鑫俊龙海洋林',
    FEMALE: '芳娜敏静丽艳娟霞燕玲婷雪慧琳颖洁红梅丹萍倩莉晶蕾璐佳',
  },
  young: {
    MALE: '浩宇轩子涵博文梓睿泽铭宸昊然一航嘉皓晨阳熙辰逸景瑞承',
    FEMALE: '梓涵欣怡诗雨萱可馨若彤依琪语嫣一诺思悦子梦紫语晴安芮',
  },
};

function era(birthYear: number): 'old' | 'middle' | 'young' {
  if (birthYear < 1965) return 'old';
  return birthYear < 2000 ? 'middle' : 'young';
}

export function surname(rng: Rng): string {
  return SURNAMES.draw(rng);
}

/** One or two characters; two-character names are the large majority for people born after 1980. */
export function givenName(rng: Rng, gender: Gender, birthYear: number): string {
  const chars = GIVEN_CHARS[era(birthYear)][gender];
  const single = rng.chance(birthYear < 1980 ? 0.3 : 0.12);
  const first = chars[rng.int(0, chars.length - 1)];
  if (single) return first;
  let second = chars[rng.int(0, chars.length - 1)];
  if (second === first && rng.chance(0.7)) second = chars[rng.int(0, chars.length - 1)];
  return first + second;
}

export function chineseName(rng: Rng, gender: Gender, birthYear: number, familyName?: string): string {
  return (familyName ?? surname(rng)) + givenName(rng, gender, birthYear);
}

/** The surname part of a full name, so children can inherit it and maskers can test their rule. */
export function surnameOf(name: string): string {
  return COMPOUND_SURNAMES.find((s) => name.startsWith(s)) ?? name.slice(0, 1);
}
