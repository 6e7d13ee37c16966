/** newsletter/<id>.txt (moved to dist-newsletter/ after the build): the plain-text part of each mailable post's email. */
import type { APIRoute, GetStaticPaths } from "astro";
import { getEmailPosts, getPostEmail } from "../../data/emails.ts";

/** One file per post that gets an email (plus posts requested by `rundbrief preview`). */
export const getStaticPaths = (async () =>
  (await getEmailPosts()).map((post) => ({ params: { id: post.id }, props: { post } }))) satisfies GetStaticPaths;

/** Serves the plain-text part rendered once per build by src/data/emails.ts. */
export const GET: APIRoute = async ({ props }) => {
  const email = await getPostEmail(props.post);
  return new Response(email.text, { headers: { "Content-Type": "text/plain; charset=utf-8" } });
};
