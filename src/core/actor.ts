/** Who did something, as the audit columns record it: a user, a key, or the system (id null). */
export type ActorType = 'USER' | 'API_KEY' | 'SYSTEM';

export interface ActorRef {
  type: ActorType;
  id: string | null;
}
