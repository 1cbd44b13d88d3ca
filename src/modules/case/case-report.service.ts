import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { idOfType } from '../../common/global-id';
import type { RequestContext } from '../request-context';
import { badInput, conflict } from '../../common/errors';
import { Grid } from '../grid/grid.entity';
import { User } from '../user/user.entity';
import { CaseCategory } from './case-category.entity';
import { pointInBoundary } from './case-geo';
import { deadlinesOf } from './case-sla';
import { caseSubject, LOWEST_HOLDING_LEVEL } from './case-subject';
import { recordStep } from './case-timeline';
import { ReportCaseInput, trimmed } from './case-command.inputs';
import { actionOf } from './case-workflow';
import { Case } from './case.entity';
import { CaseStatus } from './case.enums';
import { publishCaseChange } from '../live/event-bus';
import { attachToCase } from '../attachment/attachment-link';

/** A report checked against the catalogue and the grid, ready to be stored. */
interface Draft {
  input: ReportCaseInput;
  grid: Grid;
  category: CaseCategory;
  title: string;
  description: string;
}

/** Reporting a case: validated, allowed by the policy, and idempotent per reporter and client key. */
export class CaseReportService {
  constructor(private readonly ctx: RequestContext) {}

  async report(input: ReportCaseInput): Promise<Case> {
    const draft = await this.draft(input);
    this.assertMayReport(draft);
    const key = input.clientKey ? `${this.ctx.policy.principal.userId}:${input.clientKey}` : null;
    const earlier = key ? await this.reportedWith(key) : null;
    if (earlier) return sameReport(earlier, draft);
    try {
      const kase = await this.ctx.em.fork().transactional(async (em) => {
        const stored = this.store(em as EntityManager, draft, key);
        const uploader = this.ctx.policy.principal.userId;
        await attachToCase(em as EntityManager, stored, uploader, input.attachmentIds);
        return stored;
      });
      publishCaseChange(kase, 'report');
      return kase;
    } catch (error) {
      // Two identical retries raced past the lookup: the unique key let one in; answer with that one.
      const winner = key && error instanceof UniqueConstraintViolationException ? await this.reportedWith(key) : null;
      if (winner) return sameReport(winner, draft);
      throw error;
    }
  }

  private async draft(input: ReportCaseInput): Promise<Draft> {
    const grid = await this.ctx.loaders.byId(Grid).load(idOfType(input.grid, 'Grid', 'input.grid'));
    if (!grid) throw badInput('input.grid', `no grid ${input.grid}`);
    if (grid.level < 1)
      throw badInput('input.grid', 'a case belongs to a street grid or one below it, not to the whole district');
    const category = await this.ctx.em.findOne(CaseCategory, { code: input.category });
    if (!category) throw badInput('input.category', `unknown case category code "${input.category}"`);
    checkLocation(input, grid);
    return { input, grid, category, title: trimmed(input.title), description: trimmed(input.description) };
  }

  private assertMayReport({ grid }: Draft): void {
    const policy = this.ctx.policy;
    const facts = {
      gridPath: grid.path,
      grid: grid.id,
      status: CaseStatus.REPORTED,
      holdingLevel: holdingLevelOf(grid),
      department: null,
      reporter: policy.principal.userId,
    };
    policy.assertCan(actionOf('report'), caseSubject(facts), `report cases in grid ${grid.name}`);
  }

  private reportedWith(key: string): Promise<Case | null> {
    return this.ctx.em.fork().findOne(Case, { idempotencyKey: key });
  }

  private store(em: EntityManager, draft: Draft, key: string | null): Case {
    const { input, grid, category } = draft;
    const principal = this.ctx.policy.principal;
    const now = new Date();
    const kase = new Case();
    Object.assign(kase, {
      title: draft.title,
      description: draft.description,
      sensitive: category.sensitive,
      status: CaseStatus.REPORTED,
      source: input.source,
      category: em.getReference(CaseCategory, category.id),
      grid: em.getReference(Grid, grid.id),
      gridPath: grid.path,
      holdingLevel: holdingLevelOf(grid),
      reporter: em.getReference(User, principal.userId),
      reporterName: trimmed(input.reporterName),
      reporterPhone: input.reporterPhone ?? null,
      longitude: input.longitude ?? null,
      latitude: input.latitude ?? null,
      reportedAt: now,
      ...deadlinesOf(category, now),
      idempotencyKey: key,
    });
    em.persist(kase);
    recordStep(em, kase, principal, { action: 'report', from: null, to: CaseStatus.REPORTED, note: null, at: now });
    return kase;
  }
}

/** A case starts with the grid it is reported in; finer grids than level 3 are held at level 3. */
function holdingLevelOf(grid: Grid): number {
  return Math.min(LOWEST_HOLDING_LEVEL, grid.level);
}

function checkLocation(input: ReportCaseInput, grid: Grid): void {
  const { longitude, latitude } = input;
  if ((longitude == null) !== (latitude == null)) {
    throw badInput(
      longitude == null ? 'input.longitude' : 'input.latitude',
      'longitude and latitude must be given together',
    );
  }
  if (longitude == null || latitude == null) return;
  if (pointInBoundary(grid.boundary, longitude, latitude) === false) {
    throw badInput(
      'input.longitude',
      `the point ${longitude}, ${latitude} lies outside the boundary of grid ${grid.name}`,
    );
  }
}

/** A retry must be the same report; a key reused for another one is refused rather than silently merged. */
function sameReport(earlier: Case, draft: Draft): Case {
  const same =
    earlier.grid.id === draft.grid.id && earlier.category.id === draft.category.id && earlier.title === draft.title;
  if (!same)
    throw conflict(
      `clientKey "${draft.input.clientKey}" was already used for another report (case ${earlier.globalId})`,
    );
  return earlier;
}
