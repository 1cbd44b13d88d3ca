import { badInput } from '../../common/errors';

type Position = unknown;

/**
 * A grid boundary must be a GeoJSON Polygon or MultiPolygon (RFC 7946) in lng/lat: closed rings of at least
 * four positions, every position two finite numbers on the globe. Anything else would make "which grid
 * holds this point" answer wrongly, so it is refused naming the argument.
 */
export function checkBoundary(boundary: Record<string, unknown>, argumentName: string): void {
  const { type, coordinates } = boundary;
  if (type === 'Polygon') return checkPolygon(coordinates, argumentName);
  if (type === 'MultiPolygon' && Array.isArray(coordinates) && coordinates.length > 0)
    return coordinates.forEach((polygon, i) => checkPolygon(polygon, `${argumentName}.coordinates[${i}]`));
  throw badInput(argumentName, 'must be a GeoJSON Polygon or MultiPolygon');
}

function checkPolygon(rings: unknown, argumentName: string): void {
  if (!Array.isArray(rings) || rings.length === 0) throw badInput(argumentName, 'a polygon needs at least one ring');
  rings.forEach((ring, i) => checkRing(ring, `${argumentName}[${i}]`));
}

function checkRing(ring: unknown, argumentName: string): void {
  if (!Array.isArray(ring) || ring.length < 4) throw badInput(argumentName, 'a ring needs at least four positions');
  ring.forEach((position: Position, i) => {
    if (!isPosition(position)) throw badInput(`${argumentName}[${i}]`, 'must be [lng, lat] on the globe');
  });
  const [first, last] = [ring[0] as number[], ring[ring.length - 1] as number[]];
  if (first[0] !== last[0] || first[1] !== last[1]) throw badInput(argumentName, 'a ring must end where it starts');
}

function isPosition(position: Position): position is number[] {
  if (!Array.isArray(position) || position.length < 2) return false;
  const [lng, lat] = position as unknown[];
  return typeof lng === 'number' && typeof lat === 'number' && Math.abs(lng) <= 180 && Math.abs(lat) <= 90;
}
