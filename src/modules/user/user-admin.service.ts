import type { EntityManager } from '@mikro-orm/postgresql';
import { hashPassword } from '../../auth/passwords';
import { badInput, conflict, notFound } from '../../common/errors';
import { idOfType } from '../../common/global-id';
import { runSql } from '../../db/sql';
import { Role } from '../../policy/roles';
import { recordAdministration, refOf } from '../history/administration-history';
import type { StoredFieldChange } from '../history/change-entry.entity';
import { differences } from '../history/change-recorder';
import type { RequestContext } from '../request-context';
import { Department } from '../department/department.entity';
import { Grid } from '../grid/grid.entity';
import { Worker } from '../worker/worker.entity';
import { CreateUserInput, NewWorkerInput, UpdateUserInput } from './user-admin.inputs';
import { User } from './user.entity';

/** The grid level a post's scope grid must have: a leader covers a community, a street admin a street. */
const SCOPE_LEVEL: Partial<Record<Role, number>> = { [Role.GRID_LEADER]: 2, [Role.STREET_ADMIN]: 1 };
const WITH_WORKER = new Set([Role.GRID_WORKER, Role.GRID_LEADER]);

/**
 * Users administered by the district admin (contract §13). One method per command, each in one transaction;
 * the policy's `manage User` decides, and a disabled user's token is refused from its next request on
 * because the principal is read afresh for every request.
 */
export class UserAdminService {
  constructor(private readonly ctx: RequestContext) {}

  /** Every user for the administration; any other post sees its own login only (the row policy). */
  list(): Promise<User[]> {
    return this.ctx.em.find(User, {}, { orderBy: { id: 'asc' } });
  }

  async createUser(input: CreateUserInput): Promise<User> {
    this.ctx.policy.assertCan('manage', 'User', 'create users');
    if (await this.ctx.em.count(User, { username: input.username }))
      throw conflict(`input.username: the login name "${input.username}" is taken`);
    const passwordHash = await hashPassword(input.password);
    return this.ctx.em.transactional(async (em) => {
      const user = Object.assign(new User(), {
        username: input.username,
        displayName: input.displayName,
        role: input.role,
        passwordHash,
      });
      await this.link(em as EntityManager, user, input.role, input);
      if (WITH_WORKER.has(input.role)) user.worker = await this.workerFor(em as EntityManager, input);
      // A new worker record needs its id before the history can name it.
      await em.persist(user).flush();
      await this.record(em as EntityManager, user, 'CREATE', differences({}, factsOf(user)));
      return user;
    });
  }

  async updateUser(input: UpdateUserInput): Promise<User> {
    this.ctx.policy.assertCan('manage', 'User', 'change users');
    const passwordHash = input.password ? await hashPassword(input.password) : null;
    return this.ctx.em.transactional(async (em) => {
      const user = await this.current(em as EntityManager, input.id, input.expectedVersion);
      const before = factsOf(user);
      if (input.displayName) user.displayName = input.displayName;
      if (passwordHash) user.passwordHash = passwordHash;
      const role = input.role ?? user.role;
      if (WITH_WORKER.has(role) && !user.worker) throw badInput('input.role', `a ${role} needs a worker record`);
      const changesLinks = input.role || input.scopeGrid !== undefined || input.department !== undefined;
      if (changesLinks) await this.link(em as EntityManager, user, role, input);
      user.role = role;
      const changes = differences(before, factsOf(user));
      // The password is never kept in the history, not even hashed: only that it changed.
      if (passwordHash) changes.push({ field: 'password', old: null, new: null });
      await this.record(em as EntityManager, user, 'UPDATE', changes);
      return user;
    });
  }

  /** The user's tokens stop working on its next request: the principal of a disabled user is not loaded. */
  async disableUser(id: string, expectedVersion: number): Promise<User> {
    this.ctx.policy.assertCan('manage', 'User', 'disable users');
    if (idOfType(id, 'User') === this.ctx.policy.principal.userId)
      throw badInput('id', 'you cannot disable your own login');
    return this.ctx.em.transactional(async (em) => {
      const user = await this.current(em as EntityManager, id, expectedVersion);
      const changes = differences({ active: user.active }, { active: false });
      user.active = false;
      await this.record(em as EntityManager, user, 'DISABLE', changes);
      return user;
    });
  }

