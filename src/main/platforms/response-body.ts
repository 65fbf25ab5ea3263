/**
 * Reads a provider reply's text once and its JSON if it has any, so the caller can both look inside
 * and rebuild the Response from the same text (a body can be read only once).
 */
export async function readTextAndJson(response: Response): Promise<{ text: string; json: unknown }> {
  const text = await response.text();
  try {
    return { text, json: JSON.parse(text) as unknown };
  } catch {
    return { text, json: undefined };
  }
}
