/**
 * The components an author may use in a post, by the name used in MDX (a blog may
 * replace each through `components` in its config). The email renderer passes a set with
 * the same names (src/components/email/index.ts).
 */
import type { MdxComponentName, MdxOverridableElement } from "../../lib/mdx-components.ts";
import Beispiel from "virtual:rundbrief/components/Beispiel";
import Checkliste from "virtual:rundbrief/components/Checkliste";
import Tipp from "virtual:rundbrief/components/Tipp";
import Link from "./Link.astro";
import { location } from "../../data/site.ts";

const authorComponents = { Tipp, Checkliste, Beispiel } satisfies Record<MdxComponentName, unknown>;

const baseAwareLinks = { a: Link } satisfies Partial<Record<MdxOverridableElement, unknown>>;

/**
 * What the post page passes to <Content>: the author's components, plus base-aware links
 * when the site lives under a base path (otherwise plain anchors are already right and
 * cost no component render).
 */
export const webComponents = location.base ? { ...authorComponents, ...baseAwareLinks } : authorComponents;
