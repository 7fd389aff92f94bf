/**
 * The GitHub Actions workflow `pgtestbed ci init github` writes: one job per fixture tier (each
 * with its triggers and time budget), each a matrix of duration-balanced shards, on the embedded
 * engine (or a `postgres` service container with `pgtestbed wait`), caches keyed on the
 * PostgreSQL version and the template's inputs, JUnit uploaded and summarized, and on failure
 * the kept databases dumped and uploaded. Built as data, written with the `yaml` library.
 * @module
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ … }}` are GitHub Actions expressions, meant literally.
import { stringify } from 'yaml'
import { type ProjectFacts, PYTEST_FILES, type Tier } from './detect-project.js'

/** Choices `ci init github` takes from its options. */
export interface WorkflowOptions {
  /** A service container image (e.g. `postgres:16`) instead of the embedded engine. */
  readonly service?: string
  /** Shards per tier job. */
  readonly shards: number
  /** Also write the monthly OAuth refresh-token rotation workflow. */
  readonly oauthRotation?: boolean
  /**
   * One rotation step per named provider (e.g. `['google', 'microsoft']`), each with its own
   * variables and secrets (`OAUTH_GOOGLE_TOKEN_URL`, …); implies `oauthRotation`. Without it,
   * one provider with unnamed variables (`OAUTH_TOKEN_URL`, …).
   */
  readonly oauthProviders?: readonly string[]
}

/** One file to write: a path relative to the project root and its text. */
export interface WorkflowFile {
  readonly path: string
  readonly text: string
}

const TIER_PLAN: Record<Tier, { events: string[]; minutes: number }> = {
  minimal: { events: ['push', 'pull_request', 'workflow_dispatch'], minutes: 15 },
  realistic: { events: ['schedule', 'workflow_dispatch'], minutes: 30 },
  performance: { events: ['release', 'workflow_dispatch'], minutes: 60 },
}
const PG_VERSION = '17'
const HEADER =
  '# Written by `pgtestbed ci init github`; regenerate with --force after changing the project.\n'

/**
 * The workflow files for `facts` (the test workflow, and the rotation one if asked for).
 *
 * @example
 * const files = githubWorkflows(detectProject(dir), { shards: 2 })
 */
export function githubWorkflows(facts: ProjectFacts, options: WorkflowOptions): WorkflowFile[] {
  const files = [
    {
      path: '.github/workflows/pgtestbed.yml',
      text: HEADER + stringify(testWorkflow(facts, options), { lineWidth: 0 }),
    },
  ]
  const providers = options.oauthProviders ?? []
  if (options.oauthRotation === true || providers.length > 0)
    files.push({
      path: '.github/workflows/pgtestbed-oauth-rotation.yml',
      text: HEADER + stringify(rotationWorkflow(facts, providers), { lineWidth: 0 }),
    })
  return files
}

function testWorkflow(facts: ProjectFacts, options: WorkflowOptions): Record<string, unknown> {
  const tiers: (Tier | undefined)[] = facts.tiers.length > 0 ? [...facts.tiers] : [undefined]
  const events = new Set(tiers.flatMap((t) => TIER_PLAN[t ?? 'minimal'].events))
  const on: Record<string, unknown> = {}
  if (events.has('push')) on['push'] = { branches: ['main'] }
  if (events.has('pull_request')) on['pull_request'] = {}
  if (events.has('schedule')) on['schedule'] = [{ cron: '17 3 * * *' }]
  if (events.has('release')) on['release'] = { types: ['published'] }
  on['workflow_dispatch'] = {}
  const jobs = Object.fromEntries(
    tiers.map((tier) => [tier === undefined ? 'test' : `test-${tier}`, job(facts, options, tier)]),
  )
  return { name: 'pgtestbed', on, permissions: { contents: 'read' }, jobs }
}

