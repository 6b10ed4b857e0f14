// Rest.li protocol 2.0 writes structured query values as
// (key:value,list:List(a,b)). Reserved characters inside values are
// percent-encoded, so the structure is parsed first and leaves decoded after.

export function parseRestli(text) {
  let i = 0;
  const fail = (what) => {
    throw new SyntaxError(`rest.li: ${what} at offset ${i}`);
  };
  const leaf = () => {
    const start = i;
    while (i < text.length && !',():'.includes(text[i])) i++;
    return decodeURIComponent(text.slice(start, i));
  };
  const items = (item) => {
    const out = [];
    while (text[i] !== ')') {
      if (i >= text.length) fail('unterminated group');
      out.push(item());
      if (text[i] === ',') i++;
      else if (text[i] !== ')') fail("expected ',' or ')'");
    }
    i++;
    return out;
  };
  const entry = () => {
    const key = leaf();
    if (text[i++] !== ':') fail("expected ':'");
    return [key, value()];
  };
  const value = () => {
    if (text.startsWith('List(', i)) {
      i += 5;
      return items(value);
    }
    if (text[i] === '(') {
      i++;
      return Object.fromEntries(items(entry));
    }
    return leaf();
  };
  const result = value();
  if (i !== text.length) fail('trailing text');
  return result;
}

/**
 * A query parameter's raw value parsed as rest.li. Browsers leave "(" and ":"
 * as they are; clients that form-encode the whole value get decoded once.
 */
export function restliParam(search, name) {
  for (const part of search.replace(/^\?/, '').split('&')) {
    const eq = part.indexOf('=');
    if (eq < 0 || decodeURIComponent(part.slice(0, eq)) !== name) continue;
    let raw = part.slice(eq + 1);
    if (!raw.startsWith('(')) raw = decodeURIComponent(raw.replace(/\+/g, ' '));
    return parseRestli(raw);
  }
  return undefined;
}
