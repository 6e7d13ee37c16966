import type { APIRoute, GetStaticPaths } from "astro";
import { shareImageCache } from "virtual:rundbrief/config";
import { getPublishedPosts, type Post } from "../../data/posts.ts";
import { shareImageInputOf } from "../../data/share-images.ts";
import { postSlug } from "../../lib/routes.ts";
import { cachedShareImage } from "../../lib/share-image.ts";

/** The dev server's share images (og:image), drawn on request and cached by what they show; a build copies them instead. */
export const getStaticPaths = (async () =>
  (await getPublishedPosts()).map((post) => ({ params: { slug: postSlug(post) }, props: { post } }))) satisfies GetStaticPaths;

export const GET: APIRoute<{ post: Post }> = async ({ props }) => {
  const { png } = await cachedShareImage(shareImageInputOf(props.post), shareImageCache);
  return new Response(new Uint8Array(png), { headers: { "Content-Type": "image/png" } });
};
