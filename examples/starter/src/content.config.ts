import { defineCollection } from "astro:content";
import { postSchema, postsLoader } from "rundbrief/content";

export const collections = { posts: defineCollection({ loader: postsLoader(), schema: postSchema }) };
