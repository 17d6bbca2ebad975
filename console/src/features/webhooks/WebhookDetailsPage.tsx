// placeholder: the screen is being built
export default function WebhookDetailsPage() {
  return null;
}