  /** Logins lie in no grid: their entries are administrative (read by the district admin and privacy officer). */
  private record(em: EntityManager, user: User, action: string, changes: StoredFieldChange[]): Promise<void> {
    const basisOf = { type: 'User' as const, row: user };
    return recordAdministration(em, this.ctx, { entityType: 'User', entity: user, action, changes, basisOf });
  }

  private async current(em: EntityManager, id: string, expectedVersion: number): Promise<User> {
    const user = await em.findOne(User, { id: idOfType(id, 'User') });
    if (!user) throw notFound('User', id);
    if (user.version !== expectedVersion)
      throw conflict(`User ${id} is at version ${user.version}, not ${expectedVersion}: reload and retry`);
    return user;
  }

  /** Sets the scope grid and department the post needs, and refuses what it does not take. */
  private async link(
    em: EntityManager,
    user: User,
    role: Role,
    input: { scopeGrid?: string | null; department?: string | null },
  ): Promise<void> {
    const level = SCOPE_LEVEL[role];
    if (level === undefined && input.scopeGrid) throw badInput('input.scopeGrid', `a ${role} covers no scope grid`);
    if (level !== undefined) {
      if (!input.scopeGrid && !user.scopeGrid)
        throw badInput('input.scopeGrid', `a ${role} needs a level-${level} grid`);
      if (input.scopeGrid) user.scopeGrid = await gridAtLevel(em, input.scopeGrid, level, 'input.scopeGrid');
    } else user.scopeGrid = null;
    if (role !== Role.DEPARTMENT_OFFICER) {
      if (input.department) throw badInput('input.department', `a ${role} belongs to no department`);
      user.department = null;
    } else if (input.department) {
      const department = await em.findOne(Department, {
        id: idOfType(input.department, 'Department', 'input.department'),
      });
      if (!department) throw badInput('input.department', `no department ${input.department}`);
      user.department = department;
    } else if (!user.department) throw badInput('input.department', 'a department officer needs a department');
  }

  private async workerFor(em: EntityManager, input: CreateUserInput): Promise<Worker> {
    if (input.worker && input.newWorker) throw badInput('input.newWorker', 'give worker or newWorker, not both');
    if (input.worker) {
      const worker = await em.findOne(Worker, { id: idOfType(input.worker, 'Worker', 'input.worker') });
      if (!worker) throw badInput('input.worker', `no worker ${input.worker}`);
      return worker;
    }
    if (!input.newWorker) throw badInput('input.newWorker', `a ${input.role} needs a worker record`);
    return this.newWorker(em, input.displayName, input.newWorker);
  }

  private async newWorker(em: EntityManager, name: string, input: NewWorkerInput): Promise<Worker> {
    const home = await gridAtLevel(em, input.homeGrid, 2, 'input.newWorker.homeGrid');
    const [{ today }] = await runSql<{ today: string }[]>(em, 'select current_date::text as today');
    const worker = Object.assign(new Worker(), {
      name,
      gender: input.gender,
      workPhone: input.workPhone,
      background: input.background,
      startedOn: input.startedOn ?? today,
      homeGridPath: home.path,
    });
    em.persist(worker);
    return worker;
  }
}

/** What the history keeps of a login, named as the fields of User; never its password. */
function factsOf(user: User): Record<string, unknown> {
  return {
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    active: user.active,
    worker: refOf(user.worker),
    department: refOf(user.department),
    scopeGrids: user.scopeGrid ? [user.scopeGrid.globalId] : null,
  };
}

export async function gridAtLevel(em: EntityManager, id: string, level: number, argumentName: string): Promise<Grid> {
  const grid = await em.findOne(Grid, { id: idOfType(id, 'Grid', argumentName) });
  if (!grid) throw badInput(argumentName, `no grid ${id}`);
  if (grid.level !== level) throw badInput(argumentName, `must be a level-${level} grid, not level ${grid.level}`);
  return grid;
}
