import { SPECIAL_CATEGORIES, specialCategoryId } from './catalogue';
import { copyLine } from './copy';
import { mobilePhone } from './contacts';
import { chineseName } from './names';
import { Person } from './people';
import { Rng } from './prng';
import { chinaDate, DAY_MS, isoDate, officeHoursAt } from './time';

/** Facts about a resident that decide which special categories fit. */
export interface Candidate {
  residentId: number;
  person: Person;
  /** Whole days since birth on the seed's clock day: a membership cannot begin before it was possible. */
  daysLived: number;
  livesAlone: boolean;
  leftBehind: boolean;
  rural: boolean;
}

/** Rows waiting to be copied once their residents are in: resident_category and visit lines. */
export class MembershipRows {
  readonly categories: string[] = [];
  readonly visits: string[] = [];
  constructor(
    public nextCategoryId: number,
    public nextVisitId: number,
  ) {}
}

/** Where a membership's visits are recorded: the leaf grid and the grid worker of its level-3 grid. */
export interface VisitPlace {
  gridId: number;
  gridPath: string;
  workerId: number;
}

/** Per-category odds for one resident; roughly 8% of residents end up in at least one category. */
function categoriesFor(rng: Rng, c: Candidate): string[] {
  const { age, gender } = c.person;
  const codes: string[] = [];
  if (c.livesAlone && age >= 70 && rng.chance(0.8)) codes.push('ELDERLY_ALONE');
  if (age < 16 && rng.chance(c.leftBehind ? 0.75 : c.rural ? 0.03 : 0.01)) codes.push('LEFT_BEHIND_CHILD');
  if (rng.chance(age >= 60 ? 0.04 : 0.015)) codes.push('DISABLED');
  if (age >= 18 && rng.chance(0.018)) codes.push('SUBSISTENCE_ALLOWANCE');
  if (age >= 16 && rng.chance(0.004)) codes.push('SEVERE_MENTAL_DISORDER');
  if (age >= 18 && age <= 70 && rng.chance(0.0015)) codes.push('COMMUNITY_CORRECTION');
  if (age >= 20 && age <= 75 && rng.chance(gender === 'MALE' ? 0.005 : 0.001)) codes.push('RELEASED_PRISONER');
  if (age >= 18 && age <= 60 && rng.chance(0.0012)) codes.push('DRUG_REHAB');
  if (age >= 35 && rng.chance(0.0025)) codes.push('KEY_PETITIONER');
  return codes;
}

const DIAGNOSES = [
  '精神分裂症',
  '双相情感障碍',
  '偏执性精神病',
  '分裂情感性障碍',
  '癫痫所致精神障碍',
  '精神发育迟滞伴发精神障碍',
];
const OFFENCES = [
  '危险驾驶罪',
  '盗窃罪',
  '诈骗罪',
  '故意伤害罪',
  '交通肇事罪',
  '寻衅滋事罪',
  '非法捕捞水产品罪',
  '开设赌场罪',
];
const SUBSTANCES = ['甲基苯丙胺', '海洛因', '氯胺酮', '大麻'];

const term = (startMs: number, years: number) =>
  `${isoDate(startMs)}/${isoDate(startMs + years * 365 * DAY_MS - DAY_MS)}`;

/** Care and correction details (always T4): diagnosis and guardian, correction term and offence, … */
function detailsFor(rng: Rng, code: string, sinceMs: number, today: number): Record<string, unknown> | null {
  const year = new Date(today).getUTCFullYear();
  switch (code) {
    case 'SEVERE_MENTAL_DISORDER':
      return {
        diagnosis: rng.pick(DIAGNOSES),
        riskLevel: rng.int(0, 3),
        guardian: chineseName(rng, rng.chance(0.5) ? 'MALE' : 'FEMALE', year - rng.int(30, 70)),
        guardianPhone: mobilePhone(rng),
        medication: rng.pick(['规律服药', '间断服药', '未服药']),
      };
    case 'COMMUNITY_CORRECTION':
      return {
        correctionTerm: term(sinceMs, rng.int(2, 3)),
        offence: rng.pick(OFFENCES),
        correctionType: rng.pick(['缓刑', '缓刑', '假释', '管制', '暂予监外执行']),
      };
    case 'RELEASED_PRISONER':
      return {
        releasedOn: isoDate(sinceMs),
        offence: rng.pick(OFFENCES),
        sentence: `有期徒刑${rng.int(1, 8)}年`,
        placement: rng.pick(['已就业', '灵活就业', '待安置']),
      };
    case 'DRUG_REHAB':
      return { programme: rng.pick(['社区戒毒', '社区康复']), term: term(sinceMs, 3), substance: rng.pick(SUBSTANCES) };
    default:
      return null;
  }
}

