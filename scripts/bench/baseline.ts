/**
 * The bare Astro site the benchmarks compare Rundbrief against: its own minimal project
 * in a temp folder, using this repository's node_modules (same Astro and MDX versions)
 * and the same generated posts. One collection with a glob loader, a list paginated by
 * 20, post pages, tag pages and a full-content RSS feed of all posts; nothing else.
 */
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** Env variable the baseline's content config reads the posts folder from. */
export const BASELINE_CONTENT_ENV = "BENCH_CONTENT_DIR";

const BOX = (tag: string, fallback: string) => `---
const { title = "${fallback}" } = Astro.props;
---

<${tag} class="box">
  <p class="box-title">{title}</p>
  <slot />
</${tag}>
`;

const BASELINE_FILES: Record<string, string> = {
  "package.json": `${JSON.stringify({ name: "bench-baseline", private: true, type: "module" }, null, 2)}\n`,
  "astro.config.mjs": `import { defineConfig } from "astro/config";
import mdx from "@astrojs/mdx";

export default defineConfig({
  site: "https://baseline.example.de",
  cacheDir: "./.cache",
  integrations: [mdx()],
  // Same as Rundbrief: thousands of identical bundler notices about MDX modules would only cost time.
  vite: {
    build: {
      rollupOptions: {
        onwarn(warning, warn) {
          if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
        },
      },
    },
  },
});
`,
  "src/content.config.ts": `import { defineCollection } from "astro:content";
import { glob } from "astro/loaders";
import { z } from "astro/zod";

const posts = defineCollection({
  loader: glob({ pattern: "*.mdx", base: process.env.${BASELINE_CONTENT_ENV} }),
  schema: ({ image }) =>
    z.object({
      title: z.string(),
      description: z.string(),
      pubDate: z.coerce.date(),
      tags: z.array(z.string()).default([]),
      heroImage: image().optional(),
      heroAlt: z.string().optional(),
    }),
});

export const collections = { posts };
`,
  "src/posts.ts": `import { getCollection } from "astro:content";

export async function getSortedPosts() {
  return (await getCollection("posts")).sort((a, b) => b.data.pubDate.valueOf() - a.data.pubDate.valueOf());
}

export const tagSlug = (tag: string) => tag.toLowerCase().normalize("NFKD").replace(/[\\u0300-\\u036f]/g, "").replace(/[^a-z0-9]+/g, "-");
`,
  "src/components/Tipp.astro": BOX("aside", "Tipp"),
  "src/components/Checkliste.astro": BOX("section", "Checkliste"),
  "src/components/Beispiel.astro": BOX("figure", "Beispiel"),
  "src/components/index.ts": `import Tipp from "./Tipp.astro";
import Checkliste from "./Checkliste.astro";
import Beispiel from "./Beispiel.astro";

export const components = { Tipp, Checkliste, Beispiel };
`,
  "src/components/PostList.astro": `---
import { tagSlug } from "../posts.ts";
const { posts } = Astro.props;
---

<ul class="posts">
  {posts.map((post) => (
    <li>
      <a href={\`/posts/\${post.id}/\`}>{post.data.title}</a>
      <time datetime={post.data.pubDate.toISOString()}>{post.data.pubDate.toLocaleDateString("de-DE")}</time>
      <p>{post.data.description}</p>
      {post.data.tags.map((tag) => <a href={\`/tags/\${tagSlug(tag)}/\`}>{tag}</a>)}
    </li>
  ))}
</ul>
`,
  "src/layouts/Layout.astro": `---
const { title, description } = Astro.props;
---

<html lang="de">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>{title}</title>
    <meta name="description" content={description} />
    <link rel="alternate" type="application/rss+xml" href="/rss.xml" />
  </head>
  <body>
    <header><a href="/">Baseline</a></header>
    <main><slot /></main>
  </body>
</html>

<style is:global>
  body { font-family: system-ui, sans-serif; max-width: 42rem; margin: 0 auto; padding: 1rem; line-height: 1.6; }
  .box { border-left: 4px solid #1f6f8b; padding: 0.5rem 1rem; background: #f3f7f9; }
  pre { overflow-x: auto; padding: 1rem; }
  img { max-width: 100%; height: auto; }
</style>
`,
  "src/pages/[...page].astro": `---
import type { GetStaticPaths } from "astro";
import Layout from "../layouts/Layout.astro";
import PostList from "../components/PostList.astro";
import { getSortedPosts } from "../posts.ts";

export const getStaticPaths = (async ({ paginate }) => paginate(await getSortedPosts(), { pageSize: 20 })) satisfies GetStaticPaths;
const { page } = Astro.props;
---

<Layout title="Baseline" description="Alle Beiträge">
  <PostList posts={page.data} />
  <nav>
    {page.url.prev && <a href={page.url.prev}>Neuer</a>}
    {page.url.next && <a href={page.url.next}>Älter</a>}
  </nav>
</Layout>
`,
  "src/pages/posts/[id].astro": `---
import type { GetStaticPaths } from "astro";
import { render } from "astro:content";
import { Image } from "astro:assets";
import Layout from "../../layouts/Layout.astro";
import { components } from "../../components/index.ts";
import { getSortedPosts, tagSlug } from "../../posts.ts";

export const getStaticPaths = (async () =>
  (await getSortedPosts()).map((post) => ({ params: { id: post.id }, props: { post } }))) satisfies GetStaticPaths;
const { post } = Astro.props;
const { Content } = await render(post);
---

<Layout title={post.data.title} description={post.data.description}>
  <article>
    <h1>{post.data.title}</h1>
    {post.data.heroImage && <Image src={post.data.heroImage} alt={post.data.heroAlt ?? ""} widths={[672, 1344]} sizes="42rem" />}
    <Content components={components} />
    {post.data.tags.map((tag) => <a href={\`/tags/\${tagSlug(tag)}/\`}>{tag}</a>)}
  </article>
</Layout>
`,
  "src/pages/tags/[tag].astro": `---
import type { GetStaticPaths } from "astro";
import Layout from "../../layouts/Layout.astro";
import PostList from "../../components/PostList.astro";
import { getSortedPosts, tagSlug } from "../../posts.ts";

export const getStaticPaths = (async () => {
  const posts = await getSortedPosts();
  const tags = [...new Set(posts.flatMap((post) => post.data.tags))];
  return tags.map((tag) => ({ params: { tag: tagSlug(tag) }, props: { tag, posts: posts.filter((post) => post.data.tags.includes(tag)) } }));
}) satisfies GetStaticPaths;
const { tag, posts } = Astro.props;
---

<Layout title={tag} description={\`Beiträge zu \${tag}\`}>
  <h1>{tag}</h1>
  <PostList posts={posts} />
</Layout>
`,
  "src/pages/rss.xml.ts": `import rss from "@astrojs/rss";
import type { APIContext } from "astro";
import { render } from "astro:content";
import { experimental_AstroContainer as AstroContainer } from "astro/container";
import { loadRenderers } from "astro:container";
import { getContainerRenderer } from "@astrojs/mdx/container-renderer";
import { components } from "../components/index.ts";
import { getSortedPosts } from "../posts.ts";

export async function GET(context: APIContext) {
  const container = await AstroContainer.create({ renderers: await loadRenderers([getContainerRenderer()]) });
  const posts = await getSortedPosts();
  const items = await Promise.all(
    posts.map(async (post) => {
      const { Content } = await render(post);
      return {
        title: post.data.title,
        description: post.data.description,
        pubDate: post.data.pubDate,
        link: \`/posts/\${post.id}/\`,
        content: await container.renderToString(Content, { props: { components } }),
      };
    }),
  );
  return rss({ title: "Baseline", description: "Alle Beiträge", site: context.site!, items });
}
`,
};

/**
 * Writes the baseline project into `projectDir` and links `nodeModules` into it, so it
 * builds with exactly the packages this repository has installed.
 */
export function writeBaselineProject(projectDir: string, nodeModules: string): void {
  for (const [path, text] of Object.entries(BASELINE_FILES)) {
    mkdirSync(dirname(join(projectDir, path)), { recursive: true });
    writeFileSync(join(projectDir, path), text);
  }
  symlinkSync(nodeModules, join(projectDir, "node_modules"), "dir");
}
