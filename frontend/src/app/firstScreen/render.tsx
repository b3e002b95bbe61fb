import type { QueryClient } from '@tanstack/react-query';
import { prerender } from 'react-dom/static';
import { App } from '@/app/App';
import { bootFirstScreen } from '@/app/boot';
import { createQueryClient } from '@/app/queryClient';

/**
 * The first screen as the window's first launch renders it, as HTML for #root: the build
 * renders it once in Node (scripts/first-screen.mjs, with the Go bindings answered from the
 * demo's first-screen reads) and Go's internal/startupview serves it as the first paint of
 * a data folder that has kept no screen of its own yet. It reads what the page reads
 * (bootFirstScreen) and renders the App itself, so it is the same markup React puts into the
 * page, inert until React has rendered the live screen over it.
 */
export async function renderFirstScreen(): Promise<string> {
  const client = createQueryClient();
  await bootFirstScreen(client, false);
  // The shell's own reads (the inbox badge, the keychain banner...) start when it renders,
  // and a server render runs no effects: a first pass makes them, they are answered, and
  // the second pass renders with every answer in, as the page's first frame with data does.
  await renderHTML(client);
  await Promise.all(
    client
      .getQueryCache()
      .getAll()
      .filter((q) => q.state.status === 'pending')
      .map((q) => q.fetch().catch(() => undefined)),
  );
  const html = await renderHTML(client);
  const failed = client
    .getQueryCache()
    .getAll()
    .filter((q) => q.state.status !== 'success')
    .map((q) => `${JSON.stringify(q.queryKey)}: ${q.state.error instanceof Error ? q.state.error.message : q.state.status}`);
  client.clear();
  if (failed.length > 0) throw new Error(`the first screen's reads did not all answer: ${failed.join('; ')}`);
  return html;
}

async function renderHTML(client: QueryClient): Promise<string> {
  // One piece of HTML: without an unbounded chunk size React sends a large Suspense
  // boundary's content apart from it, to be moved in place by an inline script.
  const { prelude } = await prerender(<App client={client} />, { progressiveChunkSize: Number.POSITIVE_INFINITY });
  return new Response(prelude).text();
}