const VISIT_NOTES: Record<string, readonly string[]> = {
  ELDERLY_ALONE: [
    '入户走访，老人身体状况良好，生活能自理。',
    '查看取暖和用电安全，提醒关好燃气阀门。',
    '帮助老人代购药品，已联系其子女。',
    '电话未接通，上门确认老人平安。',
  ],
  LEFT_BEHIND_CHILD: [
    '了解学习情况，监护人照料到位。',
    '与孩子父母视频通话，反馈近况。',
    '送去学习用品，提醒假期防溺水。',
  ],
  DISABLED: ['核实两项补贴发放情况。', '了解康复需求，协助申请辅具。', '入户走访，家属照护情况良好。'],
  SUBSISTENCE_ALLOWANCE: ['核查家庭收入变化情况。', '宣传临时救助政策。', '了解就业意向，推荐公益岗位。'],
  SEVERE_MENTAL_DISORDER: ['随访服药情况，病情稳定。', '与监护人沟通，落实看护责任。', '联合社区医生随访评估。'],
  COMMUNITY_CORRECTION: ['核实活动范围，按时报到。', '开展法治教育谈话。', '了解就业和家庭情况。'],
  RELEASED_PRISONER: ['了解安置帮教情况。', '协助办理就业登记。', '谈心谈话，思想稳定。'],
  DRUG_REHAB: ['督促按期尿检，情况正常。', '了解康复进展和家庭支持。', '联合民警开展帮扶。'],
  KEY_PETITIONER: ['了解诉求办理进展，情绪平稳。', '解释政策依据，做好疏导。', '节日期间走访稳控。'],
};

/**
 * Assigns categories to a resident and schedules visits: the latest visit is within the category's interval
 * for most memberships and overdue for about one in six, and last_visit_on matches the latest visit.
 */
export function assignCategories(
  rng: Rng,
  candidate: Candidate,
  place: VisitPlace,
  rows: MembershipRows,
  today: number,
): string[] {
  const codes: string[] = [];
  for (const code of categoriesFor(rng, candidate)) {
    const category = SPECIAL_CATEGORIES[specialCategoryId(code) - 1];
    const eligibleDays = Math.floor(
      candidate.daysLived - (code === 'ELDERLY_ALONE' ? 70 : code === 'LEFT_BEHIND_CHILD' ? 0 : 16) * 365.25,
    );
    if (eligibleDays < 20) continue;
    // Correction and rehabilitation terms (2–3 years) must still be running: they began less than two years ago.
    const longest = code === 'COMMUNITY_CORRECTION' || code === 'DRUG_REHAB' ? 700 : 3000;
    const sinceDaysAgo = rng.int(20, Math.max(20, Math.min(longest, eligibleDays)));
    const sinceMs = today - sinceDaysAgo * DAY_MS;
    const visitDays = scheduleVisits(rng, category.visitEveryDays, sinceDaysAgo);
    for (const daysAgo of visitDays) {
      const at = officeHoursAt(today, daysAgo, rng.next());
      rows.visits.push(
        copyLine([
          rows.nextVisitId++,
          place.workerId,
          candidate.residentId,
          specialCategoryId(code),
          place.gridId,
          place.gridPath,
          new Date(at).toISOString(),
          rng.pick(VISIT_NOTES[code]),
        ]),
      );
    }
    const lastVisit = visitDays.length ? chinaDate(officeHoursAt(today, visitDays[visitDays.length - 1], 0)) : null;
    rows.categories.push(
      copyLine([
        rows.nextCategoryId++,
        candidate.residentId,
        specialCategoryId(code),
        isoDate(sinceMs),
        detailsFor(rng, code, sinceMs, today),
        lastVisit,
      ]),
    );
    codes.push(code);
  }
  return codes;
}

/** Days-ago of up to four visits, oldest first, none before the membership began. */
function scheduleVisits(rng: Rng, every: number, sinceDaysAgo: number): number[] {
  const overdue = rng.chance(0.16);
  let daysAgo = overdue ? Math.round(every * rng.between(1.1, 2)) : rng.int(0, Math.max(0, every - 1));
  const days: number[] = [];
  while (days.length < 4 && daysAgo < sinceDaysAgo) {
    days.unshift(Math.max(1, daysAgo));
    daysAgo += Math.max(1, Math.round(every * rng.between(0.6, 1)));
  }
  return days;
}
