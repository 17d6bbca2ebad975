// placeholder: the screen is being built
export default function SettingsPage() {
  return null;
}
