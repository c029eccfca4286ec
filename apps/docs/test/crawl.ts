// Crawls a locally served site over HTTP: every page reachable from the start page, every
// internal link and asset they name, and every `#anchor` a link points into.

interface CrawlResult {
  /** HTML pages fetched. */
  pages: number;
  /** `"<target> <- <page>"` for each internal URL that did not answer 200. */
  broken: string[];
  /** `"<target>#<anchor> <- <page>"` for each link to an id the target page lacks. */
  missingAnchors: string[];
}

const attribute = /\s(?:href|src)="([^"]+)"/g;

function decodeEntities(value: string): string {
  return value
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}

function idsOf(html: string): Set<string> {
  const ids = new Set<string>();
  for (const match of html.matchAll(/\s(?:id|name)="([^"]+)"/g))
    ids.add(decodeEntities(match[1] ?? ''));
  return ids;
}

export async function crawl(origin: string, start: string): Promise<CrawlResult> {
  const status = new Map<string, number>();
  const pageIds = new Map<string, Set<string>>();
  const queue: string[] = [start];
  const referrers = new Map<string, string>();
  const anchorLinks: Array<{ target: string; anchor: string; from: string }> = [];
  let pages = 0;

  while (queue.length > 0) {
    const path = queue.shift() as string;
    if (status.has(path)) continue;
    const response = await fetch(origin + path);
    status.set(path, response.status);
    const type = response.headers.get('content-type') ?? '';
    if (response.status !== 200 || !type.startsWith('text/html')) {
      await response.arrayBuffer();
      continue;
    }
    pages += 1;
    const html = await response.text();
    pageIds.set(path, idsOf(html));
    for (const match of html.matchAll(attribute)) {
      const raw = decodeEntities(match[1] ?? '');
      if (/^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(raw)) {
        // Absolute URLs: only our own origin counts as internal.
        if (!raw.startsWith(origin)) continue;
      }
      const url = new URL(raw, origin + path);
      if (url.origin !== origin) continue;
      const target = url.pathname;
      if (url.hash.length > 1)
        anchorLinks.push({ target, anchor: decodeURIComponent(url.hash.slice(1)), from: path });
      if (!status.has(target) && !referrers.has(target)) {
        referrers.set(target, path);
        queue.push(target);
      }
    }
  }

  const broken = [...status]
    .filter(([, code]) => code !== 200)
    .map(([target, code]) => `${target} (${code}) <- ${referrers.get(target) ?? '(start)'}`);
  const missingAnchors = anchorLinks
    .filter(
      ({ target, anchor }) =>
        status.get(target) === 200 && pageIds.has(target) && !pageIds.get(target)?.has(anchor),
    )
    .map(({ target, anchor, from }) => `${target}#${anchor} <- ${from}`);
  return { pages, broken, missingAnchors: [...new Set(missingAnchors)] };
}
