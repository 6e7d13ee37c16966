/** Reading a built dist/ folder: files, internal links and what they point to. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** Every file below `dir`, as paths relative to it with forward slashes. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string) => {
    for (const name of readdirSync(current)) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path).split("\\").join("/"));
    }
  };
  walk(dir);
  return out.sort();
}

/** Reads a file of dist as text. */
export function readDist(dir: string, file: string): string {
  return readFileSync(join(dir, file), "utf8");
}

/** href and src values of an HTML document (srcset candidates included). */
export function linksIn(html: string): string[] {
  const links = [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));
  const srcsets = [...html.matchAll(/\ssrcset="([^"]*)"/g)].flatMap((m) =>
    m[1]!.split(",").map((c) => c.trim().split(/\s+/)[0]!),
  );
  return [...links, ...srcsets];
}
