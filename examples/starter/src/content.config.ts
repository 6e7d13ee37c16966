import { defineCollection } from "astro:content";
import { editionSchema, editionsLoader, postSchema, postsLoader } from "rundbrief/content";

export const collections = {
  posts: defineCollection({ loader: postsLoader(), schema: postSchema }),
  editions: defineCollection({ loader: editionsLoader(), schema: editionSchema }),
};
