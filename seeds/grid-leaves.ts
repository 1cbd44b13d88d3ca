import { splitRect } from './geo';
import type { GridNode, Locality, TreeBuilder } from './grid-tree';
import { estateName, roadName, segmentName } from './places';
import { Rng } from './prng';
import { ScalePlan } from './scale';

const HOUSES_PER_VILLAGE_GROUP = 80;
const HOUSES_PER_ROAD_SEGMENT = 60;

/**
 * Level-3 grids of one community or village: in town, mostly groups of buildings of an estate (楼栋) and
 * some road segments (路段); in the countryside, village groups (村民小组).
 */
export function buildLevel3(plan: ScalePlan, builder: TreeBuilder, community: GridNode, rng: Rng): GridNode[] {
  const rural = community.kind === 'VILLAGE';
  const [min, max] = rural ? plan.gridsPerVillage : plan.gridsPerCommunity;
  const count = rng.int(min, max);
  const cells = splitRect(community.rect, count);
  const street = community.parent as GridNode;
  if (rural) {
    const prefix = `烟台市蓬莱区${street.name}`;
    return cells.map((rect, i) =>
      addLevel3(builder, community, i, rect, {
        name: `${community.name}第${i + 1}村民小组`,
        kind: 'VILLAGE_GROUP',
        place: community.name,
        weight: rng.between(0.7, 1.3),
        locality: {
          prefix,
          kind: 'village',
          name: community.name,
          first: i * HOUSES_PER_VILLAGE_GROUP + 1,
          last: (i + 1) * HOUSES_PER_VILLAGE_GROUP,
          floors: 1,
        },
      }),
    );
  }
  return buildUrban(builder, community, rng, cells);
}

function buildUrban(
  builder: TreeBuilder,
  community: GridNode,
  rng: Rng,
  cells: ReturnType<typeof splitRect>,
): GridNode[] {
  const street = community.parent as GridNode;
  const prefix = `烟台市蓬莱区${street.name}${community.name}`;
  const stem = community.name.replace(/社区$/, '');
  const estates = Array.from({ length: rng.int(1, 3) }, (_, i) => ({
    name: estateName(rng, stem, i),
    next: 1,
    floors: rng.pick([6, 6, 11, 18]),
  }));
  const roads = [roadName(rng, stem), roadName(rng, stem)].filter((road, i, all) => all.indexOf(road) === i);
  let segments = 0;
  return cells.map((rect, i) => {
    // The first grid of each community is always a block of buildings: worker.demo's grid is one of these.
    if (i === 0 || rng.chance(0.75)) {
      const estate = estates[i % estates.length];
      const buildings = rng.int(3, 9);
      const first = estate.next;
      estate.next += buildings;
      const last = first + buildings - 1;
      const name =
        i === 0 || rng.chance(0.55) ? `${community.name}第${i + 1}网格` : `${estate.name}${first}-${last}号楼`;
      return addLevel3(builder, community, i, rect, {
        name,
        kind: 'BUILDING',
        place: estate.name,
        weight: i === 0 ? 1.6 : rng.between(0.8, 1.4),
        locality: { prefix, kind: 'estate', name: estate.name, first, last, floors: estate.floors },
      });
    }
    const road = roads[segments % roads.length];
    const segment = Math.floor(segments / roads.length);
    segments++;
    const first = segment * HOUSES_PER_ROAD_SEGMENT + 1;
    return addLevel3(builder, community, i, rect, {
      name: segmentName(road, segment),
      kind: 'ROAD_SEGMENT',
      place: road,
      weight: rng.between(0.5, 0.9),
      locality: { prefix, kind: 'road', name: road, first, last: first + HOUSES_PER_ROAD_SEGMENT - 1, floors: 3 },
    });
  });
}

interface Level3Fields {
  name: string;
  kind: 'BUILDING' | 'ROAD_SEGMENT' | 'VILLAGE_GROUP';
  place: string;
  weight: number;
  locality: Locality;
}

function addLevel3(
  builder: TreeBuilder,
  community: GridNode,
  index: number,
  rect: GridNode['rect'],
  fields: Level3Fields,
): GridNode {
  const branch = fields.kind === 'VILLAGE_GROUP' ? `${fields.name}党小组` : `${fields.name}党支部`;
  return builder.add(community, {
    ...fields,
    code: `${community.code}${String(index + 1).padStart(3, '0')}`,
    level: 3,
    rect,
    partyBranch: branch,
  });
}

/**
 * Large blocks of buildings are split one level further (细分网格), one or a few buildings each. Done after
 * all level-3 grids exist so that ids stay numbered level by level.
 */
export function splitLargeGrids(builder: TreeBuilder, level3: GridNode[], rng: Rng): void {
  for (const grid of level3) {
    const locality = grid.locality;
    if (!locality || grid.kind !== 'BUILDING' || locality.last - locality.first < 5 || !rng.chance(0.35)) continue;
    const parts = rng.int(2, 3);
    const buildings = locality.last - locality.first + 1;
    const cells = splitRect(grid.rect, parts);
    let first = locality.first;
    cells.forEach((rect, k) => {
      const size = k === parts - 1 ? locality.last - first + 1 : Math.floor(buildings / parts);
      const last = first + size - 1;
      builder.add(grid, {
        name: first === last ? `${locality.name}${first}号楼` : `${locality.name}${first}-${last}号楼`,
        code: `${grid.code}${String(k + 1).padStart(2, '0')}`,
        level: 4,
        kind: 'SUBGRID',
        rect,
        partyBranch: null,
        place: locality.name,
        weight: (grid.weight * size) / buildings,
        locality: { ...locality, first, last },
      });
      first = last + 1;
    });
  }
}
