import { subject } from '@casl/ability';
import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput, conflict } from '../../common/errors';
import { idOfType } from '../../common/global-id';
import type { RequestContext } from '../request-context';
import { Grid } from '../grid/grid.entity';
import { recordAdministration, refOf } from '../history/administration-history';
import { differences } from '../history/change-recorder';
import { User } from '../user/user.entity';
import { parsePeriod } from './assessment-period';
import { Assessment } from './assessment.entity';
import { PublishRedBlackListInput } from './assessment.inputs';
import { ListSide, RedBlackEntry, RedBlackList } from './red-black-list.entity';

/**
 * Red/black lists (红黑榜, contract §14): the street admin publishes the top and bottom N of a period for its
 * street, ranked by assessment total. The whole ranking is kept so each worker can see its own place; a
 * published list is never changed (the database refuses updates and deletes).
 */
export class RedBlackListService {
  constructor(private readonly ctx: RequestContext) {}

  list(period: string | null): Promise<RedBlackList[]> {
    const where = period ? { period } : {};
    return this.ctx.em.find(RedBlackList, where, { orderBy: { publishedAt: 'desc', id: 'desc' } });
  }

  async publishRedBlackList(input: PublishRedBlackListInput): Promise<RedBlackList> {
    const period = parsePeriod(input.period, 'input.period');
    return this.ctx.em.transactional(async (tx) => {
      const em = tx as EntityManager;
      const street = await em.findOne(Grid, { id: idOfType(input.street, 'Grid', 'input.street') });
      if (!street || street.level !== 1) throw badInput('input.street', 'must be a street or town (a level-1 grid)');
      const facts = subject('RedBlackList', { streetPath: street.path });
      this.ctx.policy.assertCan('create', facts, `publish the red/black list of ${street.name}`);
      if (await em.count(RedBlackList, { street, period: period.name }))
        throw conflict(`the red/black list of ${street.name} for ${period.name} is published and never changes`);
      const ranked = await this.ranking(em, street, period.name);
      if (ranked.length === 0)
        throw badInput('input.period', `no assessment of ${street.name} has a total for ${period.name}`);
      const list = em.create(RedBlackList, {
        street,
        streetPath: street.path,
        period: period.name,
        size: input.size,
        publishedBy: em.getReference(User, this.ctx.policy.principal.userId),
      } as RedBlackList);
      ranked.forEach((assessment, i) =>
        em.create(RedBlackEntry, {
          list,
          worker: assessment.worker,
          workerName: assessment.worker.name,
          rank: i + 1,
          side: sideOf(i, ranked.length, input.size),
          total: assessment.total!,
        } as RedBlackEntry),
      );
      // One entry for the list; its ranking is the list itself, which never changes afterwards.
      await recordAdministration(em, this.ctx, {
        entityType: 'RedBlackList',
        entity: list,
        gridPath: street.path,
        action: 'PUBLISH',
        changes: differences({}, { street: refOf(street), period: period.name, size: input.size }),
        basisOf: { type: 'RedBlackList', row: facts },
      });
      return list;
    });
  }

  /** The street's assessments of the period with a total, best first; equal totals in order of worker. */
  private ranking(em: EntityManager, street: Grid, period: string): Promise<Assessment[]> {
    return em.find(
      Assessment,
      { period, total: { $ne: null }, worker: { homeGridPath: { $like: `${street.path}%` } } },
      { populate: ['worker'], orderBy: [{ total: 'desc' }, { worker: { id: 'asc' } }] },
    );
  }
}

/** Top `size` are red; the bottom `size` of the rest are black, so a short street has no worker on both. */
function sideOf(index: number, count: number, size: number): ListSide | null {
  if (index < size) return ListSide.RED;
  if (index >= Math.max(size, count - size)) return ListSide.BLACK;
  return null;
}
