import { readFileSync } from "node:fs";
import { defineCollection } from "astro:content";
import { glob, type ParseDataOptions } from "astro/loaders";
import { makePostSchema } from "./lib/post-schema.ts";
import { fileNameProblem, rawDateFields } from "./lib/frontmatter.ts";
import { slugify } from "./lib/slug.ts";

const postFiles = glob({
  pattern: "*.mdx",
  base: process.env.RUNDBRIEF_CONTENT_DIR || "./content/posts",
  generateId: ({ entry }) => {
    const problem = fileNameProblem(entry, slugify(entry.replace(/\.mdx$/, "")));
    if (problem) throw new Error(problem);
    return entry.replace(/\.mdx$/, "");
  },
});

/**
 * Posts: one MDX file per article in content/posts; the file name is the permanent id.
 * The date fields are taken from the raw file so they reach the schema as written (see
 * src/lib/frontmatter.ts); everything else is Astro's glob loader.
 */
const posts = defineCollection({
  loader: {
    name: "rundbrief-posts",
    load: (context) =>
      postFiles.load({
        ...context,
        parseData: <TData extends Record<string, unknown>>(props: ParseDataOptions<TData>) =>
          context.parseData<TData>({
            ...props,
            data: props.filePath ? { ...props.data, ...rawDateFields(readFileSync(props.filePath, "utf8")) } : props.data,
          }),
      }),
  },
  schema: ({ image }) => makePostSchema(image()),
});

export const collections = { posts };
