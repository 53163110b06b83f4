export default function Home() {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: 32 }}>
      <h1>smshub</h1>
      <p>多运营商短信平台 · Multi-carrier SMS platform</p>
      <p>
        API: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>
      </p>
    </main>
  );
}
