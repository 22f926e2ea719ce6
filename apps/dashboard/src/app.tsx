export function App() {
  return (
    <main>
      <h1>Storefleet</h1>
      <p>Self-service WooCommerce and MedusaJS stores on Kubernetes.</p>
    </main>
  );
}
