/**
 * Page and artifact weights of a built site: what a reader downloads for one post page
 * (HTML plus CSS, gzipped, and any JavaScript), the largest newsletter email, and the
 * feed sizes. Reads only files in a dist folder.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/** What one post page costs a reader. */
export interface PostPageWeight {
  /** Site path of the page, e.g. /artikel/x/. */
  path: string;
  /** HTML (with inlined CSS) plus linked stylesheets, each gzipped at level 9, summed. */
  htmlCssGzipBytes: number;
  /** Bytes of JavaScript the page loads: inline scripts (not JSON data) and script/modulepreload files. */
  jsBytes: number;
}

/** The weights of one built site. */
export interface SiteWeights {
  /** The heaviest post page (by gzipped HTML + CSS) and how many pages were weighed. */
  heaviestPostPage: PostPageWeight | null;
  postPagesWeighed: number;
  /** The most JavaScript any post page loads (the target is 0). */
  maxPostPageJsBytes: number;
  /** The largest newsletter email (raw HTML bytes, what Gmail's 102 KB clipping counts). */
  largestEmail: { id: string; htmlBytes: number } | null;
  emails: number;
  /** Raw sizes of the feed files that exist (0 when missing). */
  feedBytes: Record<string, number>;
}

function gzipBytes(text: string | Buffer): number {
  return gzipSync(text, { level: 9 }).length;
}

function assetBytes(distDir: string, href: string): number {
  const path = join(distDir, href.split(/[?#]/)[0]!);
  return existsSync(path) ? statSync(path).size : 0;
}

/** Weighs one post page's HTML file; asset hrefs are resolved against `distDir`. */
export function weighPostPage(distDir: string, htmlFile: string, path: string): PostPageWeight {
  const html = readFileSync(htmlFile, "utf8");
  let htmlCssGzipBytes = gzipBytes(html);
  for (const [, href] of html.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)) {
    const file = join(distDir, href!.split(/[?#]/)[0]!);
    if (existsSync(file)) htmlCssGzipBytes += gzipBytes(readFileSync(file));
  }
  let jsBytes = 0;
  for (const [, attributes, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    if (/type="application\/(ld\+)?json"/.test(attributes!)) continue;
    const src = /src="([^"]+)"/.exec(attributes!);
    jsBytes += src ? assetBytes(distDir, src[1]!) : Buffer.byteLength(body!);
  }
  for (const [, href] of html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g))
    jsBytes += assetBytes(distDir, href!);
  return { path, htmlCssGzipBytes, jsBytes };
}

/** Weighs every post page under `distDir/<postsSegment>/` plus emails and feeds. */
export function weighSite(distDir: string, postsSegment: string): SiteWeights {
  const postsDir = join(distDir, postsSegment);
  const slugs = existsSync(postsDir)
    ? readdirSync(postsDir).filter((slug) => existsSync(join(postsDir, slug, "index.html")))
    : [];
  let heaviestPostPage: PostPageWeight | null = null;
  let maxPostPageJsBytes = 0;
  for (const slug of slugs) {
    const weight = weighPostPage(distDir, join(postsDir, slug, "index.html"), `/${postsSegment}/${slug}/`);
    if (!heaviestPostPage || weight.htmlCssGzipBytes > heaviestPostPage.htmlCssGzipBytes) heaviestPostPage = weight;
    maxPostPageJsBytes = Math.max(maxPostPageJsBytes, weight.jsBytes);
  }
  const newsletterDir = join(distDir, "newsletter");
  const emailFiles = existsSync(newsletterDir) ? readdirSync(newsletterDir).filter((name) => name.endsWith(".html")) : [];
  let largestEmail: SiteWeights["largestEmail"] = null;
  for (const name of emailFiles) {
    const htmlBytes = statSync(join(newsletterDir, name)).size;
    if (!largestEmail || htmlBytes > largestEmail.htmlBytes) largestEmail = { id: name.replace(/\.html$/, ""), htmlBytes };
  }
  const feedBytes: Record<string, number> = {};
  for (const feed of ["rss.xml", "atom.xml", "feed.json"]) {
    const file = join(distDir, feed);
    feedBytes[feed] = existsSync(file) ? statSync(file).size : 0;
  }
  return {
    heaviestPostPage,
    postPagesWeighed: slugs.length,
    maxPostPageJsBytes,
    largestEmail,
    emails: emailFiles.length,
    feedBytes,
  };
}
