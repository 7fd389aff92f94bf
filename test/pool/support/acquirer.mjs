// A separate process attached to a shared server and run, as a vitest worker or a `node --test`
// file is: acquires `count` databases at once, prints their names, and then either releases
// them and closes, or (hold) keeps them and waits to be killed. Uses the build (npm run build).
import { createTestbed } from '../../../dist/public/index.js'

const [url, runId, prefix, cwd, count, mode] = process.argv.slice(2)
const bed = await createTestbed({ prefix, pool: { size: 2 } }, { cwd, attach: { url, runId } })
const dbs = await Promise.all(Array.from({ length: Number(count) }, () => bed.acquire()))
process.stdout.write(`${JSON.stringify({ names: dbs.map((d) => d.name), template: bed.template })}\n`)
if (mode === 'hold') await new Promise(() => undefined)
await Promise.all(dbs.map((d) => d.release()))
await bed.close()
