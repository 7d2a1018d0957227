/** The diagonal hatch that marks a hidden cell or wijk in the chart and the map (shape as well as colour, so it reads without colour). */
export function HatchPattern({ id, fill }: { id: string; fill: string }) {
  return (
    <pattern id={id} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
      <rect width="6" height="6" fill={fill} />
      <line x1="0" y1="0" x2="0" y2="6" stroke="#595959" stroke-width="2" />
    </pattern>
  );
}
