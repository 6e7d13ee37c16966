/**
 * Where a blog's newsletter editions live: the config's `editionsDir`, relative to the
 * project unless absolute. RUNDBRIEF_EDITIONS_DIR points elsewhere (tests, benchmarks);
 * a run whose posts come from RUNDBRIEF_CONTENT_DIR has editions only when it names
 * their folder too, so another set of posts never meets the blog's own editions. The
 * integration and the CLI both ask here.
 */
export function editionsDirOf(config: { editionsDir: string }, env: Record<string, string | undefined>): string | null {
  if (env.RUNDBRIEF_EDITIONS_DIR) return env.RUNDBRIEF_EDITIONS_DIR;
  return env.RUNDBRIEF_CONTENT_DIR ? null : config.editionsDir;
}
