/**
 * Turns MDX's "missing component" error into one that names the post and says what to
 * do, so an unknown `<Komponente>` fails the build instead of vanishing from the email.
 */

const MDX_MISSING_REFERENCE = /Expected component `([^`]+)` to be defined/;

/** The component name in MDX's "Expected component `X` to be defined" error, if that is what `error` is. */
export function missingComponentInError(error: unknown): string | undefined {
  const message = error instanceof Error ? error.message : String(error);
  return MDX_MISSING_REFERENCE.exec(message)?.[1];
}

/** The error for a post (or, with `what`, an edition) that uses a component without an email version. */
export function missingComponentMessage(
  postId: string,
  name: string,
  available: readonly string[],
  what = `Beitrag „${postId}“`,
): string {
  return (
    `${what}: <${name}> hat keine E-Mail-Version und würde im Newsletter fehlen. ` +
    `Erlaubt sind: ${available.map((known) => `<${known}>`).join(", ")}. ` +
    `Im Text eine dieser Komponenten verwenden oder eine E-Mail-Version in src/components/email/ anlegen und in src/components/email/index.ts eintragen.`
  );
}
