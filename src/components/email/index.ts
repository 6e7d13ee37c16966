/**
 * The email-safe components, by the same names the web set uses (src/components/mdx),
 * plus overrides for the HTML elements Markdown produces that need email treatment.
 */
import type { MdxComponentName, MdxOverridableElement } from "../../lib/mdx-components.ts";
import Beispiel from "./Beispiel.astro";
import Checkliste from "./Checkliste.astro";
import Image from "./Image.astro";
import Pre from "./Pre.astro";
import Table from "./Table.astro";
import Tipp from "./Tipp.astro";

/** The components an author may use, in their email versions. */
export const emailComponents = { Tipp, Checkliste, Beispiel } satisfies Record<MdxComponentName, unknown>;

/** Markdown elements replaced in email: images become PNG/JPEG, tables get the data-table style, code blocks wrap. */
export const emailElements = { img: Image, table: Table, pre: Pre } satisfies Partial<Record<MdxOverridableElement, unknown>>;
