import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { staticFilePath } from "./static-files.ts";

const root = mkdtempSync(join(tmpdir(), "static-files-"));
mkdirSync(join(root, "artikel/übersicht"), { recursive: true });
writeFileSync(join(root, "index.html"), "home");
writeFileSync(join(root, "rss.xml"), "feed");
writeFileSync(join(root, "artikel/übersicht/index.html"), "post");
const secret = mkdtempSync(join(tmpdir(), "static-files-outside-"));
writeFileSync(join(secret, "geheim.txt"), "x");

describe("staticFilePath", () => {
  it.each([
    ["/", join(root, "index.html")],
    ["/rss.xml", join(root, "rss.xml")],
    ["/artikel/%C3%BCbersicht/", join(root, "artikel/übersicht/index.html")],
    ["/artikel/%C3%BCbersicht", join(root, "artikel/übersicht/index.html")],
    ["/rss.xml?utm_source=x#top", join(root, "rss.xml")],
  ])("finds %s", (path, file) => {
    expect(staticFilePath(root, path)).toBe(file);
  });

  it.each([
    ["a missing page", "/gibt-es-nicht/"],
    ["a file addressed as a folder", "/rss.xml/"],
    ["a folder without index.html", "/artikel/"],
    ["a way out of the folder", `/../${secret.split("/").pop()}/geheim.txt`],
    ["an encoded way out", `/%2e%2e/${secret.split("/").pop()}/geheim.txt`],
    ["broken percent-encoding", "/%E0%A4%A"],
  ])("refuses %s", (_label, path) => {
    expect(staticFilePath(root, path)).toBeNull();
  });
});
