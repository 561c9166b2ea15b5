/** A word stays as it is when the shell would not change it; otherwise it is single-quoted. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Shell words joined into one command line. */
export function shellLine(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}
