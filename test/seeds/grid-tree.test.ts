import { contains } from '../../seeds/geo';
import { buildGridTree, GridTree } from '../../seeds/grid-tree';
import { Rng } from '../../seeds/prng';
import { planFor } from '../../seeds/scale';

const treeFor = (scale: Parameters<typeof planFor>[0]) => buildGridTree(planFor(scale), new Rng(370614).derive('tree'));
const atLevel = (tree: GridTree, level: number) => tree.nodes.filter((n) => n.level === level);

function expectWellFormed(tree: GridTree): void {
  expect(tree.nodes[0]).toMatchObject({ id: 1, name: '蓬莱区', level: 0, kind: 'DISTRICT', path: '/1/' });
  expect(new Set(tree.nodes.map((n) => n.code)).size).toBe(tree.nodes.length);
  tree.nodes.forEach((node, i) => {
    expect(node.id).toBe(i + 1);
    if (!node.parent) return;
    expect(node.level).toBe(node.parent.level + 1);
    expect(node.path).toBe(`${node.parent.path}${node.id}/`);
    expect(node.code.startsWith(node.parent.code)).toBe(true);
    expect(contains(node.parent.rect, node.rect)).toBe(true);
    if (node.parent.id > 1) expect(node.parent.id).toBeLessThan(node.id);
  });
  for (const leaf of tree.leaves) expect(leaf.children).toHaveLength(0);
  const kinds: Record<number, string[]> = {
    1: ['STREET', 'TOWN'],
    2: ['COMMUNITY', 'VILLAGE'],
    3: ['BUILDING', 'ROAD_SEGMENT', 'VILLAGE_GROUP'],
    4: ['SUBGRID'],
  };
  for (const node of tree.nodes.slice(1)) expect(kinds[node.level]).toContain(node.kind);
}

describe('grid tree', () => {
  it('demo: 登州街道 and 紫荆山街道, ten communities, about sixty level-3 grids, a few split', () => {
    const tree = treeFor('demo');
    expectWellFormed(tree);
    expect(tree.streets.map((s) => [s.id, s.name])).toEqual([
      [2, '登州街道'],
      [3, '紫荆山街道'],
    ]);
    expect(atLevel(tree, 2)).toHaveLength(10);
    expect(atLevel(tree, 2)[0].name).toBe('钟楼社区');
    expect(atLevel(tree, 3).length).toBeGreaterThanOrEqual(50);
    expect(atLevel(tree, 3).length).toBeLessThanOrEqual(70);
    expect(atLevel(tree, 4).length).toBeGreaterThan(0);
  });

  it("demo: worker.demo's grid is the first level-3 grid of 钟楼社区 and is not split", () => {
    const tree = treeFor('demo');
    expect(tree.demoGrid.parent?.name).toBe('钟楼社区');
    expect(tree.demoGrid.level).toBe(3);
    expect(tree.demoGrid.children).toHaveLength(0);
    expect(tree.leaves).toContain(tree.demoGrid);
  });

  it('district: twelve streets and towns, about 300 communities and villages, about 3,000 level-3 grids', () => {
    const tree = treeFor('district');
    expectWellFormed(tree);
    expect(tree.streets).toHaveLength(12);
    expect(tree.streets.filter((s) => s.kind === 'TOWN')).toHaveLength(7);
    expect(atLevel(tree, 2).length).toBeGreaterThanOrEqual(280);
    expect(atLevel(tree, 2).length).toBeLessThanOrEqual(320);
    expect(atLevel(tree, 3).length).toBeGreaterThanOrEqual(2700);
    expect(atLevel(tree, 3).length).toBeLessThanOrEqual(3300);
    expect(
      atLevel(tree, 2)
        .filter((n) => n.kind === 'VILLAGE')
        .some((n) => n.name === '刘家沟村'),
    ).toBe(true);
  });

  it('a resident count scales the number of communities, not their size', () => {
    const tree = treeFor({ residents: 45_000 });
    expectWellFormed(tree);
    expect(tree.streets).toHaveLength(12);
    expect(atLevel(tree, 2).length).toBeGreaterThanOrEqual(25);
    expect(atLevel(tree, 2).length).toBeLessThanOrEqual(40);
  });

  it('is the same tree for the same seed', () => {
    const strip = (tree: GridTree) => tree.nodes.map((n) => [n.id, n.name, n.code, n.path, n.rect]);
    expect(strip(treeFor('demo'))).toEqual(strip(treeFor('demo')));
  });
});
