import type { Metric, Registry } from 'prom-client';

/** One method × route × status: its bucket counts (not cumulative; the last is beyond every bound), sum and count. */
interface Series {
  readonly labels: { method: string; route: string; status: string };
  readonly counts: Float64Array;
  sum: number;
  count: number;
}

/** A value as prom-client's registry renders it (its typings describe the enum, not the strings it uses). */
interface ExportedValue {
  metricName: string;
  labels: Record<string, string | number>;
  value: number;
}

/**
 * `keyward_http_request_duration_seconds`, recorded on every HTTP request. A collector in
 * prom-client's registry (prom-client renders it, as for its own metrics): prom-client's
 * `Histogram.observe` builds a label hash and validates the labels on every call, which measured
 * about 6% of the instructions of a cached-key `/v1/auth` request (callgrind). Here each route's
 * recorder finds its series with two map lookups by the method and the numeric status.
 */
export class HttpDurationHistogram {
  readonly name = 'keyward_http_request_duration_seconds';
  readonly help = 'HTTP request duration by route and status';
  readonly type = 'histogram' as const;
  readonly aggregator = 'sum' as const;
  private readonly series = new Map<string, Series>();

  constructor(
    private readonly bounds: readonly number[],
    registry: Registry,
  ) {
    registry.registerMetric(this as unknown as Metric);
  }

  /** `record(method, status, seconds)` for one route (its URL template, or "unmatched"). */
  recorder(route: string): (method: string, status: number, seconds: number) => void {
    const byMethod = new Map<string, Map<number, Series>>();
    const bounds = this.bounds;
    return (method, status, seconds) => {
      let byStatus = byMethod.get(method);
      if (byStatus === undefined) byMethod.set(method, (byStatus = new Map()));
      let series = byStatus.get(status);
      if (series === undefined) byStatus.set(status, (series = this.newSeries(method, route, status)));
      let bucket = 0;
      while (bucket < bounds.length && seconds > bounds[bucket]!) bucket++;
      series.counts[bucket]!++;
      series.sum += seconds;
      series.count++;
    };
  }

  /** The series of these labels (two routes may share a URL template: GET and POST /graphql). */
  private newSeries(method: string, route: string, status: number): Series {
    const key = `${method} ${route} ${status}`;
    let series = this.series.get(key);
    if (series === undefined) {
      series = {
        labels: { method, route, status: String(status) },
        counts: new Float64Array(this.bounds.length + 1),
        sum: 0,
        count: 0,
      };
      this.series.set(key, series);
    }
    return series;
  }

  /** What prom-client's registry renders: `_bucket` (cumulative, `le` first), `_sum` and `_count` per series. */
  get(): Promise<{ name: string; help: string; type: 'histogram'; aggregator: 'sum'; values: ExportedValue[] }> {
    const values: ExportedValue[] = [];
    for (const series of this.series.values()) {
      let cumulative = 0;
      this.bounds.forEach((bound, i) => {
        cumulative += series.counts[i]!;
        values.push({ metricName: `${this.name}_bucket`, labels: { le: bound, ...series.labels }, value: cumulative });
      });
      values.push(
        { metricName: `${this.name}_bucket`, labels: { le: '+Inf', ...series.labels }, value: series.count },
        { metricName: `${this.name}_sum`, labels: series.labels, value: series.sum },
        { metricName: `${this.name}_count`, labels: series.labels, value: series.count },
      );
    }
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values });
  }

  /** `registry.resetMetrics()`: back to zero (the recorders keep their series). */
  reset(): void {
    for (const series of this.series.values()) {
      series.counts.fill(0);
      series.sum = 0;
      series.count = 0;
    }
  }
}
