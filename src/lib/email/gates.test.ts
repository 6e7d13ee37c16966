import { describe, expect, it } from "vitest";
import type { Imprint } from "../../config.ts";
import {
  checkContentPolicy,
  checkClientSupport,
  checkEmail,
  checkImages,
  checkImprint,
  checkSize,
  checkUnsubscribe,
  checkUrls,
  CLIP_BYTES,
  urlProblem,
  WARN_BYTES,
} from "./gates.ts";
import { UNSUBSCRIBE_PLACEHOLDER } from "../absolute-urls.ts";

const anImprint = (overrides: Partial<Imprint> = {}): Imprint => ({
  name: "Muster Beratung GmbH",
  address: ["Hauptstraße 5", "10115 Berlin"],
  email: "kontakt@example.de",
  ...overrides,
});

const anEmail = ({ body = "<p>Hallo</p>", footer }: { body?: string; footer?: string } = {}): string =>
  `<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>T</title></head><body>` +
  `<table role="presentation" width="100%"><tr><td>${body}</td></tr><tr><td>` +
  (footer ??
    `<p><a href="${UNSUBSCRIBE_PLACEHOLDER}">Abbestellen</a></p><p>Muster Beratung GmbH<br>Hauptstraße 5<br>10115 Berlin<br><a href="mailto:kontakt@example.de">kontakt@example.de</a></p>`) +
  `</td></tr></table></body></html>`;

const padded = (bytes: number) => anEmail({ body: `<p>${"x".repeat(bytes - anEmail({ body: "<p></p>" }).length)}</p>` });

describe("checkSize", () => {
  it("passes a small email", () => {
    expect(checkSize(anEmail())).toEqual({ errors: [], warnings: [] });
  });

  it("warns above the warning threshold", () => {
    const report = checkSize(padded(WARN_BYTES + 1000));
    expect(report.errors).toEqual([]);
    expect(report.warnings[0]).toMatch(/81\.0 KB.*Warnschwelle 80 KB/);
  });

  it("fails above Gmail's clipping size and says what to do", () => {
    const report = checkSize(padded(CLIP_BYTES + 1));
    expect(report.errors[0]).toMatch(/Gmail kürzt ab 102 KB.*kürzen oder teilen/);
  });
});

describe("urlProblem", () => {
  it.each(["https://blog.example.de/x/", "mailto:a@example.de", "tel:+49301234"])("accepts %s", (url) => {
    expect(urlProblem(url)).toBeUndefined();
  });

  it.each([
    ["/impressum/", /relativ/],
    ["../x/", /relativ/],
    ["#oben", /relativ/],
    ["http://blog.example.de/x/", /http statt https/],
    ["https://localhost:4321/x/", /lokalen Rechner/],
    ["https://127.0.0.1/x/", /lokalen Rechner/],
    ["https://drucker.local/", /lokalen Rechner/],
    ["javascript:alert(1)", /„javascript:“/],
    ["ftp://example.org/datei", /„ftp:“/],
  ])("rejects %s", (url, reason) => {
    expect(urlProblem(url)).toMatch(reason);
  });
});

describe("checkUrls", () => {
  it("passes absolute https links, mailto and the unsubscribe placeholder", () => {
    expect(
      checkUrls(
        anEmail({
          body: `<a href="https://blog.example.de/">Start</a><img src="https://blog.example.de/a.png" alt="A" width="10">`,
        }),
      ).errors,
    ).toEqual([]);
  });

  it.each([
    [`<a href="/impressum/">Impressum</a>`, /„\/impressum\/“ \(a href\) ist relativ/],
    [
      `<img src="http://blog.example.de/a.png" alt="A" width="10">`,
      /„http:\/\/blog\.example\.de\/a\.png“ \(img src\) nutzt http/,
    ],
    [`<img src="https://blog.example.de/a.png" srcset="a2.png 2x" alt="A" width="10">`, /„a2\.png“ \(img srcset\) ist relativ/],
    [`<td style="background-image: url('/bg.png')">x</td>`, /„\/bg\.png“ \(CSS url\(\)\) ist relativ/],
    [`<img src="${UNSUBSCRIBE_PLACEHOLDER}" alt="A" width="10">`, /\(img src\) ist relativ/],
  ])("fails %s", (body, message) => {
    expect(checkUrls(anEmail({ body })).errors.join("\n")).toMatch(message);
  });
});

describe("checkImages", () => {
  it("passes PNG and JPEG with alt and width", () => {
    const body = `<img src="https://b.de/a.png" alt="A" width="552"><img src="https://b.de/b.jpeg" alt="B" width="100">`;
    expect(checkImages(anEmail({ body })).errors).toEqual([]);
  });

  it.each([
    [`<img src="https://b.de/a.png" width="552">`, /keinen Alternativtext/],
    [`<img src="https://b.de/a.png" alt=" " width="552">`, /keinen Alternativtext/],
    [`<img src="https://b.de/a.png" alt="A">`, /kein width-Attribut/],
    [`<img src="https://b.de/a.png" alt="A" width="100%">`, /kein width-Attribut/],
    [`<img src="https://b.de/a.webp" alt="A" width="552">`, /\(webp\) ist kein PNG oder JPEG/],
    [`<img src="https://b.de/a.avif" alt="A" width="552">`, /\(avif\) ist kein PNG oder JPEG/],
    [`<img src="https://b.de/logo.svg" alt="A" width="552">`, /\(svg\) ist kein PNG oder JPEG/],
    [`<img src="data:image/png;base64,AAAA" alt="A" width="552">`, /data:-URL/],
  ])("fails %s", (body, message) => {
    expect(checkImages(anEmail({ body })).errors.join("\n")).toMatch(message);
  });
});

