/**
 * The subscriber import benchmark: `rundbrief subscribers import` as a child process.
 * Planning a generated Mailchimp ZIP of 50,000 rows (dry run, file only: wall time and
 * peak RSS of the process), and a short --apply --reconfirm of a few hundred rows against
 * the fake Resend at Resend's real 2 requests/s, from which the rate at scale follows.
 * Alone: `node scripts/bench/import.ts [rows] [applyRows]`.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { SEGMENT_ID, startFakeResend } from "../../tests/fake-resend/server.ts";
import { mailchimpExport } from "../../tests/support/import-fixtures.ts";
import { runMeasured } from "./memory.ts";

/** Results of the import benchmark. */
export interface ImportBenchResult {
  rows: number;
  zipBytes: number;
  /** The whole dry-run process. */
  planWallMs: number;
  /** Reading and sorting the file, as the plan prints it. */
  scanMs: number;
  planPeakRssBytes: number;
  apply: {
    rows: number;
    proven: number;
    unproven: number;
    wallMs: number;
    apiCalls: number;
    rateLimited: number;
    callsByRoute: Record<string, number>;
    exitCode: number | null;
  };
}

const KEY = "re_bench_0123456789";

/** Runs both measurements in `workDir` with the CLI of `projectDir`. */
export async function benchImport(
  workDir: string,
  projectDir: string,
  rows = 50_000,
  applyRows = 200,
): Promise<ImportBenchResult> {
  const cli = join(projectDir, "scripts/rundbrief.ts");
  const big = mailchimpExport(rows);
  const zipPath = join(workDir, "mailchimp-export.zip");
  writeFileSync(zipPath, big.zip);
  const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("RESEND_")));
  let output = "";
  const plan = await runMeasured(process.execPath, [cli, "subscribers", "import", zipPath, "--from", "mailchimp"], {
    cwd: projectDir,
    env: baseEnv,
    onOutput: (chunk) => (output += chunk),
  });
  if (plan.exitCode !== 0) throw new Error(`import plan failed: ${plan.outputTail}`);
  const scanSeconds = /gelesen in ([\d,]+) s/.exec(output)?.[1] ?? "0";

  const small = mailchimpExport(applyRows, "a");
  const smallPath = join(workDir, "mailchimp-small.zip");
  writeFileSync(smallPath, small.zip);
  const fake = await startFakeResend({ apiKey: KEY });
  try {
    const before = Date.now();
    const run = await runMeasured(
      process.execPath,
      [cli, "subscribers", "import", smallPath, "--from", "mailchimp", "--apply", "--reconfirm"],
      {
        cwd: projectDir,
        env: {
          ...baseEnv,
          RESEND_API_KEY: KEY,
          RESEND_BASE_URL: fake.url,
          RESEND_SEGMENT_ID: SEGMENT_ID,
          SUBSCRIBE_SECRET: "bench-secret-0123456789-abcdefghijklmnop",
          SITE_URL: "https://blog.example.de",
        },
      },
    );
    return {
      rows,
      zipBytes: big.zip.byteLength,
      planWallMs: plan.wallMs,
      scanMs: Number(scanSeconds.replace(",", ".")) * 1000,
      planPeakRssBytes: plan.peakRssBytes,
      apply: {
        rows: applyRows,
        proven: small.expected.proven.length,
        unproven: small.expected.unproven.length,
        wallMs: Date.now() - before,
        apiCalls: fake.requests.length,
        rateLimited: fake.requests.filter((r) => r.rateLimited).length,
        callsByRoute: fake.callsByRoute(),
        exitCode: run.exitCode,
      },
    };
  } finally {
    await fake.stop();
  }
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MiB`;
const secondsText = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The section of docs/benchmarks.md. */
export function importTable(result: ImportBenchResult): string {
  const a = result.apply;
  const routes = Object.entries(a.callsByRoute)
    .sort((x, y) => y[1] - x[1])
    .map(([route, count]) => `${count}× ${route}`)
    .join(", ");
  const perReconfirm = a.unproven > 0 ? (a.callsByRoute["POST /emails"] ?? 0) / a.unproven : 0;
  const secondsPerRequest = a.wallMs / 1000 / Math.max(1, a.apiCalls - a.rateLimited);
  const atScale = Math.round(result.rows * 0.1 * 3 * secondsPerRequest);
  return [
    "## Subscriber import",
    "",
    `\`rundbrief subscribers import <zip> --from mailchimp\` as a child process. Planning: a generated Mailchimp export of ${result.rows.toLocaleString("en")} rows (${mib(result.zipBytes)} ZIP; three CSVs, 60 % proven, 10 % without confirmation time, 10 % unsubscribed, 10 % cleaned, 5 % invalid, 5 % duplicates), dry run without a key (the file alone). Apply: ${a.rows} rows of the same mix with \`--apply --reconfirm\` against the fake Resend at Resend's 2 requests/s, the CLI's default pacing.`,
    "",
    "| run | measured |",
    "| --- | --- |",
    `| planning ${result.rows.toLocaleString("en")} rows: reading and sorting the file | ${secondsText(result.scanMs)} |`,
    `| planning ${result.rows.toLocaleString("en")} rows: whole CLI process / peak RSS | ${secondsText(result.planWallMs)} / ${mib(result.planPeakRssBytes)} |`,
    `| apply ${a.rows} rows (${a.proven} proven, ${a.unproven} to re-confirm): wall, API calls | ${secondsText(a.wallMs)}, ${a.apiCalls} (${a.rateLimited} answered 429): ${routes} |`,
    `| extrapolated to ${result.rows.toLocaleString("en")} rows on an empty account | proven addresses: ${Math.ceil((result.rows * 0.6) / 5000)} bulk imports (5,000 each) plus polling, seconds; ${(result.rows * 0.1).toLocaleString("en")} re-confirmations at ${perReconfirm.toFixed(0)} mail and 3 requests each ≈ ${(atScale / 3600).toFixed(1)} h; listing existing contacts costs 1 request per 100 |`,
    "",
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1] ? resolve(process.argv[1]) : ""}`) {
  const dir = mkdtempSync(join(tmpdir(), "rundbrief-bench-import-"));
  try {
    const result = await benchImport(
      dir,
      resolve(import.meta.dirname, "../.."),
      Number(process.argv[2] ?? 50_000),
      Number(process.argv[3] ?? 200),
    );
    console.log(JSON.stringify(result, null, 2));
    console.log(importTable(result));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
