import { describe, expect, it } from "vitest";
import { relatedPosts } from "./related.ts";

const post = (id: string, tags: string[], day: number) => ({ id, data: { tags, pubDate: new Date(Date.UTC(2026, 0, day)) } });

describe("relatedPosts", () => {
  const posts = [
    post("vertrag", ["Verträge", "Kommunikation", "Preise"], 10),
    post("preise", ["Preise", "Verträge"], 5),
    post("mails", ["Kommunikation"], 20),
    post("wochenbericht", ["Kommunikation", "Berichte"], 15),
    post("alt", ["Verträge"], 1),
    post("ohne", [], 30),
  ];
  const related = relatedPosts(posts);
  const ids = (id: string) => related.get(id)!.map((p) => p.id);

  it("ranks by shared tags first, then the newest", () => {
    expect(ids("vertrag")).toEqual(["preise", "mails", "wochenbericht"]);
    expect(ids("preise")).toEqual(["vertrag", "alt"]);
  });

  it("never lists the post itself, and lists nothing for a post without shared tags", () => {
    expect(ids("mails")).not.toContain("mails");
    expect(ids("ohne")).toEqual([]);
  });

  it("keeps at most `limit`, and does not depend on the collection's order", () => {
    expect(
      relatedPosts(posts, 1)
        .get("vertrag")!
        .map((p) => p.id),
    ).toEqual(["preise"]);
    const reversed = relatedPosts([...posts].reverse());
    for (const p of posts) expect(reversed.get(p.id)!.map((r) => r.id)).toEqual(ids(p.id));
  });

  it("breaks a tie of tags and date by id", () => {
    const tied = relatedPosts([post("a", ["x"], 1), post("c", ["x"], 2), post("b", ["x"], 2)]);
    expect(tied.get("a")!.map((p) => p.id)).toEqual(["b", "c"]);
  });
});
