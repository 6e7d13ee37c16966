import type { APIRoute, GetStaticPaths } from "astro";
import { shareImageCache } from "virtual:rundbrief/config";
import { siteConfig } from "../../data/config.ts";
import { getPublishedPosts, type Post } from "../../data/posts.ts";
import { formatDate } from "../../lib/dates.ts";
import { postSlug } from "../../lib/routes.ts";
import { cachedShareImage } from "../../lib/share-image.ts";

/** One share image per published post (og:image), drawn once and cached by what it shows. */
export const getStaticPaths = (async () =>
  (await getPublishedPosts()).map((post) => ({ params: { slug: postSlug(post) }, props: { post } }))) satisfies GetStaticPaths;

export const GET: APIRoute<{ post: Post }> = async ({ props }) => {
  const { post } = props;
  const { png } = await cachedShareImage(
    {
      title: post.data.title,
      siteTitle: siteConfig.title,
      dateLabel: formatDate(post.data.pubDate, siteConfig.locale, siteConfig.timeZone),
      tag: post.data.tags[0],
    },
    shareImageCache,
  );
  return new Response(new Uint8Array(png), { headers: { "Content-Type": "image/png" } });
};