describe("checkUnsubscribe", () => {
  it("passes when a link carries the placeholder", () => {
    expect(checkUnsubscribe(anEmail()).errors).toEqual([]);
  });

  it("fails without it and names the template to fix", () => {
    expect(checkUnsubscribe(anEmail({ footer: "<p>Tschüss</p>" })).errors[0]).toMatch(/Kein Abmeldelink.*template\.ts/);
  });
});

describe("checkImprint", () => {
  it("passes when name, address and email appear", () => {
    expect(checkImprint(anEmail(), anImprint()).errors).toEqual([]);
  });

  it("fails when the footer lacks a line of the imprint", () => {
    const footer = `<p><a href="${UNSUBSCRIBE_PLACEHOLDER}">Abbestellen</a></p><p>Muster Beratung GmbH</p>`;
    expect(checkImprint(anEmail({ footer }), anImprint()).errors[0]).toMatch(/Impressum fehlt.*„Hauptstraße 5“/);
  });

  it.each([{ name: " " }, { address: [] }, { email: "" }])("fails an incomplete config %o", (overrides) => {
    expect(checkImprint(anEmail(), anImprint(overrides)).errors[0]).toMatch(/Impressum unvollständig.*rundbrief\.config\.ts/);
  });
});

describe("checkClientSupport", () => {
  const clients = ["gmail.*", "outlook.*", "apple-mail.*"] as const;
  const documentLevel = ["<body> element", "role attribute"];

  it("passes plain inline-styled tables", () => {
    const html = anEmail({ body: `<p style="margin: 0 0 16px; color: #333333;">Hallo</p>` });
    expect(checkClientSupport(html, clients, documentLevel).errors).toEqual([]);
  });

  it("fails a feature some client lacks, naming the feature and clients", () => {
    const html = anEmail({ body: `<p style="border-radius: 6px;">Hallo</p>` });
    const [error] = checkClientSupport(html, clients, documentLevel).errors;
    expect(error).toMatch(/„border-radius“: outlook\.windows/);
    expect(error).toMatch(/email\.allowedFeatures/);
  });

  it("passes the same feature once it is allowlisted", () => {
    const html = anEmail({ body: `<p style="border-radius: 6px;">Hallo</p>` });
    expect(checkClientSupport(html, clients, [...documentLevel, "border-radius"]).errors).toEqual([]);
  });

  it("turns caniemail's missing data into a finding instead of a crash", () => {
    const html = anEmail({ body: `<p style="word-wrap: break-word;">Hallo</p>` });
    expect(checkClientSupport(html, clients, documentLevel).errors[0]).toMatch(
      /caniemail konnte die E-Mail nicht prüfen.*word-wrap/,
    );
  });

  it("reports a misspelt client glob instead of crashing", () => {
    expect(checkClientSupport(anEmail(), ["gmial.*"], []).errors[0]).toMatch(/gmial\.\*.*email\.clients/);
  });
});

describe("checkContentPolicy", () => {
  const hosts = { site: "blog.example.de", allowed: ["bilder.example.org"] };
  it.each([
    ["<script>alert(1)</script>", "<script> ist nicht erlaubt"],
    ['<iframe src="https://video.example/"></iframe>', "<iframe> ist nicht erlaubt"],
    ['<object data="x.swf"></object>', "<object> ist nicht erlaubt"],
    ['<embed src="x.swf">', "<embed> ist nicht erlaubt"],
    ['<form action="https://x.example/"><input></form>', "<form> ist nicht erlaubt"],
    ['<meta http-equiv="refresh" content="0;url=https://x.example/">', "<meta http-equiv>"],
    ['<a href="https://blog.example.de/" onclick="steal()">x</a>', "Das Attribut onclick ist nicht erlaubt"],
    ['<img src="https://tracker.example/pixel.png" alt="" width="1">', "Bild von einem fremden Server (tracker.example)"],
  ])("refuses %s", (body, expected) => {
    expect(checkContentPolicy(anEmail({ body }), hosts).errors.join("\n")).toContain(expected);
  });

  it.each([
    '<img src="https://blog.example.de/_astro/a.png" alt="x" width="5">',
    '<img src="https://bilder.example.org/a.png" alt="x" width="5">',
    "<p>Text mit <code>&lt;script&gt;</code> als Beispiel</p>",
  ])("lets %s through", (body) => {
    expect(checkContentPolicy(anEmail({ body }), hosts).errors).toEqual([]);
  });
});

describe("checkEmail", () => {
  it("collects the findings of every gate", () => {
    const html = anEmail({ body: `<a href="/x/">x</a><img src="https://b.de/a.webp" width="5">`, footer: "<p></p>" });
    const report = checkEmail(html, {
      imprint: anImprint(),
      clients: ["apple-mail.*"],
      allowedFeatures: [],
      imageHosts: { site: "blog.example.de", allowed: [] },
    });
    expect(report.errors.join("\n")).toMatch(/relativ/);
    expect(report.errors.join("\n")).toMatch(/Alternativtext/);
    expect(report.errors.join("\n")).toMatch(/webp/);
    expect(report.errors.join("\n")).toMatch(/Abmeldelink/);
    expect(report.errors.join("\n")).toMatch(/Impressum fehlt/);
  });
});
