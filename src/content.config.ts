// The demo blog's collections, through the package's public exports like any blog's.
import { defineCollection } from "astro:content";
import { postSchema, postsLoader } from "rundbrief/content";

export const collections = { posts: defineCollection({ loader: postsLoader(), schema: postSchema }) };
