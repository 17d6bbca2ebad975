/** Facts about the HTTP request that services record (audit events, last-used, throttling). */
export interface RequestMeta {
  ip: string;
  userAgent: string | null;
  requestId: string;
}

export const SYSTEM_REQUEST: RequestMeta = { ip: '127.0.0.1', userAgent: 'keyward', requestId: 'system' };
