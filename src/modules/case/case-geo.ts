type Ring = number[][];

/**
 * Whether a point lies inside a GeoJSON Polygon or MultiPolygon (outer ring minus holes). Ray casting on
 * lng/lat is exact enough at grid scale, where the earth's curvature does not matter. Any other geometry,
 * or none, constrains nothing: answers null.
 */
export function pointInBoundary(
  boundary: Record<string, unknown> | null | undefined,
  lng: number,
  lat: number,
): boolean | null {
  if (!boundary || !Array.isArray(boundary.coordinates)) return null;
  if (boundary.type === 'Polygon') return inPolygon(boundary.coordinates as Ring[], lng, lat);
  if (boundary.type === 'MultiPolygon')
    return (boundary.coordinates as Ring[][]).some((polygon) => inPolygon(polygon, lng, lat));
  return null;
}

function inPolygon(rings: Ring[], lng: number, lat: number): boolean {
  const [outer, ...holes] = rings;
  if (!outer || !inRing(outer, lng, lat)) return false;
  return !holes.some((hole) => inRing(hole, lng, lat));
}

/** Counts crossings of a ray going east from the point; an odd count is inside. */
function inRing(ring: Ring, lng: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    const straddles = yi > lat !== yj > lat;
    if (straddles && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
