// Minimal types for the parts of autocannon 8 the benchmark uses (the package ships none).
declare module 'autocannon' {
  interface RequestSpec {
    method?: string
    path?: string
    setupRequest?: (
      req: { path?: string; method?: string },
      context: object,
    ) => { path?: string; method?: string }
  }
  interface Options {
    url: string
    connections?: number
    duration?: number
    requests?: RequestSpec[]
  }
  interface Histogram {
    average: number
    mean: number
    p50: number
    p99: number
    max: number
    total: number
  }
  interface Result {
    requests: Histogram
    latency: Histogram
    throughput: Histogram
    errors: number
    timeouts: number
    non2xx: number
  }
  function autocannon(opts: Options): Promise<Result>
  export default autocannon
}
