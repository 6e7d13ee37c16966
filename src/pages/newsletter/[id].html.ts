import type { APIRoute } from "astro";
import { getCollection, render } from "astro:content";
import { experimental_AstroContainer as AstroContainer } from "astro/container";
import { getContainerRenderer } from "@astrojs/mdx/container-renderer";
import { loadRenderers } from "astro:container";
import TippEmail from "../../components/mdx/TippEmail.astro";

export async function getStaticPaths() {
  const posts = await getCollection("posts");
  return posts.map((post) => ({ params: { id: post.id }, props: { post } }));
}
export const GET: APIRoute = async ({ props }) => {
  const renderers = await loadRenderers([getContainerRenderer()]);
  const container = await AstroContainer.create({ renderers });
  const { Content } = await render(props.post);
  const html = await container.renderToString(Content, { props: { components: { Tipp: TippEmail } } });
  return new Response(html);
};
