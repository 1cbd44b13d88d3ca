import { Rng } from './prng';

/** A lng/lat box. Boundaries are rectangles on purpose: easy to test (a child inside its parent) and cheap to draw. */
export interface Rect {
  west: number;
  south: number;
  east: number;
  north: number;
}

/** Around Penglai: the old town sits near 120.75 E, 37.81 N on the Bohai coast; towns spread south and east. */
export const DISTRICT_RECT: Rect = { west: 120.5, south: 37.45, east: 121.1, north: 37.85 };

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * Cuts a parent box into `count` cells in a near-square layout and shrinks each by a margin, so every
 * child lies strictly inside its parent even after rounding to six decimals.
 */
export function splitRect(parent: Rect, count: number, margin = 0.04): Rect[] {
  const width = parent.east - parent.west;
  const height = parent.north - parent.south;
  const columns = Math.max(1, Math.round(Math.sqrt((count * width) / height)));
  const rows = Math.ceil(count / columns);
  const cells: Rect[] = [];
  for (let i = 0; i < count; i++) {
    const column = i % columns;
    const row = Math.floor(i / columns);
    const cellWidth = width / columns;
    const cellHeight = height / rows;
    const west = parent.west + column * cellWidth;
    const north = parent.north - row * cellHeight;
    cells.push({
      west: round6(west + cellWidth * margin),
      east: round6(west + cellWidth * (1 - margin)),
      north: round6(north - cellHeight * margin),
      south: round6(north - cellHeight * (1 - margin)),
    });
  }
  return cells;
}

export function polygonOf(rect: Rect): { type: 'Polygon'; coordinates: number[][][] } {
  const { west, south, east, north } = rect;
  return {
    type: 'Polygon',
    coordinates: [
      [
        [west, south],
        [east, south],
        [east, north],
        [west, north],
        [west, south],
      ],
    ],
  };
}

/** A point strictly inside the box, rounded to six decimals (≈ 0.1 m). */
export function pointIn(rng: Rng, rect: Rect): [number, number] {
  const lng = rect.west + (rect.east - rect.west) * rng.between(0.02, 0.98);
  const lat = rect.south + (rect.north - rect.south) * rng.between(0.02, 0.98);
  return [round6(lng), round6(lat)];
}

export function contains(outer: Rect, inner: Rect): boolean {
  return (
    inner.west >= outer.west && inner.east <= outer.east && inner.south >= outer.south && inner.north <= outer.north
  );
}

/** Great-circle distance in metres, for patrol track lengths. */
export function metresBetween(a: readonly number[], b: readonly number[]): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLng = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}
