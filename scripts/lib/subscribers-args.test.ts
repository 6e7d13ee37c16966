import { describe, expect, it } from "vitest";
import { parseSubscribersArgs, SubscribersUsageError } from "./subscribers-args.ts";

const ID = "0b5c1a52-1234-4000-8000-00000000abcd";

describe("parseSubscribersArgs", () => {
  it.each<[string[], unknown]>([
    [["show", "Anna@Example.de"], { action: "show", target: { kind: "email", email: "anna@example.de" }, html: false }],
    [["show", "anna@example.de", "--html"], { action: "show", target: { kind: "email", email: "anna@example.de" }, html: true }],
    [["show", ID.toUpperCase()], { action: "show", target: { kind: "id", id: ID }, html: false }],
    [["export"], { action: "export", csv: null, force: false }],
    [["export", "--csv", "liste.csv", "--force"], { action: "export", csv: "liste.csv", force: true }],
    [
      ["delete", "anna@example.de", "--yes"],
      { action: "delete", target: { kind: "email", email: "anna@example.de" }, yes: true },
    ],
    [["delete", "-y", "anna@example.de"], { action: "delete", target: { kind: "email", email: "anna@example.de" }, yes: true }],
  ])("reads %j", (argv, expected) => {
    expect(parseSubscribersArgs(argv)).toEqual(expected);
  });

  it.each<[string[], string]>([
    [[], "Unterbefehl fehlt: show, export oder delete."],
    [["--html"], "Unterbefehl fehlt"],
    [["list"], "Unbekannter Unterbefehl „list“: erwartet show, export oder delete."],
    [["show"], "Welche Adresse? Bitte angeben: rundbrief subscribers show <adresse>"],
    [["delete"], "rundbrief subscribers delete <adresse>"],
    [["show", "niemand"], "„niemand“ ist keine E-Mail-Adresse"],
    [["show", "a/b@example.de"], "Bitte die Kontakt-ID angeben"],
    [["show", "a@example.de", "b@example.de"], "Bitte nur eine Adresse je Aufruf"],
    [["show", "a@example.de", "--yes"], "--yes gehört zu „delete“"],
    [["delete", "a@example.de", "--html"], "--html gehört zu „show“"],
    [["export", "a@example.de"], "export nimmt keine Adresse"],
    [["export", "--csv"], "die Option „--csv“ braucht einen Wert"],
    [["export", "--force"], "--force gilt nur zusammen mit --csv"],
  ])("refuses %j in German", (argv, message) => {
    expect(() => parseSubscribersArgs(argv)).toThrow(SubscribersUsageError);
    expect(() => parseSubscribersArgs(argv)).toThrow(message);
  });
});
