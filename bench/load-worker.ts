/**
 * Runs one autocannon measurement in its own process (so the load generator does not share the
 * benchmark runner's event loop). argv: a JSON file {url, paths, connections, duration}; prints JSON.
 * `paths` are requested in random order, one per request.
 */
import { readFileSync } from 'node:fs'
import autocannon from 'autocannon'

const spec = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as {
  url: string
  paths: string[]
  connections: number
  duration: number
}
const pick = () => spec.paths[Math.floor(Math.random() * spec.paths.length)] ?? '/'
const result = await autocannon({
  url: spec.url,
  connections: spec.connections,
  duration: spec.duration,
  requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: pick() }) }],
})
console.log(
  JSON.stringify({
    rps: result.requests.average,
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99,
    bytesPerSec: result.throughput.average,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
  }),
)
