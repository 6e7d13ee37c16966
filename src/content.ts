/**
 * What a blog's `src/content.config.ts` uses: `postsLoader()` reads content/posts/*.mdx
 * with the file name as the permanent id, and `postSchema` is the frontmatter contract
 * (extendable: `postSchema.extend({ rating: z.number() })`).
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import type { Loader } from "astro/loaders";
import { glob, type ParseDataOptions } from "astro/loaders";
import type { SchemaContext } from "astro:content";
import type { z } from "astro/zod";
import { siteConfig } from "./data/config.ts";
import { fileNameProblem, postIdOf, rawDateFields } from "./lib/frontmatter.ts";
import { heroImageProblem } from "./lib/post-checks.ts";
import { makePostSchema } from "./lib/post-schema.ts";
import { slugify } from "./lib/slug.ts";

/**
 * Posts: one MDX file per article in the config's `postsDir`; the file name is the
 * permanent id. The date fields are taken from the raw file so they reach the schema as
 * written (src/lib/frontmatter.ts); everything else is Astro's glob loader.
 * RUNDBRIEF_CONTENT_DIR points it elsewhere (tests, benchmarks), as it does the CLI.
 */
export function postsLoader(): Loader {
  const files = glob({
    pattern: "*.mdx",
    base: process.env.RUNDBRIEF_CONTENT_DIR || siteConfig.postsDir,
    generateId: ({ entry }) => {
      const problem = fileNameProblem(entry, slugify(postIdOf(entry)));
      if (problem) throw new Error(problem);
      return postIdOf(entry);
    },
  });
  return {
    name: "rundbrief-posts",
    load: (context) =>
      files.load({
        ...context,
        parseData: <TData extends Record<string, unknown>>(props: ParseDataOptions<TData>) => {
          if (!props.filePath) return context.parseData<TData>(props);
          const source = readFileSync(props.filePath, "utf8");
          // Before Astro resolves the image: its ImageNotFound names neither post nor line.
          const hero = heroImageProblem(relative(process.cwd(), props.filePath), props.filePath, source, props.data.heroImage);
          if (hero) throw new Error(hero);
          return context.parseData<TData>({ ...props, data: { ...props.data, ...rawDateFields(source) } });
        },
      }),
  };
}

function schemaWith<Extra extends z.ZodRawShape = Record<never, never>>(extra?: Extra) {
  return ({ image }: SchemaContext) => makePostSchema(image(), siteConfig.timeZone, extra);
}

/**
 * The posts' frontmatter schema for `defineCollection({ schema: postSchema })`; a blog
 * adds its own fields with `postSchema.extend({ … })`.
 */
export const postSchema = Object.assign(schemaWith(), {
  /** The same schema with a blog's own fields added (zod types from `astro/zod`). */
  extend: <Extra extends z.ZodRawShape>(extra: Extra) => schemaWith(extra),
});
