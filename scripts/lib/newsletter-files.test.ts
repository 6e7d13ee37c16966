import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { daysAgo, writeManifestFixture } from "../../tests/fixtures/manifest/builders.ts";
import { BuildOutputError, loadCampaignEmail, readManifestFile } from "./newsletter-files.ts";

function fixture() {
  const dir = mkdtempSync(join(tmpdir(), "newsletter-files-"));
  const path = writeManifestFixture(dir, [{ id: "eins", publishedAt: daysAgo(1) }]);
  return { dir, path };
}

describe("readManifestFile", () => {
  it("reads a manifest the build wrote", () => {
    expect(readManifestFile(fixture().path).campaigns.map((p) => p.id)).toEqual(["eins"]);
  });

  it.each([
    ["a missing file", (dir: string) => join(dir, "fehlt.json"), "Bitte zuerst `rundbrief build` ausführen"],
    [
      "broken JSON",
      (dir: string) => {
        writeFileSync(join(dir, "kaputt.json"), "{");
        return join(dir, "kaputt.json");
      },
      "ist kein gültiges JSON",
    ],
    [
      "a wrong shape",
      (dir: string) => {
        writeFileSync(join(dir, "alt.json"), JSON.stringify({ version: 0 }));
        return join(dir, "alt.json");
      },
      "passt nicht zum erwarteten Format",
    ],
  ])("explains %s", (_case, prepare, message) => {
    const path = prepare(fixture().dir);
    expect(() => readManifestFile(path)).toThrow(BuildOutputError);
    expect(() => readManifestFile(path)).toThrow(message);
  });
});

describe("loadCampaignEmail", () => {
  it("returns the email files when their hash matches the manifest", () => {
    const { path } = fixture();
    const post = readManifestFile(path).campaigns[0]!;
    expect(loadCampaignEmail(path, post)).toEqual({
      html: expect.stringContaining("Titel eins"),
      text: expect.stringContaining("Titel eins"),
      sha256: post.sha256,
    });
  });

  it("refuses an HTML file from another build", () => {
    const { dir, path } = fixture();
    const post = readManifestFile(path).campaigns[0]!;
    writeFileSync(join(dir, "eins.html"), "<p>anders</p>");
    expect(() => loadCampaignEmail(path, post)).toThrow(
      /eins\.html passt nicht zum Manifest .* bitte `npm run build` erneut ausführen/,
    );
  });

  it("names the missing file", () => {
    const { path } = fixture();
    const post = { ...readManifestFile(path).campaigns[0]!, text: "weg.txt" };
    expect(() => loadCampaignEmail(path, post)).toThrow(/weg\.txt fehlt \(Kampagne „post:eins“\)/);
  });
});