function job(facts: ProjectFacts, options: WorkflowOptions, tier: Tier | undefined): Record<string, unknown> {
  const plan = TIER_PLAN[tier ?? 'minimal']
  const shards = Array.from({ length: options.shards }, (_, i) => i + 1)
  const pm = facts.packageManager
  const exec = pm === 'npm' ? 'npx' : `${pm} exec`
  const env: Record<string, string> = {
    PGTESTBED_DATA_ROOT: '${{ runner.temp }}/pgtestbed',
    PGTESTBED_PG_VERSION: PG_VERSION,
  }
  if (tier !== undefined) env['PGTESTBED_TIER'] = tier
  const service = options.service
  if (service !== undefined) {
    env['PGTESTBED_ENGINE'] = 'url'
    env['DATABASE_URL'] = 'postgresql://postgres:postgres@127.0.0.1:5432/postgres'
    delete env['PGTESTBED_PG_VERSION']
  }
  const pgVersion = service?.split(':')[1] ?? PG_VERSION
  const steps: Record<string, unknown>[] = [
    { uses: 'actions/checkout@v4' },
    {
      uses: 'actions/setup-node@v4',
      with: { 'node-version': facts.nodeVersion, ...(facts.hasLockfile ? { cache: pm } : {}) },
    },
    ...(pm === 'pnpm' ? [{ uses: 'pnpm/action-setup@v4' }] : []),
    ...(facts.python === undefined
      ? []
      : [
          {
            uses: 'actions/setup-python@v5',
            with: {
              'python-version': facts.python.version,
              // setup-python's pip cache needs a requirements file to key on.
              ...(facts.python.requirements.length > 0 ? { cache: 'pip' } : {}),
            },
          },
        ]),
    {
      name: 'Cache the initialized cluster and the template',
      uses: 'actions/cache@v4',
      with: {
        path: '${{ runner.temp }}/pgtestbed',
        key: `pgtestbed-\${{ runner.os }}-pg${pgVersion}-\${{ hashFiles('migrations/**', 'fixtures/**', 'pgtestbed.config.*') }}`,
        'restore-keys': `pgtestbed-\${{ runner.os }}-pg${pgVersion}-`,
      },
    },
    { name: 'Install', run: install(facts) },
  ]
  if (service !== undefined)
    steps.push({ name: 'Wait for PostgreSQL', run: `${exec} pgtestbed wait --timeout 60` })
  // Kept running after the tests, so the databases of failed tests can still be dumped.
  else steps.push({ name: 'Start PostgreSQL', run: `${exec} pgtestbed up` })
  if (tier !== undefined)
    steps.push({
      name: `Check the ${tier} fixtures`,
      run: `${exec} pgtestbed fixtures validate --tier ${tier}`,
    })
  const shard = `${exec} pgtestbed shard --total ${options.shards} --index \${{ matrix.shard }}${includes(facts)}`
  steps.push(
    {
      name: 'Test (shard ${{ matrix.shard }} of ' + options.shards + ')',
      // Per-test records (phases, database counts) under .pgtestbed/perf/ for the report below.
      env: { PGTESTBED_PERF: '1' },
      run: [
        'mkdir -p reports',
        `${shard} --json > reports/shard.json`,
        `${shard} $(ls ci-durations/*.xml 2>/dev/null | sed 's/^/--durations /') -- ${testCommand(facts, exec)}`,
      ].join('\n'),
    },
    {
      name: 'Summary',
      if: 'always()',
      run:
        'echo "### pgtestbed ${{ github.job }} shard ${{ matrix.shard }}" >> "$GITHUB_STEP_SUMMARY"\n' +
        'if [ -f reports/junit.xml ]; then grep -o \'<testsuites[^>]*>\' reports/junit.xml >> "$GITHUB_STEP_SUMMARY"; fi',
    },
    {
      name: 'Upload JUnit',
      if: 'always()',
      uses: 'actions/upload-artifact@v4',
      with: {
        name: 'junit-${{ github.job }}-${{ matrix.shard }}',
        path: 'reports/',
        'if-no-files-found': 'ignore',
      },
    },
    ...perfSteps(facts, exec),
    {
      name: 'Dump the kept databases of failed tests',
      if: 'failure()',
      'continue-on-error': true,
      run: [
        'mkdir -p pgtestbed-dumps',
        `admin="$(${exec} pgtestbed db url)"`,
        `for name in $(psql "$admin" -Atc "SELECT datname FROM pg_database WHERE NOT datistemplate AND datname LIKE 'pgt%'"); do`,
        `  pg_dump --format=custom --file "pgtestbed-dumps/$name.dump" "$(${exec} pgtestbed db url "$name")"`,
        'done',
      ].join('\n'),
    },
    {
      name: 'Upload the dumps (restore one locally with pgtestbed db restore FILE)',
      if: 'failure()',
      uses: 'actions/upload-artifact@v4',
      with: {
        name: 'pgtestbed-dumps-${{ github.job }}-${{ matrix.shard }}',
        path: 'pgtestbed-dumps/',
        'if-no-files-found': 'ignore',
      },
    },
  )
  const events = plan.events
  return {
    ...(facts.tiers.length > 0
      ? { if: `contains(fromJSON('${JSON.stringify(events)}'), github.event_name)` }
      : {}),
    'runs-on': 'ubuntu-latest',
    'timeout-minutes': plan.minutes,
    strategy: { 'fail-fast': false, matrix: { shard: shards } },
    env,
    ...(service === undefined
      ? {}
      : {
          services: {
            postgres: {
              image: service,
              env: { POSTGRES_PASSWORD: 'postgres' },
              ports: ['5432:5432'],
              options: '--health-cmd pg_isready --health-interval 2s --health-timeout 5s --health-retries 30',
            },
          },
        }),
    steps,
  }
}

