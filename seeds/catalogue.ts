/**
 * The fixed catalogues: departments, special categories (七彩管理) and case categories. Ids are their
 * position + 1 and are stable across scales, so tests and the demo may refer to them.
 */

export const DEPARTMENTS = [
  { code: 'CIVIL_AFFAIRS', name: '蓬莱区民政局' },
  { code: 'HEALTH', name: '蓬莱区卫生健康局' },
  { code: 'PUBLIC_SECURITY', name: '烟台市公安局蓬莱分局' },
  { code: 'URBAN_MANAGEMENT', name: '蓬莱区综合行政执法局' },
  { code: 'HOUSING', name: '蓬莱区住房和城乡建设局' },
  { code: 'ENVIRONMENT', name: '烟台市生态环境局蓬莱分局' },
  { code: 'HUMAN_RESOURCES', name: '蓬莱区人力资源和社会保障局' },
  { code: 'JUSTICE', name: '蓬莱区司法局' },
] as const;

export type DepartmentCode = (typeof DEPARTMENTS)[number]['code'];

export function departmentId(code: DepartmentCode): number {
  return DEPARTMENTS.findIndex((d) => d.code === code) + 1;
}

export interface SpecialCategorySeed {
  code: string;
  name: string;
  colour: string;
  securityLabel: 'SENSITIVE' | 'RESTRICTED';
  visitEveryDays: number;
}

/** Colours follow the 七彩 scheme (red for the most closely watched); visit intervals follow local practice. */
export const SPECIAL_CATEGORIES: readonly SpecialCategorySeed[] = [
  { code: 'ELDERLY_ALONE', name: '独居老人', colour: '#F5A623', securityLabel: 'SENSITIVE', visitEveryDays: 7 },
  { code: 'LEFT_BEHIND_CHILD', name: '留守儿童', colour: '#F8E71C', securityLabel: 'SENSITIVE', visitEveryDays: 30 },
  { code: 'DISABLED', name: '残疾人', colour: '#4A90E2', securityLabel: 'SENSITIVE', visitEveryDays: 30 },
  { code: 'SUBSISTENCE_ALLOWANCE', name: '低保户', colour: '#7ED321', securityLabel: 'SENSITIVE', visitEveryDays: 90 },
  {
    code: 'SEVERE_MENTAL_DISORDER',
    name: '严重精神障碍患者',
    colour: '#D0021B',
    securityLabel: 'RESTRICTED',
    visitEveryDays: 14,
  },
  {
    code: 'COMMUNITY_CORRECTION',
    name: '社区矫正人员',
    colour: '#9013FE',
    securityLabel: 'RESTRICTED',
    visitEveryDays: 7,
  },
  {
    code: 'RELEASED_PRISONER',
    name: '刑满释放人员',
    colour: '#8B572A',
    securityLabel: 'RESTRICTED',
    visitEveryDays: 30,
  },
  { code: 'DRUG_REHAB', name: '吸毒人员', colour: '#4A4A4A', securityLabel: 'RESTRICTED', visitEveryDays: 14 },
  { code: 'KEY_PETITIONER', name: '重点信访人员', colour: '#50E3C2', securityLabel: 'SENSITIVE', visitEveryDays: 15 },
];

export function specialCategoryId(code: string): number {
  const index = SPECIAL_CATEGORIES.findIndex((c) => c.code === code);
  if (index < 0) throw new Error(`unknown special category ${code}`);
  return index + 1;
}

export interface CaseCategorySeed {
  code: string;
  name: string;
  /** 3, 2 or 1: the grid level that closes it; null: a department handles it after dispatch. */
  handlingLevel: 3 | 2 | 1 | null;
  department: DepartmentCode | null;
  acceptWithinHours: number;
  resolveWithinHours: number;
  sensitive: boolean;
  /** Share of all cases, in per cent. */
  frequency: number;
}

const C = (
  code: string,
  name: string,
  handlingLevel: CaseCategorySeed['handlingLevel'],
  department: DepartmentCode | null,
  acceptWithinHours: number,
  resolveWithinHours: number,
  sensitive: boolean,
  frequency: number,
): CaseCategorySeed => ({
  code,
  name,
  handlingLevel,
  department,
  acceptWithinHours,
  resolveWithinHours,
  sensitive,
  frequency,
});

/**
 * Disputes and petitions are sensitive: their descriptions name people and conflicts (T3). Frequencies put
 * about half of all cases in categories the level-3 grid closes itself (小事不出格).
 */
export const CASE_CATEGORIES: readonly CaseCategorySeed[] = [
  C('SANITATION', '环境卫生', 3, null, 2, 48, false, 24),
  C('NEIGHBOUR_DISPUTE', '邻里纠纷', 3, null, 4, 72, true, 12),
  C('PUBLIC_FACILITY', '公共设施损坏', 3, null, 4, 72, false, 14),
  C('STREET_VENDING', '占道经营', 2, null, 4, 48, false, 7),
  C('SAFETY_HAZARD', '安全隐患', 2, null, 1, 24, false, 9),
  C('PROPERTY_DISPUTE', '物业纠纷', 2, null, 8, 120, true, 5),
  C('ILLEGAL_BUILDING', '违章建筑', null, 'URBAN_MANAGEMENT', 8, 240, false, 4),
  C('ROAD_DAMAGE', '道路破损', null, 'HOUSING', 8, 168, false, 5),
  C('NOISE', '噪声污染', null, 'ENVIRONMENT', 4, 72, false, 5),
  C('SOCIAL_ASSISTANCE', '社会救助', null, 'CIVIL_AFFAIRS', 8, 168, false, 4),
  C('WAGE_DISPUTE', '劳资纠纷', null, 'HUMAN_RESOURCES', 8, 240, true, 2),
  C('PETITION', '信访诉求', 1, null, 24, 720, true, 2),
  C('PUBLIC_HEALTH', '公共卫生', null, 'HEALTH', 4, 72, false, 3),
];

/** Weights of an assessment's parts (contract §10); the total is their weighted sum, rounded to 0.01. */
export const ASSESSMENT_WEIGHTS = {
  leaderNomination: 0.15,
  communityScore: 0.2,
  streetReview: 0.2,
  patrolCompliance: 0.15,
  satisfactionSpotCheck: 0.15,
  caseTimeliness: 0.15,
} as const;
