/** A parameter value as a number (`;expires=60`); absent, valueless or non-numeric values give undefined. */
export function toNumber(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}