/** Reports and budgets from the perf records (the runners' db fixtures and the pytest plugin write them). */
function perfSteps(facts: ProjectFacts, exec: string): Record<string, unknown>[] {
  return [
    {
      name: 'Performance report',
      if: 'always()',
      // Fails the job when a count grew past the committed baseline; suites whose tests do not
      // use pgtestbed's database fixtures record nothing, and then there is nothing to report.
      run: [
        'if [ -d .pgtestbed/perf ]; then',
        `  ${exec} pgtestbed perf report --github`,
        'else',
        '  echo "No perf records: only tests that use pgtestbed\'s db fixtures are recorded."',
        'fi',
      ].join('\n'),
    },
    ...(facts.perfBudgets
      ? [
          {
            name: 'Time budgets',
            if: 'success() || failure()',
            // The budgets of the config file against this shard's run: each file and test is
            // held to its budget; a suite budget counts this shard's part of the suite.
            run: `${exec} pgtestbed perf check --github`,
          },
        ]
      : []),
    {
      name: 'Upload the perf records',
      if: 'always()',
      uses: 'actions/upload-artifact@v4',
      with: {
        name: 'pgtestbed-perf-${{ github.job }}-${{ matrix.shard }}',
        path: '.pgtestbed/perf/',
        'if-no-files-found': 'ignore',
        'include-hidden-files': true,
      },
    },
  ]
}

/** Installs pgtestbed (and the JS side), then for pytest the project's requirements and the plugin. */
function install(facts: ProjectFacts): string {
  const python = facts.python
  if (python === undefined) return installPackages(facts)
  return [
    installPackages(facts),
    ...python.requirements.map((file) => `python -m pip install -r ${file}`),
    'python -m pip install pytest ./node_modules/pgtestbed/python',
  ].join('\n')
}

function installPackages(facts: ProjectFacts): string {
  if (facts.packageManager === 'pnpm') return 'pnpm install --frozen-lockfile'
  if (facts.packageManager === 'yarn') return 'yarn install --frozen-lockfile'
  return facts.hasLockfile ? 'npm ci --no-audit --no-fund' : 'npm install --no-audit --no-fund'
}

/** Which files `shard` splits: its default (*.test.*, *.spec.*), or pytest's own names. */
function includes(facts: ProjectFacts): string {
  return facts.runner === 'pytest' ? PYTEST_FILES.map((glob) => ` --include '${glob}'`).join('') : ''
}

/** The runner's command; shard appends the shard's files. JUnit goes to reports/junit.xml. */
function testCommand(facts: ProjectFacts, exec: string): string {
  if (facts.runner === 'vitest')
    return `${exec} vitest run --reporter=default --reporter=junit --outputFile.junit=reports/junit.xml`
  if (facts.runner === 'jest') return `${exec} jest --ci`
  if (facts.runner === 'pytest') return 'python -m pytest --junitxml=reports/junit.xml'
  return `${exec} pgtestbed run -- node --test --test-reporter=spec --test-reporter-destination=stdout --test-reporter=junit --test-reporter-destination=reports/junit.xml`
}

function rotationWorkflow(facts: ProjectFacts, providers: readonly string[]): Record<string, unknown> {
  return {
    name: 'pgtestbed OAuth token rotation',
    on: { schedule: [{ cron: '0 6 1 * *' }], workflow_dispatch: {} },
    permissions: { contents: 'read' },
    jobs: {
      rotate: {
        'runs-on': 'ubuntu-latest',
        'timeout-minutes': 10,
        steps: [
          { uses: 'actions/checkout@v4' },
          { uses: 'actions/setup-node@v4', with: { 'node-version': facts.nodeVersion } },
          { name: 'Install', run: installPackages(facts) },
          ...(providers.length === 0 ? [undefined] : providers).map(rotationStep),
        ],
      },
    },
  }
}

/** The step that rotates one provider's refresh token; its names carry the provider's, if any. */
function rotationStep(provider: string | undefined): Record<string, unknown> {
  const name = provider === undefined ? 'OAUTH' : `OAUTH_${provider.toUpperCase()}`
  return {
    name: `Rotate the ${provider === undefined ? '' : `${provider} `}refresh token and store it as a repository secret`,
    run: [
      'npx pgtestbed oauth rotate --token-url "$TOKEN_URL" --client-id "$CLIENT_ID" \\',
      `  --github-repo "$GITHUB_REPOSITORY" --github-secret ${name}_REFRESH_TOKEN`,
    ].join('\n'),
    env: {
      TOKEN_URL: `\${{ vars.${name}_TOKEN_URL }}`,
      CLIENT_ID: `\${{ vars.${name}_CLIENT_ID }}`,
      PGTESTBED_OAUTH_CLIENT_SECRET: `\${{ secrets.${name}_CLIENT_SECRET }}`,
      PGTESTBED_OAUTH_REFRESH_TOKEN: `\${{ secrets.${name}_REFRESH_TOKEN }}`,
      // A token allowed to write repository secrets (the default GITHUB_TOKEN is not).
      GITHUB_TOKEN: '${{ secrets.SECRETS_WRITE_TOKEN }}',
    },
  }
}
