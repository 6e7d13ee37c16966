/**
 * Vite plugin for the build: before MDX is compiled, fails on the problems lintMdxFile
 * finds, naming the file and line, so a post never silently loses a component in the
 * page or the email and never imports one the email renderer could not swap.
 */
import { relative } from "node:path";
import type { ImageHosts } from "../lib/content-policy.ts";
import { lintMdxFile, type MailingWindow } from "../lib/mdx-lint.ts";

/** The plugin; runs on every .mdx module. */
export function checkMdxPlugin(hosts: ImageHosts, mailing: MailingWindow) {
  return {
    name: "rundbrief:check-mdx",
    enforce: "pre" as const,
    transform(code: string, id: string) {
      const file = id.split("?")[0] ?? id;
      if (!file.endsWith(".mdx")) return null;
      const problems = lintMdxFile(relative(process.cwd(), file), code, hosts, mailing);
      if (problems.length > 0) throw new Error(`Ungültiges MDX:\n${problems.join("\n")}`);
      return null;
    },
  };
}
