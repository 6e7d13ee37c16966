/**
 * newsletter/ausgaben/<id>.html|.txt and newsletter/digests/<period>.html|.txt (moved to
 * dist-newsletter/ after the build):
 * the emails of editions and digests, in folders of their own so no post's file can
 * collide with them (names from emailFileOf).
 */
import type { APIRoute, GetStaticPaths } from "astro";
import { getDigestEmail, getEditionEmail, getEmailDigests, getEmailEditions } from "../../../data/emails.ts";
import { emailFileOf } from "../../../lib/email/manifest-builder.ts";
import type { RenderedEmail } from "../../../lib/email/render-email.ts";

/** Both files of one campaign: `folder/file` as emailFileOf names them. */
function paths(kind: "edition" | "digest", id: string, email: () => Promise<RenderedEmail>) {
  return (["html", "txt"] as const).map((extension) => {
    const [folder, file] = emailFileOf(kind, id, extension).split("/") as [string, string];
    return { params: { folder, file }, props: { email, extension } };
  });
}

/** One HTML and one text file per edition and digest that gets an email (plus those `rundbrief preview` asked for). */
export const getStaticPaths = (async () => [
  ...(await getEmailEditions()).flatMap((edition) => paths("edition", edition.id, () => getEditionEmail(edition))),
  ...(await getEmailDigests()).flatMap((digest) => paths("digest", digest.key, () => getDigestEmail(digest))),
]) satisfies GetStaticPaths;

/** Serves what src/data/emails.ts rendered once per build. */
export const GET: APIRoute = async ({ props }) => {
  const email = await props.email();
  return props.extension === "html"
    ? new Response(email.html, { headers: { "Content-Type": "text/html; charset=utf-8" } })
    : new Response(email.text, { headers: { "Content-Type": "text/plain; charset=utf-8" } });
};
