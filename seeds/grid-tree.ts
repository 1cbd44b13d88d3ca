import { DISTRICT_RECT, Rect, splitRect } from './geo';
import { DISTRICT, STREETS, communityStems, villageNames } from './places';
import { Rng } from './prng';
import { ScalePlan } from './scale';
import { buildLevel3, splitLargeGrids } from './grid-leaves';

export type GridKind =
  'DISTRICT' | 'STREET' | 'TOWN' | 'COMMUNITY' | 'VILLAGE' | 'BUILDING' | 'ROAD_SEGMENT' | 'VILLAGE_GROUP' | 'SUBGRID';

/** Where a leaf's households live, enough to write "钟楼花园5号楼3单元402室" or "西王村123号". */
export interface Locality {
  /** 烟台市蓬莱区登州街道钟楼社区, or 烟台市蓬莱区刘家沟镇 for villages. */
  prefix: string;
  kind: 'estate' | 'road' | 'village';
  /** The estate, road or village. */
  name: string;
  /** Building numbers (estate) or house numbers (road, village) that belong to the grid. */
  first: number;
  last: number;
  floors: number;
}

export interface GridNode {
  id: number;
  name: string;
  code: string;
  level: number;
  kind: GridKind;
  parent: GridNode | null;
  path: string;
  rect: Rect;
  partyBranch: string | null;
  children: GridNode[];
  /** Short place name used in case titles: the estate, road segment or village group. */
  place: string;
  locality: Locality | null;
  /** Relative population of a leaf; residents are apportioned by it. */
  weight: number;
  /** Filled when residents are apportioned: how many live here and the id of the first one. */
  residents: number;
  firstResidentId: number;
}

export interface GridTree {
  /** All grids; nodes[i].id === i + 1, numbered level by level so that the streets get ids 2, 3, … */
  nodes: GridNode[];
  streets: GridNode[];
  communities: GridNode[];
  level3: GridNode[];
  /** Grids where residents, cases, visits and patrols live: level-3 grids not split, and level-4 grids. */
  leaves: GridNode[];
  /** worker.demo's grid: the first level-3 grid of 登州街道's first community, never split. */
  demoGrid: GridNode;
}

export class TreeBuilder {
  readonly nodes: GridNode[] = [];

  add(
    parent: GridNode | null,
    fields: Omit<GridNode, 'id' | 'path' | 'children' | 'parent' | 'residents' | 'firstResidentId'>,
  ): GridNode {
    const id = this.nodes.length + 1;
    const node: GridNode = {
      ...fields,
      id,
      parent,
      children: [],
      residents: 0,
      firstResidentId: 0,
      path: `${parent ? parent.path : '/'}${id}/`,
    };
    parent?.children.push(node);
    this.nodes.push(node);
    return node;
  }
}

export function buildGridTree(plan: ScalePlan, rng: Rng): GridTree {
  const builder = new TreeBuilder();
  const root = builder.add(null, {
    name: DISTRICT.name,
    code: DISTRICT.code,
    level: 0,
    kind: 'DISTRICT',
    rect: DISTRICT_RECT,
    partyBranch: '中共烟台市蓬莱区委员会',
    place: DISTRICT.name,
    locality: null,
    weight: 0,
  });
  // Every street keeps its cell of the full district layout, so the demo's two streets sit where they would in the district.
  const streetCells = splitRect(DISTRICT_RECT, STREETS.length, 0.02);
  const streets = plan.streets.map(({ index }) => {
    const seed = STREETS[index];
    return builder.add(root, {
      name: seed.name,
      code: seed.code,
      level: 1,
      kind: seed.town ? 'TOWN' : 'STREET',
      rect: streetCells[index],
      partyBranch: `${seed.name}党工委`,
      place: seed.name,
      locality: null,
      weight: 0,
    });
  });
  const communities = buildCommunities(plan, builder, streets, rng.derive('communities'));
  const level3 = communities.flatMap((community) =>
    buildLevel3(plan, builder, community, rng.derive('grids', community.code)),
  );
  const demoGrid = level3[0];
  splitLargeGrids(
    builder,
    level3.filter((grid) => grid !== demoGrid),
    rng.derive('subgrids'),
  );
  const leaves = builder.nodes.filter((node) => node.level >= 3 && node.children.length === 0);
  return { nodes: builder.nodes, streets, communities, level3, leaves, demoGrid };
}

function buildCommunities(plan: ScalePlan, builder: TreeBuilder, streets: GridNode[], rng: Rng): GridNode[] {
  const taken = new Set<string>();
  const all: GridNode[] = [];
  plan.streets.forEach(({ index, communities: count }, i) => {
    const seed = STREETS[index];
    const street = streets[i];
    const names = seed.town
      ? villageNames(rng, seed, count, taken)
      : communityStems(seed, count, taken).map((stem) => `${stem}社区`);
    const cells = splitRect(street.rect, count);
    names.forEach((name, k) => {
      all.push(
        builder.add(street, {
          name,
          code: `${street.code}${String(k + 1).padStart(3, '0')}`,
          level: 2,
          kind: seed.town ? 'VILLAGE' : 'COMMUNITY',
          rect: cells[k],
          partyBranch: seed.town ? `${name}党支部` : `${name}党委`,
          place: name,
          locality: null,
          weight: 0,
        }),
      );
    });
  });
  return all;
}

/** Walks up to the ancestor at a level (0 root … 3). */
export function ancestorAt(node: GridNode, level: number): GridNode {
  let current = node;
  while (current.level > level && current.parent) current = current.parent;
  if (current.level !== level) throw new Error(`grid ${node.id} has no ancestor at level ${level}`);
  return current;
}
