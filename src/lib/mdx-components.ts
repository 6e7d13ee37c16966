/** The names of the components an author may use in MDX; web and email sets must provide each. */
export const MDX_COMPONENT_NAMES = ["Tipp", "Checkliste", "Beispiel"] as const;

export type MdxComponentName = (typeof MDX_COMPONENT_NAMES)[number];
