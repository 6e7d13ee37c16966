import { describe, expect, it } from "vitest";
import {
  astroCspConfig,
  headersBlock,
  headersForPath,
  mergeHeadersFile,
  parseHeadersFile,
  policyDirectives,
  repeatedCspDirectives,
  type PolicyInput,
} from "./security-headers.ts";

const input: PolicyInput = { siteUrl: "https://example.de/", subscribeUrl: "/api/subscribe", imageHosts: [] };

describe("security policy", () => {
  it("limits everything to the site, allows the form's own origin and the configured image hosts", () => {
    expect(policyDirectives(input)).toEqual([
      "default-src 'self'",
      "img-src 'self' data: https://example.de",
      "form-action 'self'",
      "base-uri 'self'",
      "object-src 'none'",
      "frame-src 'none'",
    ]);
    const elsewhere = policyDirectives({
      ...input,
      subscribeUrl: "https://anmeldung.example.net/api/subscribe",
      imageHosts: ["bilder.example.de"],
    });
    expect(elsewhere).toContain("form-action 'self' https://anmeldung.example.net");
    expect(elsewhere).toContain("img-src 'self' data: https://example.de https://bilder.example.de");
  });

  it("lets Astro hash inline styles and scripts, and allows only style attributes inline", () => {
    const csp = astroCspConfig(input);
    expect(csp.scriptDirective.resources).toEqual(["'self'"]);
    expect(csp.styleDirective.resources).toEqual(["'self'", { resource: "'unsafe-inline'", kind: "attribute" }]);
  });

  it("writes a _headers block that a host and our own server read back the same", () => {
    const rules = parseHeadersFile(headersBlock(input));
    const headers = headersForPath(rules, "/artikel/x/");
    expect(headers["content-security-policy"]).toBe(
      "frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'",
    );
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["x-frame-options"]).toBe("DENY");
    // No default-src in the header: it would block the pages' inline CSS, which only the meta's hashes allow.
    expect(headers["content-security-policy"]).not.toContain("default-src");
  });

  it("keeps a blog's own _headers rules and replaces its own block on a rebuild", () => {
    const own = "/feeds/*\n  Cache-Control: max-age=300\n";
    const once = mergeHeadersFile(own, headersBlock(input));
    const twice = mergeHeadersFile(once, headersBlock(input));
    expect(twice).toBe(once);
    const rules = parseHeadersFile(twice);
    expect(headersForPath(rules, "/feeds/rss.xml")).toMatchObject({ "cache-control": "max-age=300", "x-frame-options": "DENY" });
    expect(headersForPath(rules, "/")["cache-control"]).toBeUndefined();
  });
});

describe("repeatedCspDirectives", () => {
  const input = { siteUrl: "https://blog.example.de/", subscribeUrl: "/api/subscribe", imageHosts: [] };
  it("names a blog's own directive that repeats one Rundbrief writes, and says where to add the source", () => {
    const problems = repeatedCspDirectives(["img-src https://cdn.example.de", "connect-src https://stats.example.de"], input);
    expect(problems).toEqual([expect.stringContaining("„img-src https://cdn.example.de“")]);
    expect(problems[0]).toContain("imageHosts");
    expect(repeatedCspDirectives(["  object-src 'self'"], input)[0]).toContain("„object-src“ dort entfernen");
    expect(repeatedCspDirectives(undefined, input)).toEqual([]);
  });
});
