import { describe, expect, it } from 'vitest'
import { ENV_OVERRIDES } from '../../src/config/index.js'
import { ConfigError, resolveConfig } from '../../src/public/index.js'
import { tempProject } from '../support/temp-project.js'

const env = {} as NodeJS.ProcessEnv

describe('configuration', () => {
  it('is optional: every field has a default', async () => {
    const project = tempProject({})
    try {
      const config = await resolveConfig({ cwd: project.dir, env })
      expect(config).toMatchObject({
        engine: 'embedded',
        prefix: 'pgt',
        onFailure: 'keep',
        cloneStrategy: 'file_copy',
      })
      expect(config.pool.size).toBeGreaterThanOrEqual(2)
      expect(config.migrations).toBeUndefined()
    } finally {
      project.remove()
    }
  })

  it('finds a TypeScript config file in a parent directory', async () => {
    const project = tempProject({
      'pgtestbed.config.ts': "const size: number = 3\nexport default { pool: { size }, migrations: 'db' }\n",
      'db/001.sql': 'select 1;',
      'packages/app/src/.keep': '',
    })
    try {
      const config = await resolveConfig({ cwd: `${project.dir}/packages/app/src`, env })
      expect(config.pool.size).toBe(3)
      expect(config.migrations).toBe(`${project.dir}/db`)
      expect(config.configFile).toBe(`${project.dir}/pgtestbed.config.ts`)
    } finally {
      project.remove()
    }
  })

  it('lets environment variables override the file', async () => {
    const project = tempProject({ 'pgtestbed.config.json': '{ "pool": { "size": 3 }, "onFailure": "keep" }' })
    try {
      const config = await resolveConfig({
        cwd: project.dir,
        env: {
          PGTESTBED_POOL_SIZE: '5',
          PGTESTBED_ON_FAILURE: 'drop',
          PGTESTBED_ENGINE: 'url',
          DATABASE_URL: 'postgresql://u@h/d',
        },
      })
      expect(config).toMatchObject({
        pool: { size: 5 },
        onFailure: 'drop',
        engine: 'url',
        url: 'postgresql://u@h/d',
      })
    } finally {
      project.remove()
    }
  })

  // Every documented variable beats the same setting in the config file.
  const file = {
    engine: 'url',
    url: 'postgresql://file@file-host/file',
    embedded: { binDir: '/file/bin', port: 5000 },
    pool: { size: 3, recycle: false },
    onFailure: 'keep',
    runId: 'rfile',
    fixtures: { dir: 'seeds', version: 'v1.0.0', tier: 'minimal' },
    perf: true,
  }
  const overrides: Record<keyof typeof ENV_OVERRIDES, [NodeJS.ProcessEnv, Record<string, unknown>]> = {
    PGTESTBED_ENGINE: [{ PGTESTBED_ENGINE: 'embedded' }, { engine: 'embedded' }],
    PGTESTBED_URL: [{ PGTESTBED_URL: 'postgresql://attach@h/a' }, { url: 'postgresql://attach@h/a' }],
    DATABASE_URL: [
      { DATABASE_URL: 'postgresql://env@env-host/env' },
      { url: 'postgresql://env@env-host/env' },
    ],
    PGTESTBED_PG_BINDIR: [
      { PGTESTBED_PG_BINDIR: '/env/bin' },
      { embedded: { binDir: '/env/bin', port: 5000 } },
    ],
    PGTESTBED_PG_VERSION: [
      { PGTESTBED_PG_VERSION: '16' },
      { embedded: { binDir: '/file/bin', port: 5000, version: 16 } },
    ],
    PGTESTBED_PORT: [{ PGTESTBED_PORT: '6543' }, { embedded: { binDir: '/file/bin', port: 6543 } }],
    PGTESTBED_DATA_ROOT: [
      { PGTESTBED_DATA_ROOT: '/env/root' },
      { embedded: { binDir: '/file/bin', port: 5000, dataRoot: '/env/root' } },
    ],
    PGTESTBED_POOL_SIZE: [{ PGTESTBED_POOL_SIZE: '7' }, { pool: { size: 7 } }],
    PGTESTBED_POOL_RECYCLE: [{ PGTESTBED_POOL_RECYCLE: '1' }, { pool: { size: 3, recycle: true } }],
    PGTESTBED_ON_FAILURE: [{ PGTESTBED_ON_FAILURE: 'drop' }, { onFailure: 'drop' }],
    PGTESTBED_RUN_ID: [{ PGTESTBED_RUN_ID: 'renv' }, { runId: 'renv' }],
    PGTESTBED_TIER: [
      { PGTESTBED_TIER: 'realistic' },
      { fixtures: { version: 'v1.0.0', tier: 'realistic', dir: expect.stringMatching(/\/seeds$/) } },
    ],
    PGTESTBED_PERF: [{ PGTESTBED_PERF: '0' }, { perf: false }],
  }
  it.each(Object.keys(ENV_OVERRIDES))('lets %s override the config file', async (name) => {
    const [vars, expected] = overrides[name as keyof typeof ENV_OVERRIDES]
    const project = tempProject({ 'pgtestbed.config.json': JSON.stringify(file) })
    try {
      const fromFile = await resolveConfig({ cwd: project.dir, env })
      const config = await resolveConfig({ cwd: project.dir, env: vars })
      for (const key of Object.keys(expected))
        expect(config[key as keyof typeof config], key).not.toEqual(fromFile[key as keyof typeof fromFile])
      expect(config).toMatchObject(expected)
    } finally {
      project.remove()
    }
  })

  it('PGTESTBED_URL (attach) wins over DATABASE_URL, which applies only to the url engine', async () => {
    const both = await resolveConfig({
      config: { engine: 'url', url: 'postgresql://file@h/f' },
      env: { PGTESTBED_URL: 'postgresql://attach@h/a', DATABASE_URL: 'postgresql://test-db@h/t' },
    })
    expect(both.url).toBe('postgresql://attach@h/a')
    const embedded = await resolveConfig({ config: {}, env: { DATABASE_URL: 'postgresql://app@h/app' } })
    expect(embedded).toMatchObject({ engine: 'embedded' })
  })

  it('names every bad field, what it holds and what is allowed', async () => {
    const project = tempProject({
      'pgtestbed.config.json': '{ "engine": "docker", "pool": { "size": -1 }, "colour": "blue" }',
    })
    try {
      const error = await resolveConfig({ cwd: project.dir, env }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ConfigError)
      expect((error as ConfigError).code).toBe('PGT_CONFIG_INVALID')
      const message = (error as Error).message
      expect(message).toContain(`${project.dir}/pgtestbed.config.json`)
      expect(message).toContain(`"engine" is "docker"; it must be one of 'embedded', 'url', 'pglite'`)
      expect(message).toContain('"pool.size" is -1; it must be a positive integer')
      expect(message).toContain('unknown field "colour"')
    } finally {
      project.remove()
    }
  })

  it('PGTESTBED_TIER turns on the current fixtures when the file has none, and rejects an unknown tier', async () => {
    const config = await resolveConfig({ config: {}, env: { PGTESTBED_TIER: 'performance' } })
    expect(config.fixtures).toMatchObject({ version: 'current', tier: 'performance' })
    const error = await resolveConfig({ config: {}, env: { PGTESTBED_TIER: 'huge' } }).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as Error).message).toMatch(
      /"fixtures.tier" is "huge"; it must be one of 'minimal', 'realistic', 'performance'/,
    )
    expect((error as Error).message).toContain('PGTESTBED_TIER')
  })

  it('rejects a bad environment value the same way', async () => {
    const error = await resolveConfig({ config: {}, env: { PGTESTBED_ENGINE: 'sqlite' } }).catch(
      (e: unknown) => e,
    )
    expect((error as Error).message).toMatch(
      /"engine" is "sqlite"; it must be one of 'embedded', 'url', 'pglite'/,
    )
    expect((error as Error).message).toContain('PGTESTBED_ENGINE')
  })

  it("pool.recycle: 'in-place' unless the file or PGTESTBED_POOL_RECYCLE says otherwise; a bad value is named", async () => {
    expect((await resolveConfig({ config: {}, env: {} })).pool.recycle).toBe('in-place')
    const fromEnv = await resolveConfig({
      config: { pool: { recycle: false } },
      env: { PGTESTBED_POOL_RECYCLE: 'in-place' },
    })
    expect(fromEnv.pool.recycle).toBe('in-place')
    const badEnv = await resolveConfig({ config: {}, env: { PGTESTBED_POOL_RECYCLE: 'sometimes' } }).catch(
      (e: unknown) => e,
    )
    expect((badEnv as Error).message).toContain('it must be 1, 0, true, false or in-place')
    const badFile = await resolveConfig({ config: { pool: { recycle: 'yes' as never } }, env: {} }).catch(
      (e: unknown) => e,
    )
    expect(badFile).toBeInstanceOf(ConfigError)
    expect((badFile as Error).message).toContain(
      `"pool.recycle" is "yes"; it must be true, false or 'in-place'`,
    )
  })

  it('PGTESTBED_CONFIG names another config file, whose folder is the project root', async () => {
    const project = tempProject({
      'pgtestbed.config.ts': "export default { engine: 'embedded', migrations: 'db' }\n",
      'vector/pglite.config.ts': "export default { engine: 'pglite', migrations: 'db' }\n",
      'vector/db/001.sql': 'select 1;',
      'db/001.sql': 'select 1;',
    })
    try {
      const config = await resolveConfig({
        cwd: project.dir,
        env: { PGTESTBED_CONFIG: 'vector/pglite.config.ts' } as NodeJS.ProcessEnv,
      })
      expect(config).toMatchObject({
        engine: 'pglite',
        configFile: `${project.dir}/vector/pglite.config.ts`,
        migrations: `${project.dir}/vector/db`,
      })
      const missing = await resolveConfig({
        cwd: project.dir,
        env: { PGTESTBED_CONFIG: 'nope.config.ts' } as NodeJS.ProcessEnv,
      }).catch((e: unknown) => e)
      expect((missing as ConfigError).code).toBe('PGT_CONFIG_LOAD')
      expect((missing as Error).message).toBe(
        `Failed to load ${project.dir}/nope.config.ts: PGTESTBED_CONFIG names it, and it does not exist. Fix the path (relative to ${project.dir}), or unset PGTESTBED_CONFIG to use the nearest pgtestbed.config.* instead.`,
      )
    } finally {
      project.remove()
    }
  })

  it('reports a config file that does not load, naming the file', async () => {
    const project = tempProject({ 'pgtestbed.config.ts': 'export default {{ broken' })
    try {
      const error = await resolveConfig({ cwd: project.dir, env }).catch((e: unknown) => e)
      expect((error as ConfigError).code).toBe('PGT_CONFIG_LOAD')
      expect((error as Error).message).toContain(`Failed to load ${project.dir}/pgtestbed.config.ts`)
    } finally {
      project.remove()
    }
  })

  it('says what the url engine needs when no URL is given', async () => {
    const error = await resolveConfig({ config: { engine: 'url' }, env }).catch((e: unknown) => e)
    expect((error as Error).message).toMatch(/engine "url" needs a server URL. Set DATABASE_URL/)
  })

  it('refuses a migrations folder that does not exist', async () => {
    const error = await resolveConfig({ config: { migrations: '/nonexistent/migrations' }, env }).catch(
      (e: unknown) => e,
    )
    expect((error as Error).message).toMatch(
      /"migrations" is \/nonexistent\/migrations, which does not exist/,
    )
  })

  it('refuses a migrations path that is a file, asking for its folder', async () => {
    const project = tempProject({ 'schema.sql': 'CREATE TABLE t (id int);' })
    try {
      const error = await resolveConfig({
        cwd: project.dir,
        config: { migrations: 'schema.sql' },
        env,
      }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ConfigError)
      expect((error as Error).message).toMatch(
        /"migrations" is .*schema\.sql, a file\. Point it at the folder that holds the migration files/,
      )
    } finally {
      project.remove()
    }
  })
})
