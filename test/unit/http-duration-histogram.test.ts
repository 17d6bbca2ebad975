import { Histogram, Registry } from 'prom-client';
import { HttpDurationHistogram } from '../../src/observability/http-duration-histogram';

const BOUNDS = [0.001, 0.01, 0.1, 1];

/** The same observations through prom-client's own Histogram, rendered by a registry. */
async function promClientRendering(observations: Array<[string, string, number, number]>): Promise<string> {
  const registry = new Registry();
  const histogram = new Histogram({
    name: 'keyward_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: BOUNDS,
    registers: [registry],
  });
  for (const [method, route, status, seconds] of observations)
    histogram.observe({ method, route, status: String(status) }, seconds);
  return registry.metrics();
}

describe('HttpDurationHistogram', () => {
  const observations: Array<[string, string, number, number]> = [
    ['GET', '/v1/auth', 200, 0.0004],
    ['GET', '/v1/auth', 200, 0.001], // on a bound: counted in that bucket (le)
    ['GET', '/v1/auth', 200, 0.05],
    ['GET', '/v1/auth', 401, 0.002],
    ['POST', '/graphql', 200, 3], // beyond every bound: +Inf only
    ['GET', 'unmatched', 404, 0.0001],
  ];

  it('renders exactly what prom-client renders for the same observations', async () => {
    const registry = new Registry();
    const histogram = new HttpDurationHistogram(BOUNDS, registry);
    const recorders = new Map<string, ReturnType<HttpDurationHistogram['recorder']>>();
    for (const [method, route, status, seconds] of observations) {
      if (!recorders.has(route)) recorders.set(route, histogram.recorder(route));
      recorders.get(route)!(method, status, seconds);
    }
    expect(await registry.metrics()).toBe(await promClientRendering(observations));
    expect(await registry.metrics()).toContain(
      'keyward_http_request_duration_seconds_bucket{le="0.001",method="GET",route="/v1/auth",status="200"} 2',
    );
  });

  it('two recorders for one URL template share their series', async () => {
    const registry = new Registry();
    const histogram = new HttpDurationHistogram(BOUNDS, registry);
    histogram.recorder('/graphql')('POST', 200, 0.01);
    histogram.recorder('/graphql')('POST', 200, 0.02);
    const text = await registry.metrics();
    expect(text.match(/_count\{method="POST",route="\/graphql",status="200"\} (\d+)/)?.[1]).toBe('2');
  });

  it('registry.resetMetrics() zeroes the series and recorders keep counting', async () => {
    const registry = new Registry();
    const histogram = new HttpDurationHistogram(BOUNDS, registry);
    const record = histogram.recorder('/healthz');
    record('GET', 200, 0.5);
    registry.resetMetrics();
    record('GET', 200, 0.005);
    const text = await registry.metrics();
    expect(text).toContain('keyward_http_request_duration_seconds_count{method="GET",route="/healthz",status="200"} 1');
    expect(text).toContain(
      'keyward_http_request_duration_seconds_sum{method="GET",route="/healthz",status="200"} 0.005',
    );
    expect(text).toContain(
      'keyward_http_request_duration_seconds_bucket{le="0.001",method="GET",route="/healthz",status="200"} 0',
    );
  });
});
