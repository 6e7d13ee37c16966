/**
 * The pull-request job summary: per changed post, its email size and what a merge would
 * do; then every edition and digest a merge would schedule, correct or withdraw.
 */
import type { Manifest } from "../../src/lib/newsletter/manifest.ts";
import type { PlanItem } from "../../src/lib/newsletter/plan.ts";
import { KIND_NOUNS, formatDateTime, reasonText, type OutputLocale } from "./newsletter-output.ts";

/** The part of `newsletter --json` output the summary reads. */
export interface PlanJson {
  checkedWithResend: boolean;
  since: string | null;
  refusal: { candidates: number; maxPerRun: number } | null;
  items: PlanItem[];
}

const ACTION: Record<PlanItem["action"], string> = {
  send: "wird verschickt",
  resume: "wird fortgesetzt und verschickt",
  update: "geplante Kampagne wird angepasst",
  reschedule: "geplante Kampagne wird verschoben",
  withdraw: "geplante Kampagne wird zurückgezogen",
  skip: "wird nicht verschickt",
};

/** Markdown for $GITHUB_STEP_SUMMARY. */
export function renderPrSummary(changed: readonly string[], manifest: Manifest, plan: PlanJson, where: OutputLocale): string {
  const context = { ...where, since: plan.since ? new Date(plan.since) : null };
  // Posts come as ids, editions as edition:<id> (the preview workflow's list).
  const changedIds = changed.filter((id) => !id.includes(":"));
  const changedIssues = new Set(changed.filter((id) => id.includes(":")));
  const lines = ["## Vorschau", ""];
  if (changedIds.length === 0) {
    lines.push(changedIssues.size > 0 ? "Keine Artikel geändert." : "Keine Artikel und Ausgaben geändert.");
  } else {
    lines.push("| Artikel | E-Mail | Beim Merge |", "| --- | --- | --- |");
    for (const id of changedIds) {
      const entry = manifest.campaigns.find((c) => c.kind === "post" && c.id === id);
      const item = plan.items.find((i) => i.kind === "post" && i.id === id);
      const size = entry ? `${(entry.htmlBytes / 1000).toFixed(1)} KB` : "keine";
      const action = item
        ? `${ACTION[item.action]}: ${reasonText(item, context)}`
        : !manifest.perPost
          ? "keine eigene Kampagne (newsletter.perPost aus): kommt, sobald veröffentlicht, in die Übersicht oder eine Ausgabe"
          : "wird nicht verschickt (Entwurf, Zukunft, `newsletter: false` oder vor dem Stichtag)";
      lines.push(`| \`${id}\` | ${size} | ${action} |`);
    }
  }
  const issues = plan.items.filter(
    (i) => i.kind !== "post" && (i.action !== "skip" || i.reason === "not-yet-due" || changedIssues.has(i.name)),
  );
  if (issues.length > 0) {
    lines.push("", "### Ausgaben und Übersichten", "", "| Kampagne | Betreff | Beim Merge |", "| --- | --- | --- |");
    for (const item of issues) {
      const what =
        item.action === "send" || item.action === "resume"
          ? `${KIND_NOUNS[item.kind]} wird für ${formatDateTime(item.sendAt, where)} geplant`
          : item.reason === "not-yet-due"
            ? `noch nichts: ${reasonText(item, context)}`
            : `${ACTION[item.action]}: ${reasonText(item, context)}`;
      lines.push(`| \`${item.name}\` | ${item.subject.replaceAll("|", "\\|")} | ${what} |`);
    }
  }
  if (plan.refusal) {
    lines.push(
      "",
      `**Achtung:** ${plan.refusal.candidates} Kampagnen stünden zum Versand an, erlaubt sind ${plan.refusal.maxPerRun} pro Lauf. Ohne \`--force\` wird nichts verschickt.`,
    );
  }
  if (!plan.checkedWithResend) {
    lines.push("", "_Ohne API-Schlüssel geplant: Bereits bei Resend vorhandene Kampagnen sind nicht berücksichtigt._");
  }
  return `${lines.join("\n")}\n`;
}
