// placeholder: the screen is being built
export default function UsageDashboardPage() {
  return null;
}
