/** Splits a list into numbered pages for the home listing. */

export interface PageSlice<T> {
  /** 1-based page number. */
  number: number;
  total: number;
  items: T[];
}

/** All pages of `items`, at least one (an empty blog still has a home page). */
export function paginate<T>(items: readonly T[], perPage: number): PageSlice<T>[] {
  if (!Number.isInteger(perPage) || perPage < 1) throw new Error(`postsPerPage muss ≥ 1 sein, ist ${perPage}.`);
  const total = Math.max(1, Math.ceil(items.length / perPage));
  return Array.from({ length: total }, (_, i) => ({
    number: i + 1,
    total,
    items: items.slice(i * perPage, (i + 1) * perPage),
  }));
}
