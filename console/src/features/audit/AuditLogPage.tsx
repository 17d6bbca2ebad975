// placeholder: the screen is being built
export default function AuditLogPage() {
  return null;
}
