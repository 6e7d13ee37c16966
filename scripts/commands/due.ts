/**
 * `rundbrief due`: does the hourly publish run have anything to do? Yes when a post's
 * publication time or a newsletter edition's send time fell within the last hours, or an
 * edition or digest may now be scheduled (a day before its send time), in the last hours
 * (default 3, so one or two dropped or late scheduled runs lose nothing), when the
 * previous run did not succeed (so a failed deploy or send is tried again every hour), or
 * when a post or edition cannot be read (then the run goes on and fails loudly in its
 * build). Pushes and manual runs do not ask. Prints the answer in German and, in GitHub
 * Actions, writes `run=true|false` to $GITHUB_OUTPUT.
 */
import { appendFileSync } from "node:fs";
import { becameDue, buildNow, editionsBecamePublic } from "../../src/lib/publish.ts";
import { isMailable } from "../../src/lib/email/mailable.ts";
import { issuesBecameDue } from "../../src/lib/newsletter/due.ts";
import { NewsletterConfigError, resolveNewsletterConfig } from "../../src/lib/newsletter/config.ts";
import { formatDateTime } from "../lib/newsletter-output.ts";
import { EXIT, parseCommandArgs, type Command } from "../lib/cli-io.ts";
import { loadConfig } from "../lib/load-config.ts";
import { editionsDir, postsDir } from "../lib/posts-dir.ts";
import { readEditionFiles, readPostFiles } from "../lib/read-posts.ts";

const HOUR_MS = 60 * 60 * 1000;

/** Conclusions of the previous run (GitHub's names) after which this run tries again. */
const RETRY_AFTER = new Set(["failure", "cancelled", "timed_out", "startup_failure"]);

const HELP = `Verwendung: rundbrief due [--hours 3] [--previous <Ergebnis des letzten Laufs>]

Sagt dem stündlichen Veröffentlichungslauf, ob es etwas zu tun gibt: ja, wenn in den
letzten Stunden ein Artikel oder eine Newsletter-Ausgabe fällig geworden ist, eine Ausgabe
oder Übersicht zu planen ist (24 Stunden vor ihrer Versandzeit), der letzte Lauf nicht
gelungen ist (failure, cancelled, timed_out, startup_failure) oder ein Artikel oder eine
Ausgabe nicht lesbar ist. In GitHub Actions steht die Antwort als
run=true|false in $GITHUB_OUTPUT.`;

/** `rundbrief due`. */
export const dueCommand: Command = {
  help: HELP,
  async run(argv, { cwd, env, io }) {
    const parsed = parseCommandArgs(
      { args: argv, options: { hours: { type: "string", default: "3" }, previous: { type: "string", default: "" } } },
      HELP,
      io,
    );
    if (!parsed) return EXIT.usage;
    const { values } = parsed;
    const hours = Number(values.hours);
    if (!Number.isFinite(hours) || hours <= 0) {
      io.err(`--hours „${values.hours}“ muss eine Zahl größer als 0 sein.`);
      return EXIT.usage;
    }

    const now = buildNow(env);
    const config = await loadConfig(cwd);
    const files = readPostFiles(postsDir(cwd, config, env), config.timeZone);
    const posts = files.flatMap((file) => (file.ok ? [{ id: file.id, data: file.data }] : []));
    const editionDir = editionsDir(cwd, config, env);
    const editionFiles = editionDir ? readEditionFiles(editionDir, config.timeZone) : [];
    const editions = editionFiles.flatMap((file) => (file.ok ? [{ id: file.id, data: file.data }] : []));
    const unreadable = [...files, ...editionFiles].filter((file) => !file.ok).map((file) => file.name);

    const due = becameDue(posts, now, hours * HOUR_MS);
    // Newsletter settings that do not parse leave digests out here; the build reports them.
    let newsletter: ReturnType<typeof resolveNewsletterConfig> | null = null;
    try {
      newsletter = resolveNewsletterConfig(config.newsletter, env, config.timeZone);
    } catch (error) {
      if (!(error instanceof NewsletterConfigError)) throw error;
    }
    const since = newsletter?.since ?? null;
    const mailable = posts.filter((post) => isMailable(post, { now, since }));
    const dueIssues = issuesBecameDue(
      {
        editions: editions.map((edition) => ({ id: edition.id, draft: edition.data.draft, sendAt: edition.data.sendAt })),
        posts: mailable.map((post) => ({ pubDate: post.data.pubDate })),
        digest: newsletter?.digest ?? null,
        timeZone: config.timeZone,
      },
      now,
      hours * HOUR_MS,
      (date) => formatDateTime(date, config),
    );
    const previous = values.previous.trim();
    const retry = RETRY_AFTER.has(previous);
    const dueEditions = editionsBecamePublic(editions, now, hours * HOUR_MS);
    const run = due.length > 0 || dueEditions.length > 0 || dueIssues.length > 0 || unreadable.length > 0 || retry;
    for (const post of due) io.out(`Fällig geworden: ${post.id} (${post.data.pubDate.toISOString()})`);
    for (const edition of dueEditions) io.out(`Fällig geworden: Ausgabe ${edition.id} (${edition.data.sendAt.toISOString()})`);
    for (const issue of dueIssues) io.out(`Zu planen: ${issue.name} – ${issue.text}`);
    if (unreadable.length > 0) io.out(`Nicht lesbar (der Lauf geht weiter, damit der Build es meldet): ${unreadable.join(", ")}`);
    if (retry) io.out(`Der letzte Lauf endete mit „${previous}“; dieser Lauf versucht es noch einmal.`);
    if (!previous) io.out("Ergebnis des letzten Laufs unbekannt; entschieden wird nur nach Artikeln, Ausgaben und Übersichten.");
    const span = hours === 1 ? "in der letzten Stunde" : `in den letzten ${hours.toLocaleString("de-DE")} Stunden`;
    io.out(
      run
        ? "Der Veröffentlichungslauf geht weiter."
        : `${span[0]!.toUpperCase()}${span.slice(1)} ist kein Artikel${editionFiles.length > 0 ? " und keine Ausgabe" : ""} fällig geworden und nichts zu planen; der Lauf endet hier.`,
    );
    if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, `run=${run}\n`);
    return EXIT.done;
  },
};
