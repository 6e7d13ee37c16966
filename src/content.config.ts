import { defineCollection } from "astro:content";
import { glob } from "astro/loaders";
import { makePostSchema } from "./lib/post-schema.ts";

/** Posts: one MDX file per article in content/posts; the file name is the permanent id. */
const posts = defineCollection({
  loader: glob({
    pattern: "*.mdx",
    base: process.env.RUNDBRIEF_CONTENT_DIR || "./content/posts",
    generateId: ({ entry }) => entry.replace(/\.mdx$/, ""),
  }),
  schema: ({ image }) => makePostSchema(image()),
});

export const collections = { posts };
