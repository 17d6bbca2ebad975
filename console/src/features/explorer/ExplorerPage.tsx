export default function ExplorerPage() {
  return <div>Explorer</div>;
}
