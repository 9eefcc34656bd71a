/** Let pending promise callbacks run (a send settling, a rejected send reaching its transaction); no time passes. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
