/**
 * What a blog's `src/content.config.ts` uses: `postsLoader()` reads content/posts/*.mdx
 * with the file name as the permanent id, and `postSchema` is the frontmatter contract
 * (extendable: `postSchema.extend({ rating: z.number() })`); `editionsLoader()` and
 * `editionSchema` do the same for the newsletter editions in content/editions/*.mdx.
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { pathToFileURL } from "node:url";
import type { Loader, LoaderContext } from "astro/loaders";
import { glob, type ParseDataOptions } from "astro/loaders";
import type { SchemaContext } from "astro:content";
import type { z } from "astro/zod";
import { editionsDir } from "virtual:rundbrief/config";
import { siteConfig } from "./data/config.ts";
import { EDITION_DATE_FIELDS, makeEditionSchema } from "./lib/edition-schema.ts";
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

/** What Astro's glob loader says about a folder with nothing in it: for editions the usual case. */
const NOTHING_THERE = [/^The base directory .* does not exist\.$/, /^No files found matching /];

/**
 * Editions: one MDX file per newsletter issue in the config's `editionsDir` (or
 * RUNDBRIEF_EDITIONS_DIR, src/lib/editions-dir.ts); the file name is the permanent id, by
 * the posts' rule. A blog without the folder has no editions, and hears nothing about
 * it; `sendAt` reaches the schema as written, like a post's dates.
 */
export function editionsLoader(): Loader {
  if (editionsDir === null) return { name: "rundbrief-editions", load: async ({ store }) => store.clear() };
  const files = glob({
    pattern: "*.mdx",
    base: pathToFileURL(`${editionsDir}/`),
    generateId: ({ entry }) => {
      const problem = fileNameProblem(entry, slugify(postIdOf(entry)), "der Ausgabe");
      if (problem) throw new Error(problem);
      return postIdOf(entry);
    },
  });
  return {
    name: "rundbrief-editions",
    load: (context) => {
      const logger = Object.create(context.logger) as LoaderContext["logger"];
      logger.warn = (message) => {
        if (!NOTHING_THERE.some((pattern) => pattern.test(message))) context.logger.warn(message);
      };
      return files.load({
        ...context,
        logger,
        parseData: <TData extends Record<string, unknown>>(props: ParseDataOptions<TData>) => {
          if (!props.filePath) return context.parseData<TData>(props);
          const source = readFileSync(props.filePath, "utf8");
          return context.parseData<TData>({ ...props, data: { ...props.data, ...rawDateFields(source, EDITION_DATE_FIELDS) } });
        },
      });
    },
  };
}

/** The editions' frontmatter schema for `defineCollection({ schema: editionSchema })`, in the site's time zone. */
export const editionSchema = makeEditionSchema(siteConfig.timeZone);
