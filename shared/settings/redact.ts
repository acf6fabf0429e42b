/** Replaces the password of a redis:// or rediss:// URL with `***`, leaving the rest readable. */
export function redactUrl(url: string): string {
  return url.replace(/^(rediss?:\/\/)([^@/]*)@/i, (_m, scheme: string, cred: string) => {
    const colon = cred.indexOf(':');
    if (colon === -1) return `${scheme}***@`;
    return `${scheme}${cred.slice(0, colon)}:***@`;
  });
}

/** Redacts every occurrence of the given secrets (and credentials inside URLs) in a message. */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text.replace(/rediss?:\/\/[^\s'"]+/gi, (u) => redactUrl(u));
  for (const s of secrets) {
    if (s && s.length > 0) out = out.split(s).join('***');
  }
  return out;
}
