/**
 * Saving the audit report as CSV: the API answers the same search with `format=csv` (itself
 * audited), and the file is handed to the browser through a temporary object URL and link,
 * both dropped straight after, so no copy stays in the page.
 */
import { apiGet } from '../api/client';

export async function downloadCsv(path: string, filename: string): Promise<void> {
  const text = await apiGet<string>(path);
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 1_000);
  }
}
