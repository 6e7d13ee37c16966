import { describe, expect, it } from "vitest";
import { neutralizeMergeTags } from "./merge-tags.ts";

describe("neutralizeMergeTags", () => {
  it.each([
    "{{{contact.first_name}}}",
    "{{{RESEND_UNSUBSCRIBE_URL}}}",
    "Hallo {{contact.first_name}}!",
    "<code>{{{ contact.email }}}</code>",
    "{{{{verschachtelt}}}}",
  ])("leaves no brace pair in %j and reads the same without the word joiners", (text) => {
    const neutral = neutralizeMergeTags(text);
    expect(neutral).not.toMatch(/\{\{|\}\}/);
    expect(neutral.replaceAll("\u2060", "")).toBe(text);
  });

  it("keeps single braces and other text unchanged", () => {
    expect(neutralizeMergeTags("const a = { b: 1 };")).toBe("const a = { b: 1 };");
  });
});
