/** The form of a role definition's key; a grant naming anything else names no role. */
export const ROLE_KEY = /^[A-Z][A-Z0-9_]{1,63}$/;
