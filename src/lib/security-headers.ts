/**
 * The blog's security policy, in the two places a static site can carry one:
 *
 * - a Content-Security-Policy `<meta>` in every page, written by Astro's own CSP support
 *   (`security.csp`), which hashes the inline `<style>` and `<script>` it renders. This
 *   is all GitHub Pages can have, since it sets no headers.
 * - a `_headers` file for Cloudflare Pages and Netlify (and `rundbrief subscribe-serve`),
 *   with what a `<meta>` cannot say: `frame-ancestors 'none'` (browsers ignore it in a
 *   meta tag), `nosniff`, a Referrer-Policy, and the limits that need no per-page hashes
 *   (base, plugins, form target), so files that are not pages are covered too.
 *
 * Style attributes (Shiki's code highlighting writes `style="color:…"`) are allowed with
 * `style-src-attr 'unsafe-inline'`; `<style>` elements and all scripts stay hash-only.
 * An attribute cannot load anything or run code, so this keeps the protection that
 * matters. A blog adds sources (an analytics script, say) through Astro's own
 * `security.csp` in astro.config.mjs, which Astro merges with these.
 */

/** What the policy depends on: the site's address, the form's target, allowed image hosts. */
export interface PolicyInput {
  /** The site's URL, e.g. https://example.de/blog/. */
  siteUrl: string;
  /** Where the subscribe form posts: a path on the site or an absolute URL. */
  subscribeUrl: string;
  /** Hosts images may come from besides the site (config `imageHosts`). */
  imageHosts: readonly string[];
}

/** The origin of an absolute http(s) URL, or null for a path on the site. */
function externalOrigin(url: string): string | null {
  if (!/^https?:\/\//i.test(url)) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** The directives this policy sets, in the form Astro's config types ask for. */
type Directive =
  `${"default-src" | "img-src" | "form-action" | "base-uri" | "object-src" | "frame-src" | "frame-ancestors"} ${string}`;

/** Directives besides script-src and style-src (which Astro writes with its hashes). */
export function policyDirectives(input: PolicyInput): Directive[] {
  const form = externalOrigin(input.subscribeUrl);
  // The site's own origin too: an absolute link to its own image must load on a preview's origin.
  const images = [new URL(input.siteUrl).origin, ...input.imageHosts.map((host) => `https://${host}`)];
  return [
    "default-src 'self'",
    `img-src 'self' data:${images.map((image) => ` ${image}`).join("")}`,
    `form-action 'self'${form ? ` ${form}` : ""}`,
    "base-uri 'self'",
    "object-src 'none'",
    "frame-src 'none'",
  ];
}

/** The header policy: framing, base, plugins and the form's target. */
function headerDirectives(input: PolicyInput): Directive[] {
  return [
    "frame-ancestors 'none'",
    ...policyDirectives(input).filter((directive) => /^(?:base-uri|object-src|form-action) /.test(directive)),
  ];
}

/** Where a blog adds sources to a directive Rundbrief writes itself, instead of a second one. */
const OWN_DIRECTIVE_ADVICE: Record<string, string> = {
  "img-src": "weitere Bildserver in rundbrief.config.ts unter imageHosts eintragen",
  "form-action": "das Ziel des Anmeldeformulars in rundbrief.config.ts unter newsletter.subscribeUrl angeben",
};

/**
 * A blog's own `security.csp.directives` (astro.config.mjs) that repeat one Rundbrief
 * writes: Astro adds both, and browsers obey only the first of two directives with the
 * same name, so the blog's would silently replace Rundbrief's. One German message each.
 */
export function repeatedCspDirectives(own: unknown, input: PolicyInput): string[] {
  if (!Array.isArray(own)) return [];
  const ours = new Set(policyDirectives(input).map((directive) => directive.split(" ")[0]));
  return own
    .filter((directive): directive is string => typeof directive === "string")
    .filter((directive) => ours.has(directive.trim().split(/\s+/)[0]))
    .map((directive) => {
      const name = directive.trim().split(/\s+/)[0]!;
      const advice = OWN_DIRECTIVE_ADVICE[name] ?? `„${name}“ dort entfernen (Rundbrief setzt es selbst)`;
      return `astro.config.mjs: security.csp.directives enthält „${directive.trim()}“, aber „${name}“ setzt Rundbrief schon; zwei davon befolgen Browser nicht (nur das erste gilt). Stattdessen ${advice}.`;
    });
}

/** Astro's `security.csp` setting for the policy. */
export function astroCspConfig(input: PolicyInput) {
  return {
    algorithm: "SHA-256" as const,
    directives: policyDirectives(input),
    scriptDirective: { resources: ["'self'"] },
    styleDirective: { resources: ["'self'", { resource: "'unsafe-inline'", kind: "attribute" as const }] },
  };
}

/** The headers every file of the site gets from a host that reads `_headers`. */
export function securityHeaders(input: PolicyInput): Array<[string, string]> {
  return [
    // A page obeys both its meta policy and this one. Script, style and other sources stay
    // with the meta policy alone (its hashes differ per page; a default-src here would
    // block the inline CSS), so this one says only what needs no hashes.
    ["Content-Security-Policy", headerDirectives(input).join("; ")],
    ["X-Frame-Options", "DENY"],
    ["X-Content-Type-Options", "nosniff"],
    ["Referrer-Policy", "strict-origin-when-cross-origin"],
    ["Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"],
  ];
}

/** Marks the block Rundbrief writes, so a rebuild replaces it and leaves a blog's own rules alone. */
export const HEADERS_BLOCK_START = "# rundbrief: security headers (generated at build; edit rundbrief.config.ts instead)";
export const HEADERS_BLOCK_END = "# rundbrief: end";

/** The `_headers` block for every path of the site. */
export function headersBlock(input: PolicyInput): string {
  const lines = securityHeaders(input).map(([name, value]) => `  ${name}: ${value}`);
  return [HEADERS_BLOCK_START, "/*", ...lines, HEADERS_BLOCK_END, ""].join("\n");
}

/** A blog's own `_headers` (from public/) with Rundbrief's block added after it, or replaced. */
export function mergeHeadersFile(existing: string | null, block: string): string {
  if (!existing) return block;
  const start = existing.indexOf(HEADERS_BLOCK_START);
  const end = existing.indexOf(HEADERS_BLOCK_END);
  const own =
    start === -1 || end < start ? existing : existing.slice(0, start) + existing.slice(end + HEADERS_BLOCK_END.length + 1);
  return `${own.trimEnd()}\n\n${block}`;
}

/** One rule of a `_headers` file: a path pattern (`*` matches anything) and its headers. */
export interface HeaderRule {
  pattern: RegExp;
  headers: Array<[string, string]>;
}

/** Reads a `_headers` file the way Cloudflare Pages and Netlify do (a path, then indented `Name: value` lines). */
export function parseHeadersFile(text: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === "" || line.trim().startsWith("#")) continue;
    if (!/^\s/.test(line)) {
      const source = line
        .trim()
        .replace(/[.+?^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, ".*");
      rules.push({ pattern: new RegExp(`^${source}$`), headers: [] });
      continue;
    }
    const colon = line.indexOf(":");
    const rule = rules.at(-1);
    if (rule && colon > 0) rule.headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return rules;
}

/** The headers a path gets from the rules; several matching rules all apply. */
export function headersForPath(rules: readonly HeaderRule[], path: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const rule of rules) {
    if (!rule.pattern.test(path)) continue;
    for (const [name, value] of rule.headers) headers[name.toLowerCase()] = value;
  }
  return headers;
}
