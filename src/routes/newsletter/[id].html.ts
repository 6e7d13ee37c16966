/** newsletter/<id>.html (moved to dist-newsletter/ after the build): the finished newsletter email of each mailable post. */
import type { APIRoute, GetStaticPaths } from "astro";
import { getEmailPosts, getPostEmail } from "../../data/emails.ts";

/** One file per post that gets an email (plus posts requested by `rundbrief preview`). */
export const getStaticPaths = (async () =>
  (await getEmailPosts()).map((post) => ({ params: { id: post.id }, props: { post } }))) satisfies GetStaticPaths;

/** Serves the HTML rendered once per build by src/data/emails.ts. */
export const GET: APIRoute = async ({ props }) => {
  const email = await getPostEmail(props.post);
  return new Response(email.html, { headers: { "Content-Type": "text/html; charset=utf-8" } });
};
