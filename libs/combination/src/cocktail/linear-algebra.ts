/** Inverse of a symmetric positive-definite matrix by Cholesky; null when it is singular (to working precision). */
export function invertSpd(a: readonly number[][]): number[][] | null {
  const n = a.length;
  const l = a.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i][j];
      for (let k = 0; k < j; k++) sum -= l[i][k] * l[j][k];
      if (i === j) {
        if (!(sum > 1e-10 * Math.max(1, Math.abs(a[i][i])))) return null;
        l[i][i] = Math.sqrt(sum);
      } else l[i][j] = sum / l[j][j];
    }
  }
  // L⁻¹ by forward substitution, then A⁻¹ = L⁻ᵀ L⁻¹.
  const inv = a.map(() => new Array<number>(n).fill(0));
  for (let c = 0; c < n; c++) {
    for (let i = c; i < n; i++) {
      let sum = i === c ? 1 : 0;
      for (let k = c; k < i; k++) sum -= l[i][k] * inv[k][c];
      inv[i][c] = sum / l[i][i];
    }
  }
  return a.map((_, i) =>
    a.map((__, j) => inv.reduce((sum, row, k) => sum + (k >= Math.max(i, j) ? row[i] * row[j] : 0), 0)),
  );
}

export const matVec = (m: readonly number[][], v: readonly number[]) =>
  m.map((row) => row.reduce((sum, x, j) => sum + x * v[j], 0));
