import http from 'node:http';
import https from 'node:https';

/** Idle connections are closed after this long: under common servers' keep-alive (Node's is 5 s). */
const IDLE_MS = 4_000;
/** Destinations with pooled connections; the least recently used beyond this are closed. */
const MAX_DESTINATIONS = 256;
/** Connections per destination (the dispatcher's concurrency is below this). */
const MAX_SOCKETS = 16;

/**
 * Keep-alive agents per destination and pinned address: deliveries to one endpoint reuse their
 * connections (no TCP and TLS handshake each), and a connection is only ever reused for the address
 * the SSRF guard checked: a host that now resolves elsewhere gets a new agent.
 */
export class DestinationAgents {
  private readonly agents = new Map<string, http.Agent>();

  agentFor(url: URL, address: string): http.Agent {
    const key = `${url.protocol}//${url.host}@${address}`;
    let agent = this.agents.get(key);
    if (agent) {
      // most recently used last: eviction takes the first
      this.agents.delete(key);
    } else {
      const options = { keepAlive: true, timeout: IDLE_MS, maxSockets: MAX_SOCKETS, maxFreeSockets: MAX_SOCKETS };
      agent = url.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
      if (this.agents.size >= MAX_DESTINATIONS) {
        const [oldest, evicted] = this.agents.entries().next().value!;
        this.agents.delete(oldest);
        evicted.destroy();
      }
    }
    this.agents.set(key, agent);
    return agent;
  }

  /** Closes every pooled connection (shutdown). */
  destroy(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }
}
