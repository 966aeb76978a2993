/** Raw HTTP calls for tests that need to send what no client would (bad bodies, replays). */
export interface ApiResult {
  status: number;
  body: { error?: { code: string; message: string; field?: string } } & Record<string, unknown>;
}

export async function api(
  url: string,
  method: string,
  path: string,
  token: string | null,
  body?: unknown | string,
): Promise<ApiResult> {
  const headers: Record<string, string> = {};
  if (token) headers['authorization'] = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url + path, {
    method,
    headers,
    body: typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body),
    // A server that stops answering fails the test instead of hanging the run.
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as ApiResult['body']) : {} };
}
