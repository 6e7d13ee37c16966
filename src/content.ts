/**
 * What a blog's `src/content.config.ts` uses: `postsLoader()` reads content/posts/*.mdx
 * with the file name as the permanent id, and `postSchema` is the frontmatter contract
 * (extendable: `postSchema.extend({ rating: z.number() })`).
 */
import { readFileSync } from "node:fs";
import type { Loader } from "astro/loaders";
import { glob, type ParseDataOptions } from "astro/loaders";
import type { SchemaContext } from "astro:content";
import type { z } from "astro/zod";
import { siteConfig } from "./data/config.ts";
import { fileNameProblem, rawDateFields } from "./lib/frontmatter.ts";
import { makePostSchema } from "./lib/post-schema.ts";
import { slugify } from "./lib/slug.ts";

/** Where posts live unless the loader is told otherwise. */
export const DEFAULT_POSTS_DIR = "./content/posts";

/** Options of postsLoader. */
export interface PostsLoaderOptions {
  /** The folder of the posts, relative to the project (default ./content/posts). */
  base?: string;
}

/**
 * Posts: one MDX file per article; the file name is the permanent id. The date fields are
 * taken from the raw file so they reach the schema as written (src/lib/frontmatter.ts);
 * everything else is Astro's glob loader. RUNDBRIEF_CONTENT_DIR points it elsewhere
 * (tests, benchmarks).
 */
export function postsLoader(options: PostsLoaderOptions = {}): Loader {
  const files = glob({
    pattern: "*.mdx",
    base: process.env.RUNDBRIEF_CONTENT_DIR || options.base || DEFAULT_POSTS_DIR,
    generateId: ({ entry }) => {
      const problem = fileNameProblem(entry, slugify(entry.replace(/\.mdx$/, "")));
      if (problem) throw new Error(problem);
      return entry.replace(/\.mdx$/, "");
    },
  });
  return {
    name: "rundbrief-posts",
    load: (context) =>
      files.load({
        ...context,
        parseData: <TData extends Record<string, unknown>>(props: ParseDataOptions<TData>) =>
          context.parseData<TData>({
            ...props,
            data: props.filePath ? { ...props.data, ...rawDateFields(readFileSync(props.filePath, "utf8")) } : props.data,
          }),
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
