export function App() {
  return (
    <main>
      <h1>Aegis</h1>
    </main>
  );
}
