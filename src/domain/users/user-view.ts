import type { User } from '../../db/entities/user.entity';

/** The public view of a user (events); never the password hash. */
export function userView(user: User) {
  return { id: user.id, email: user.email, name: user.name, active: user.active, superUser: user.superUser };
}

/** The fields of the view whose changes user events carry. */
export const USER_FIELDS: Array<keyof ReturnType<typeof userView>> = ['email', 'name', 'active', 'superUser'];
