// autocannon ships no types and @types/autocannon is not a dependency: this is the part of its
// programmatic API the Graph benchmark uses (autocannon 8; latencies in milliseconds).
declare module 'autocannon' {
  type Options = { url: string; connections: number; duration: number; headers?: Record<string, string> };
  type Histogram = { p50: number; p99: number; total: number };
  type Result = {
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    latency: Histogram;
    requests: Histogram;
  };
  export default function autocannon(options: Options): Promise<Result>;
}
