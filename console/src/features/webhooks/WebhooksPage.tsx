// placeholder: the screen is being built
export default function WebhooksPage() {
  return null;
}
