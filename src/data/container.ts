/** One Astro Container per build, with the MDX renderer: feeds and emails render posts with it. */
import { experimental_AstroContainer as AstroContainer } from "astro/container";
import { loadRenderers } from "astro:container";
import { getContainerRenderer } from "@astrojs/mdx/container-renderer";

let container: Promise<AstroContainer> | undefined;

/** The shared container, created on first use. */
export function getContainer(): Promise<AstroContainer> {
  container ??= loadRenderers([getContainerRenderer()]).then((renderers) => AstroContainer.create({ renderers }));
  return container;
}
