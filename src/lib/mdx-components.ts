/** The names of the components an author may use in MDX; web and email sets must provide each. */
export const MDX_COMPONENT_NAMES = ["Tipp", "Checkliste", "Beispiel"] as const;

export type MdxComponentName = (typeof MDX_COMPONENT_NAMES)[number];

/**
 * The HTML elements Markdown produces that a component set may replace (web: links under
 * a base path; email: images, tables, code blocks). MDX compiles every other static part
 * of a post to one HTML string (`optimize` in astro.config.mjs), which keeps the bundled
 * post modules small; these elements stay replaceable. A set that overrides an element
 * not listed here fails to type-check.
 */
export const MDX_OVERRIDABLE_ELEMENTS = ["a", "img", "table", "pre"] as const;

export type MdxOverridableElement = (typeof MDX_OVERRIDABLE_ELEMENTS)[number];
